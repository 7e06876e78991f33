"""Rounds and plausibility checks at national scale, in one process on SQLite: what they add.

    python bench/rounds.py                 # about a minute
    python bench/rounds.py --samples 10

It writes the generated country (bench/generate.py: 3,266 archives, 18,999 reports)
straight into a fresh migrated SQLite database, then measures through the app (an
in-process client, so no network in the figures), as medians of --samples requests:
- a national round's progress (every archive expected, two levels of children) and its
  missing list: the whole cost is new, the goal is at most 100 ms;
- the whole country's compliance list with a round open for its year, against none:
  what the `not_reported` notices add;
- a dry run of a whole-country import (every archive's 2025 report, one file) with the
  plausibility checks and with them switched off: the goal is at most 1 s added.
"""

import argparse
import csv
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.cli import main as lantai
from app.config import Settings, get_settings
from app.db import open_session
from app.main import create_app
from app.models import ApiToken, Archive, Plan, Report, Target
from app.services.token_secrets import new_token, token_hash
from bench.generate import Country, generate

SECRET = "bench-rounds-secret-not-for-serving"
YEAR = 2025
ROUND = {"year": YEAR, "name": "2025年度档案数字化年报", "opens_on": "2026-01-01", "due_on": "2026-03-31"}


def median_ms(request: Callable[[], object], samples: int) -> tuple[float, float]:
    """The median wall time and the median CPU time of the process (every thread), after one warm-up.

    On a shared machine the wall time grows with the load; the CPU time much less."""
    request()
    wall, cpu = [], []
    for _ in range(samples):
        started, started_cpu = time.perf_counter(), time.process_time()
        request()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


@contextmanager
def country_app(country: Country) -> Iterator[TestClient]:
    """The app on a fresh SQLite database holding the country, and an admin's client."""
    with tempfile.TemporaryDirectory(prefix="lantai-bench-rounds-") as folder:
        url = f"sqlite:///{folder}/lantai.db"
        with mock.patch.dict("os.environ", {"LANTAI_DATABASE_URL": url, "LANTAI_SECRET": SECRET}):
            get_settings.cache_clear()
            lantai(["migrate"])
        get_settings.cache_clear()
        app = create_app(Settings(database_url=url, secret=SECRET))
        token = write_country(app.state.engine, country)
        with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
            yield client
        app.state.engine.dispose()


def write_country(engine: object, country: Country) -> str:
    token = new_token()
    session = open_session(engine, write=True)  # type: ignore[arg-type]
    try:
        session.add_all(Archive(**archive) for archive in country.archives)  # type: ignore[arg-type]
        session.add(Plan(**country.plan))  # type: ignore[arg-type]
        session.add_all(Target(plan_code=country.plan["code"], **target) for target in country.targets)  # type: ignore[arg-type]
        session.flush()
        for rows in country.reports.values():
            session.add_all(Report(submitted_by="bench", **row) for row in rows)  # type: ignore[arg-type]
        session.add(ApiToken(name="bench", role="admin", token_hash=token_hash(token, SECRET), created_by="bench"))
        session.commit()
    finally:
        session.close()
    return token


def year_csv(country: Country, year: int) -> bytes:
    rows = [row for rows in country.reports.values() for row in rows if row["year"] == year]
    keys = sorted({key for row in rows for key in row})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=keys)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def measure(client: TestClient, country: Country, samples: int) -> dict[str, tuple[float, float]]:
    figures: dict[str, tuple[float, float]] = {}
    compliance = "/api/v1/compliance?plan=FYP14&year=2025&limit=10000"
    figures["compliance, no round"] = median_ms(lambda: client.get(compliance), samples)
    created = client.post("/api/v1/rounds", json=ROUND).json()
    figures["round progress (national)"] = median_ms(
        lambda: client.get(f"/api/v1/rounds/{created['id']}/progress"), samples
    )
    figures["round missing list"] = median_ms(lambda: client.get(f"/api/v1/rounds/{created['id']}/missing"), samples)
    figures["compliance, round open"] = median_ms(lambda: client.get(compliance), samples)
    content = year_csv(country, YEAR)

    def dry_run() -> None:
        answer = client.post("/api/v1/imports/reports?dry_run=true", files={"file": ("country.csv", content)})
        assert answer.status_code == 200, answer.text

    runs = max(3, samples // 4)
    figures["import dry run (country), checks on"] = median_ms(dry_run, runs)
    with mock.patch("app.services.imports.service.row_warnings", lambda _session, _rows: []):
        figures["import dry run (country), checks off"] = median_ms(dry_run, runs)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    country = generate()
    with country_app(country) as client:
        figures = measure(client, country, args.samples)
    width = max(len(name) for name in figures)
    print(f"{'':<{width}}  {'wall ms':>9}  {'CPU ms':>9}")
    for name, (wall, cpu) in figures.items():
        print(f"{name:<{width}}  {wall:9.1f}  {cpu:9.1f}")
    for kind, column in (("wall", 0), ("CPU", 1)):
        notices = figures["compliance, round open"][column] - figures["compliance, no round"][column]
        checks = (
            figures["import dry run (country), checks on"][column]
            - figures["import dry run (country), checks off"][column]
        )
        progress = figures["round progress (national)"][column]
        print(
            f"{kind}: round progress {progress:.0f} ms (goal <= 100); notices add {notices:.0f} ms to the country's "
            f"compliance; the checks add {checks:.0f} ms to the import (goal <= 1000)"
        )


if __name__ == "__main__":
    main()
