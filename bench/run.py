"""Benchmark Lantai at national scale on SQLite and PostgreSQL, with 1 and 2 workers.

    python bench/run.py                      # everything (about 5 minutes on 2 cores)
    python bench/run.py --backends sqlite --workers 2 --seconds 3
    make bench BENCH_ARGS="--backends postgres"

It generates the country (bench/generate.py), loads it through the API's bulk
path into a fresh database (SQLite in a temporary folder; PostgreSQL in a
throwaway cluster it starts, or a server given by --postgres-url), starts
`lantai serve` on 127.0.0.1 and measures; it prints one table, says which goal
is met or missed, and writes the figures to bench/results/ as JSON.
"""

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import baseline_app, report
from bench.client import PlannedWrite, concurrent_writes, latency, rate
from bench.generate import Country, generate
from bench.load import load_country
from tests.harness import PostgresCluster, Server, lantai_command

RESULTS = Path(__file__).resolve().parent / "results"
WRITERS = 32
WRITE_YEAR = 2025
PROVINCE = "CN-44"
ONE_ARCHIVE = "CN-43-01-01"
COLD_YEAR = 2024  # the warm start judges FYP14 as of its default year, 2025: never as of this one


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--samples", type=int, default=40, help="requests per latency figure")
    parser.add_argument("--seconds", type=int, default=5, help="duration of each rate figure")
    parser.add_argument("--writes-per-client", type=int, default=100)
    parser.add_argument("--postgres-url", help="a server to create the database on, instead of a throwaway cluster")
    return parser.parse_args()


@contextmanager
def fresh_database(backend: str, postgres_url: str | None) -> Iterator[str]:
    """An empty database on the backend, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="lantai-bench-") as folder:
            yield f"sqlite:///{folder}/lantai.db"
        return
    if postgres_url:
        name = f"lantai_bench_{os.getpid()}"
        admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
        try:
            yield admin.url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            admin.dispose()
        return
    with PostgresCluster(settings={"max_connections": "200"}) as cluster:
        yield cluster.create_database("lantai_bench")


def planned_writes(country: Country, run: int, per_client: int) -> list[list[PlannedWrite]]:
    """32 clients, each replacing the WRITE_YEAR report of its own county archives, every figure new."""
    counties = [str(archive["code"]) for archive in country.archives if archive["level"] == "county"]
    batches = []
    for client in range(WRITERS):
        batch = []
        for number, code in enumerate(counties[client::WRITERS][:per_client]):
            digitized = run * 200_000 + client * 1_000 + number
            body: dict[str, object] = {"holdings_volumes": 2_000_000, "digitized_volumes": digitized}
            batch.append((f"/api/v1/archives/{code}/reports/{WRITE_YEAR}", body, (code, digitized)))
        batches.append(batch)
    return batches


def stored_writes(database_url: str) -> set[tuple[str, int]]:
    engine = create_engine(database_url)
    query = text("SELECT archive_code, digitized_volumes FROM report_revision WHERE year = :year")
    with engine.connect() as connection:
        stored = {(code, digitized) for code, digitized in connection.execute(query, {"year": WRITE_YEAR})}
    engine.dispose()
    return stored


def archives_answered(server: Server, token: str, path: str) -> int:
    """How many archives the answer holds (it must be the whole country, not a page of it)."""
    answer = httpx.get(server.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=120).json()
    if len(answer["items"]) != answer["total"]:
        raise RuntimeError(f"{path} answered {len(answer['items'])} of {answer['total']} archives")
    return len(answer["items"])


def first_request_ms(server: Server, token: str, year: int | None = None) -> float:
    """The first whole-country compliance a fresh worker answers (as of the year, else the plan's
    default), in milliseconds."""
    path = "/api/v1/compliance?plan=FYP14&limit=10000" + ("" if year is None else f"&year={year}")
    return latency(server.url, token, path, samples=2, warmup=0).first_ms


def measure(
    server: Server, token: str, country: Country, database_url: str, run: int, args: argparse.Namespace
) -> dict:
    """Every figure of one (database, workers) configuration."""
    everything = "/api/v1/compliance?plan=FYP14&limit=10000"
    figures: dict[str, object] = {"workers": server.workers}
    figures["country"] = latency(server.url, token, everything, samples=args.samples).__dict__
    figures["country"]["archives"] = archives_answered(server, token, everything)
    # Right after the start, a year the warm start did not prepare: the country judged from nothing
    # but the archives and the targets (the warm start read them).
    figures["country_cold_year_first_ms"] = first_request_ms(server, token, COLD_YEAR)
    one_province = f"{everything}&under={PROVINCE}"  # the province's archive and its whole subtree: 216
    figures["province"] = latency(server.url, token, one_province, samples=args.samples).__dict__
    figures["province"]["archives"] = archives_answered(server, token, one_province)
    paths = {
        "health": "/health",
        "archive_compliance": f"/api/v1/archives/{ONE_ARCHIVE}/compliance?plan=FYP14",
        "report": f"/api/v1/archives/{ONE_ARCHIVE}/reports/2024",
    }
    figures["rates"] = {
        name: rate(server.url, token, path, seconds=args.seconds, connections=WRITERS) for name, path in paths.items()
    }
    writes = concurrent_writes(server.url, token, planned_writes(country, run, args.writes_per_client))
    lost = set(writes.acknowledged) - stored_writes(database_url)
    figures["writes"] = {
        "sent": writes.sent,
        "acknowledged": len(writes.acknowledged),
        "per_second": writes.per_second,
        "server_errors": writes.server_errors,
        "other_refusals": writes.other_refusals,
        "unanswered": writes.unanswered,
        "lost": len(lost),
    }
    figures["peak_rss_mb"] = sorted(server.peak_rss_mb().values())
    return figures


def baseline_writes(run: int, per_client: int) -> list[list[PlannedWrite]]:
    """32 clients, each inserting rows of its own, every key new."""
    batches = []
    for client in range(WRITERS):
        batch: list[PlannedWrite] = []
        for number in range(per_client):
            key = f"w{run}-{client}-{number}"
            body: dict[str, object] = {"key": key, "name": f"row {key}", "value": number}
            batch.append(("/rows", body, (key, number)))
        batches.append(batch)
    return batches


def measure_baseline(server: Server, run: int, args: argparse.Namespace) -> dict:
    """The minimal app's row GET and validated POST, under the same load as Lantai's."""
    paths = {"health": "/health", "row": "/rows/row-7"}
    rates = {
        name: rate(server.url, "", path, seconds=args.seconds, connections=WRITERS) for name, path in paths.items()
    }
    writes = concurrent_writes(server.url, "", baseline_writes(run, args.writes_per_client), method="POST")
    return {
        "rates": rates,
        "writes": {"per_second": writes.per_second, "server_errors": writes.server_errors, "sent": writes.sent},
    }


def bench_backend(backend: str, country: Country, args: argparse.Namespace, env: dict[str, str]) -> dict:
    with fresh_database(backend, args.postgres_url) as url:
        lantai_command("migrate", database_url=url, env=env)
        baseline_app.prepare(url)
        token = lantai_command("token", "create", "--role", "admin", "--name", "bench", database_url=url, env=env)
        with Server(url, workers=2, env=env) as server:
            loading = load_country(server.url, token, country)
        print(f"{backend}: loaded in {sum(loading.values()):.1f} s {loading}", file=sys.stderr)
        runs = []
        for run, workers in enumerate(int(n) for n in args.workers.split(",")):
            with Server(url, workers=workers, env=env) as server:
                figures = measure(server, token, country, url, run, args)
            # The same first request from a worker that did not warm up: what judging the country costs.
            with Server(url, workers=workers, env={**env, "LANTAI_WARM_ON_START": "false"}) as server:
                figures["country_unwarmed_first_ms"] = first_request_ms(server, token)
            with Server(url, workers=workers, env=env, asgi_app="bench.baseline_app:app") as server:
                figures["baseline"] = measure_baseline(server, run, args)
            runs.append({"database": backend, **figures})
            print(f"{backend}, {workers} worker(s): done", file=sys.stderr)
        return {"database": backend, "load": loading, "runs": runs}


def main() -> None:
    args = parse_arguments()
    env = {"LANTAI_SECRET": secrets.token_urlsafe(32)}
    country = generate()
    started, load_before = time.time(), os.getloadavg()[0]
    backends = [bench_backend(name, country, args, env) for name in args.backends.split(",")]
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "seconds": round(time.time() - started),
        "machine": report.machine() | {"load_average_before": load_before, "load_average_after": os.getloadavg()[0]},
        "country": report.country_summary(country),
        "backends": backends,
    }
    results["goals"] = report.goals([run for backend in backends for run in backend["runs"]])
    print(report.table(results))
    RESULTS.mkdir(exist_ok=True)
    for name in (time.strftime("bench-%Y%m%d-%H%M%S.json"), "latest.json"):
        (RESULTS / name).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
