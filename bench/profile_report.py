"""A report's GET and PUT in one process on SQLite (the national country): their time, and where it goes.

    python bench/profile_report.py                     # medians, wall and CPU
    python bench/profile_report.py --profile put       # and yappi's top functions for the PUT (every thread)
    python bench/profile_report.py --other-writer      # another process writes a report before each PUT
    python bench/profile_report.py --phases            # and the thread CPU of the PUT route's write and answer

The country (bench/generate.py) is written straight into a fresh migrated database
(bench/rounds.py); the requests go through the app with an in-process client, so
no network is in the figures. A PUT replaces a county archive's 2025 report with
new figures each time, as bench/run.py's writers do. With --other-writer, a report of
another province is changed by another connection (as another worker would) before each
PUT: what this process keeps of the reports is then behind, as with several workers.
"""

import argparse
import itertools
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import generate
from bench.rounds import country_app, median_ms

ARCHIVE = "CN-43-01-01"
GET_PATH = f"/api/v1/archives/{ARCHIVE}/reports/2024"


OTHER = "CN-44-01-01"  # a county of another province (Guangdong)


def requests(client: TestClient, other_writer: bool = False) -> dict[str, Callable[[], object]]:
    counter = itertools.count(1)
    other = _other_writer(client) if other_writer else None

    def put() -> None:
        number = next(counter)
        if other is not None:
            other.execute(
                "UPDATE report SET catalog_entries = ? WHERE archive_code = ? AND year = 2024", (number, OTHER)
            )
        body = {"holdings_volumes": 2_000_000, "digitized_volumes": 100_000 + number}
        answer = client.put(f"/api/v1/archives/{ARCHIVE}/reports/2025", json=body)
        assert answer.status_code in (200, 201), answer.text

    def get() -> None:
        assert client.get(GET_PATH).status_code == 200

    return {"get": get, "put": put}


def _other_writer(client: TestClient) -> sqlite3.Connection:
    """A connection of its own to the app's SQLite file, committing each statement."""
    url = client.app.state.engine.url  # type: ignore[attr-defined]
    return sqlite3.connect(url.database, isolation_level=None, check_same_thread=False)


def phases(put: Callable[[], object], samples: int) -> None:
    """The thread CPU of the PUT route's two phases: its write (`_submit`, to the commit) and its
    answer (`_answer`: the ETag and the warnings), medians over the samples."""
    from app.api.routes import reports as routes

    spent: dict[str, list[float]] = {}

    def timed(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object) -> object:
            started = time.thread_time()
            try:
                return function(*args)
            finally:
                spent.setdefault(name, []).append((time.thread_time() - started) * 1000)

        return run

    with (
        mock.patch.object(routes, "_submit", timed("write (_submit)", routes._submit)),
        mock.patch.object(routes, "_answer", timed("answer (_answer)", routes._answer)),
    ):
        put()
        spent.clear()
        for _ in range(samples):
            put()
    for name, values in spent.items():
        print(f"put {name}: {statistics.median(values):.2f} ms thread CPU (median of {len(values)})")


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
    parser.add_argument("--phases", action="store_true", help="the thread CPU of the PUT's write and answer")
    parser.add_argument(
        "--other-writer", action="store_true", help="another connection writes a report before each PUT"
    )
    args = parser.parse_args()
    with country_app(generate()) as client:
        chosen = requests(client, args.other_writer)
        for name, request in chosen.items():
            wall, cpu = median_ms(request, args.samples)
            print(f"report {name}: {wall:.1f} ms wall, {cpu:.1f} ms CPU (median of {args.samples})")
        if args.phases:
            phases(chosen["put"], args.samples)
        if args.profile:
            profile(chosen[args.profile], args.samples, args.top)


if __name__ == "__main__":
    main()
