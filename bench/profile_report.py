"""A report's GET and PUT in one process on SQLite (the national country): their time, and where it goes.

    python bench/profile_report.py                     # medians, wall and CPU
    python bench/profile_report.py --profile put       # and yappi's top functions for the PUT (every thread)

The country (bench/generate.py) is written straight into a fresh migrated database
(bench/rounds.py); the requests go through the app with an in-process client, so
no network is in the figures. A PUT replaces a county archive's 2025 report with
new figures each time, as bench/run.py's writers do.
"""

import argparse
import itertools
import sys
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import generate
from bench.rounds import country_app, median_ms

ARCHIVE = "CN-43-01-01"
GET_PATH = f"/api/v1/archives/{ARCHIVE}/reports/2024"


def requests(client: TestClient) -> dict[str, Callable[[], object]]:
    counter = itertools.count(1)

    def put() -> None:
        number = next(counter)
        body = {"holdings_volumes": 2_000_000, "digitized_volumes": 100_000 + number}
        answer = client.put(f"/api/v1/archives/{ARCHIVE}/reports/2025", json=body)
        assert answer.status_code in (200, 201), answer.text

    def get() -> None:
        assert client.get(GET_PATH).status_code == 200

    return {"get": get, "put": put}


def profile(request: Callable[[], object], samples: int, top: int) -> None:
    import yappi  # a profiler of every thread (the route runs on the pool's): pip install yappi

    request()
    yappi.set_clock_type("cpu")  # the machine is shared: wall time grows with others' load
    yappi.start(builtins=False)
    for _ in range(samples):
        request()
    yappi.stop()
    stats = yappi.get_func_stats()
    stats.sort("ttot", "desc")
    print(f"{'ms/request (incl.)':>18} {'ms/request (own)':>16}  function")
    for entry in [entry for entry in stats if "/app/" in entry.module or "sqlalchemy" in entry.module][:top]:
        place = "/".join(Path(entry.module).parts[-2:]) + f":{entry.lineno} {entry.name}"
        print(f"{entry.ttot * 1000 / samples:18.2f} {entry.tsub * 1000 / samples:16.2f}  {place}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--profile", choices=["get", "put"])
    parser.add_argument("--top", type=int, default=60)
    args = parser.parse_args()
    with country_app(generate()) as client:
        chosen = requests(client)
        for name, request in chosen.items():
            wall, cpu = median_ms(request, args.samples)
            print(f"report {name}: {wall:.1f} ms wall, {cpu:.1f} ms CPU (median of {args.samples})")
        if args.profile:
            profile(chosen[args.profile], args.samples, args.top)


if __name__ == "__main__":
    main()
