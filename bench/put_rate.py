"""A report's PUT rate beside the baseline's POST, over HTTP, on the national country (minutes, not run.py's hour).

    python bench/put_rate.py --backend sqlite --workers 1,2 --writes-per-client 20
    python bench/put_rate.py --backend postgres --postgres-url postgresql+psycopg://postgres@127.0.0.1:55432/postgres

The country (bench/generate.py) is written straight into a fresh migrated database
(bench/rounds.py), not loaded through the API; then for each worker count `lantai serve`
takes bench/run.py's writes (32 clients replacing the 2025 report of county archives, every
figure new), and the baseline (bench/baseline_app.py) the same number of POSTs from 32
clients. Prints PUT/s, POST/s, their ratio, and the writes lost (acknowledged, not stored).
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.config import Settings
from app.db import make_engine
from bench import baseline_app
from bench.client import concurrent_writes
from bench.generate import generate
from bench.rounds import SECRET, write_country
from bench.run import baseline_writes, fresh_database, planned_writes, stored_writes
from tests.harness import Server, lantai_command


def _spies(server: Server, folder: str, name: str) -> list[subprocess.Popen[bytes]]:
    """py-spy recording each of the server's workers (idle threads left out), until interrupted."""
    spy = str(Path(sys.executable).parent / "py-spy")
    return [
        subprocess.Popen(
            [spy, "record", "--gil", "--format", "raw", "-r", "100", "-o", f"{folder}/{name}-{pid}", "-p", str(pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in server.worker_pids()
    ]


def _cpu_seconds(pids: list[int]) -> float:
    """The CPU time the processes have used so far (user and system), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / ticks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--writes-per-client", type=int, default=20)
    parser.add_argument("--postgres-url")
    parser.add_argument("--spy", help="a folder: py-spy records each worker during the PUTs (collapsed stacks)")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    env = {"LANTAI_SECRET": SECRET}
    country = generate()
    with fresh_database(args.backend, args.postgres_url) as url:
        lantai_command("migrate", database_url=url, env=env)
        engine = make_engine(Settings(database_url=url, secret=SECRET))
        token = write_country(engine, country)
        engine.dispose()
        baseline_app.prepare(url)
        for run, workers in enumerate(int(n) for n in args.workers.split(",")):
            with Server(url, workers=workers, env=env) as server:
                spies = _spies(server, args.spy, f"{args.backend}-{workers}") if args.spy else []
                cpu_before = _cpu_seconds(server.worker_pids())
                writes = concurrent_writes(server.url, token, planned_writes(country, run, args.writes_per_client))
                cpu = _cpu_seconds(server.worker_pids()) - cpu_before
                for spy in spies:
                    spy.send_signal(signal.SIGINT)
                    spy.wait(timeout=30)
            lost = set(writes.acknowledged) - stored_writes(url)
            posts = writes
            if not args.no_baseline:
                with Server(url, workers=workers, env=env, asgi_app="bench.baseline_app:app") as server:
                    planned = baseline_writes(run, args.writes_per_client)
                    posts = concurrent_writes(server.url, "", planned, method="POST")
            figures = {
                "backend": args.backend,
                "workers": workers,
                "when": time.strftime("%H:%M:%S"),
                "put_per_s": round(writes.per_second, 1),
                "post_per_s": round(posts.per_second, 1),
                "ratio": round(writes.per_second / posts.per_second, 3),
                "worker_cpu_ms_per_put": round(cpu * 1000 / max(1, writes.sent), 1),
                "sent": writes.sent,
                "acknowledged": len(writes.acknowledged),
                "5xx": writes.server_errors,
                "other": writes.other_refusals,
                "lost": len(lost),
            }
            print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
