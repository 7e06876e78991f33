"""The country's compliance as of a past year, in that year's tree and in today's, in one process on SQLite.

    python bench/structure.py                 # about a minute
    python bench/structure.py --samples 10

It writes the generated country (bench/generate.py: 3,266 archives, 18,999 reports)
straight into a fresh migrated SQLite database, records through the API what a few years
of boundary changes look like (RENAMED counties renamed, MOVED counties moved to another
city of their province, MERGED pairs of counties merged, all in 2023), then measures
through the app (an in-process client, no network in the figures), as medians of --samples
requests after one warm-up (wall time, and the process's CPU time, steadier on a shared machine), the whole country's list (`limit=10000`) for 2022:
- structure=current: today's tree, 2022's figures carried through the merges;
- structure=as_of (the default): the tree of 31 December 2022, each archive on its own reports;
and, for scale, the same list for 2025 (today's tree: nothing changed since). The goal is
the past year's tree within 2x of the current tree's time. The first request of each (the
tree of the year built, the judgements made) is shown apart.
"""

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import Country, generate
from bench.rounds import country_app, median_ms

RENAMED, MOVED, MERGED = 60, 10, 20
CHANGED_ON = "2023-03-01"
PAST = "/api/v1/compliance?plan=FYP14&year=2022&limit=10000"


def timed_ms(request: Callable[[], object]) -> float:
    started = time.perf_counter()
    request()
    return (time.perf_counter() - started) * 1000


def record_changes(client: TestClient, country: Country) -> None:
    """Renames, moves between two cities of one province and merges of two counties, all in 2023."""
    counties = [archive for archive in country.archives if archive["level"] == "county"]
    cities: dict[str, list[str]] = {}
    for archive in country.archives:
        if archive["level"] == "municipal":
            cities.setdefault(str(archive["parent_code"]), []).append(str(archive["code"]))
    province_of = {str(a["code"]): str(a["parent_code"]) for a in country.archives if a["level"] == "municipal"}
    for county in counties[:RENAMED]:
        body = {"type": "rename", "name": f"{county['name']}（新）", "effective_date": CHANGED_ON}
        answer = client.post(f"/api/v1/archives/{county['code']}/events", json=body)
        assert answer.status_code in (200, 201), answer.text
    for county in counties[RENAMED : RENAMED + MOVED]:
        city = str(county["parent_code"])
        other = next(code for code in cities[province_of[city]] if code != city)
        body = {"type": "reparent", "parent_code": other, "effective_date": CHANGED_ON}
        answer = client.post(f"/api/v1/archives/{county['code']}/events", json=body)
        assert answer.status_code in (200, 201), answer.text
    untouched, used = counties[RENAMED + MOVED :], set()
    for county in untouched[::40][:MERGED]:
        sibling = next(
            c
            for c in untouched
            if c["parent_code"] == county["parent_code"] and c["code"] != county["code"] and c["code"] not in used
        )
        used |= {county["code"], sibling["code"]}
        body = {"sources": [county["code"], sibling["code"]], "into": county["code"], "effective_date": CHANGED_ON}
        answer = client.post("/api/v1/hierarchy/merges", json=body)
        assert answer.status_code in (200, 201), answer.text


def measure(client: TestClient, samples: int) -> dict[str, tuple[float, float, float]]:
    """Name -> (first request, median wall, median CPU of the process) in ms."""
    figures = {}
    for name, url in (
        ("2022, structure=current (today's tree)", f"{PAST}&structure=current"),
        ("2022, structure=as_of (2022's tree)", f"{PAST}&structure=as_of"),
        ("2025 (today's tree)", "/api/v1/compliance?plan=FYP14&year=2025&limit=10000"),
    ):

        def request(url: str = url) -> None:
            answer = client.get(url)
            assert answer.status_code == 200, answer.text[:300]

        figures[name] = (timed_ms(request), *median_ms(request, samples))
        assert client.get(url).json()["total"] > 3000  # the whole country, checked once (outside the timing)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    country = generate()
    with country_app(country) as client:
        record_changes(client, country)
        figures = measure(client, args.samples)
    width = max(len(name) for name in figures)
    print(f"{'':<{width}}  {'first ms':>9}  {'wall ms':>9}  {'CPU ms':>9}")
    for name, (first, wall, cpu) in figures.items():
        print(f"{name:<{width}}  {first:9.1f}  {wall:9.1f}  {cpu:9.1f}")
    past, today = figures["2022, structure=as_of (2022's tree)"], figures["2022, structure=current (today's tree)"]
    print(f"2022's tree / today's tree: wall {past[1] / today[1]:.2f}, CPU {past[2] / today[2]:.2f} (goal <= 2)")


if __name__ == "__main__":
    main()
