"""A quick run on the demo seed (a minute, not the national country): Lantai's rates as ratios to the baseline.

    python bench/quick.py --backend sqlite --workers 2 --seconds 3

Serves Lantai and the baseline (bench/baseline_app.py) in turn, on one fresh
database seeded with `lantai seed --demo`, under the same load generator, and
prints the rates and the ratios. For when the machine is too busy for run.py.
"""

import argparse
import json
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import baseline_app
from bench.client import PlannedWrite, concurrent_writes, latency, rate
from bench.run import WRITERS, fresh_database, measure_baseline
from tests.harness import Server, lantai_command

ARCHIVE = "HN"


def lantai_writes(run: int, per_client: int) -> list[list[PlannedWrite]]:
    """32 clients replacing the reports of years of their own of one archive, every figure new."""
    batches = []
    for client in range(WRITERS):
        batch: list[PlannedWrite] = []
        for number in range(per_client):
            year = 1949 + (client * per_client + number) % 70
            body: dict[str, object] = {"holdings_volumes": 2_000_000, "digitized_volumes": run * 100_000 + number}
            batch.append((f"/api/v1/archives/{ARCHIVE}/reports/{year}", body, (str(year), number)))
        batches.append(batch)
    return batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--writes-per-client", type=int, default=20)
    parser.add_argument("--postgres-url")
    args = parser.parse_args()
    env = {"LANTAI_SECRET": secrets.token_urlsafe(32)}
    with fresh_database(args.backend, args.postgres_url) as url:
        lantai_command("migrate", database_url=url, env=env)
        lantai_command("seed", "--demo", database_url=url, env=env)
        token = lantai_command("token", "create", "--role", "admin", "--name", "bench", database_url=url, env=env)
        baseline_app.prepare(url)
        with Server(url, workers=args.workers, env=env) as server:
            cold = latency(server.url, token, "/api/v1/compliance?plan=FYP14&limit=1000", samples=5).first_ms
            paths = {
                "report": f"/api/v1/archives/{ARCHIVE}/reports/2024",
                "archive_compliance": f"/api/v1/archives/{ARCHIVE}/compliance?plan=FYP14",
            }
            rates = {
                name: rate(server.url, token, path, seconds=args.seconds, connections=WRITERS)
                for name, path in paths.items()
            }
            writes = concurrent_writes(server.url, token, lantai_writes(0, args.writes_per_client))
        with Server(url, workers=args.workers, env=env, asgi_app="bench.baseline_app:app") as server:
            baseline = measure_baseline(server, 0, args)
    row, post = baseline["rates"]["row"], baseline["writes"]["per_second"]
    figures = {
        "backend": args.backend,
        "workers": args.workers,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "cold_country_ms": round(cold),
        "baseline_row_get_per_s": round(row),
        "baseline_post_per_s": round(post),
        "report_get_per_s": round(rates["report"]),
        "report_get_ratio": round(rates["report"] / row, 3),
        "archive_compliance_per_s": round(rates["archive_compliance"]),
        "archive_compliance_ratio": round(rates["archive_compliance"] / row, 3),
        "put_per_s": round(writes.per_second),
        "put_ratio": round(writes.per_second / post, 3),
        "put_5xx": writes.server_errors,
        "put_refused_or_unanswered": writes.other_refusals + writes.unanswered,
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
