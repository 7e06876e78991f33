"""What a webhook costs a PUT (issue 22): the same PUTs with no webhook, and with one listening.

    python bench/webhooks.py --backend sqlite --samples 200

A fresh database seeded with `lantai seed --demo`, `lantai serve` (one worker) on 127.0.0.1,
and a receiver on 127.0.0.1 answering 204 (a process of its own), in two deployments:
- `separate`: the delivery worker runs as its own process (`lantai webhooks deliver`, the
  server with LANTAI_WEBHOOK_DELIVERY=false): what the request itself pays, its outbox row;
- `inside`: the worker runs as a thread of the serving process (the default), so its passes
  share that process's interpreter with the requests.
Each PUT changes a report (so each one writes, and with the webhook adds its outbox row). The
one-client figure is the median over `rounds` alternating blocks (no webhook, then one created
and listening, then deleted again), so that a machine whose load drifts weighs on both sides
alike; the 8-client figure is writes a second over `seconds`, without, with, and without again.
Goal: with a webhook, a PUT costs at most 10% more (delivery never runs in the request).
"""

import argparse
import multiprocessing
import os
import secrets
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import fresh_database
from tests.harness import BIN, Server, lantai_command

ARCHIVES = ("HN-CS", "HN-CS-LY", "HN-CS-CSX", "HN-ZZ", "HN-CD", "HN-CD-LL")


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        return


def puts(client: httpx.Client, samples: int, start: int) -> list[float]:
    timings = []
    for number in range(start, start + samples):
        code = ARCHIVES[number % len(ARCHIVES)]
        body = {"holdings_volumes": 1_000_000, "digitized_volumes": 100_000 + number % 800_000}
        began = time.perf_counter()
        answer = client.put(f"/api/v1/archives/{code}/reports/2026", json=body)
        timings.append((time.perf_counter() - began) * 1000)
        if answer.status_code not in (200, 201):
            raise RuntimeError(f"PUT {code}: {answer.status_code} {answer.text[:200]}")
    return timings


def rate(base: str, token: str, seconds: float, start: int) -> float:
    stop = time.monotonic() + seconds

    def client_loop(offset: int) -> int:
        done = 0
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
            while time.monotonic() < stop:
                puts(client, 1, start + offset * 100_000 + done)
                done += 1
        return done

    with ThreadPoolExecutor(8) as pool:
        return sum(pool.map(client_loop, range(8))) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--postgres-url")
    parser.add_argument("--worker", choices=("separate", "inside", "both"), default="both")
    args = parser.parse_args()
    # The receiver answers in a process of its own: in the bench's, its threads would take the
    # interpreter from the client whose PUTs are timed.
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    answering = multiprocessing.Process(target=receiver.serve_forever, daemon=True)
    answering.start()
    for worker in ("separate", "inside") if args.worker == "both" else (args.worker,):
        print(
            f"-- delivery worker {worker} the serving process"
            if worker == "inside"
            else "-- delivery worker in its own process"
        )
        report(*measure(args, worker, f"http://127.0.0.1:{receiver.server_address[1]}/hook"))
    answering.terminate()
    print("goal: at most 10% more per PUT with a webhook")


def measure(args: argparse.Namespace, worker: str, hook_url: str) -> tuple[float, float, float, float]:
    """(median PUT ms without, with; writes a second without, with) in one deployment."""
    env = {"LANTAI_SECRET": secrets.token_urlsafe(32), "LANTAI_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8"}
    if worker == "separate":
        env["LANTAI_WEBHOOK_DELIVERY"] = "false"
    hook = {"url": hook_url, "events": ["report.submitted", "compliance.status_changed"], "description": "bench"}
    with fresh_database(args.backend, args.postgres_url) as url:
        lantai_command("migrate", database_url=url, env=env)
        lantai_command("seed", "--demo", database_url=url, env=env)
        token = lantai_command("token", "create", "--role", "admin", "--name", "bench", database_url=url, env=env)
        deliverer = None
        if worker == "separate":
            deliverer = subprocess.Popen(
                [str(BIN / "lantai"), "webhooks", "deliver"],
                env={**os.environ, **env, "LANTAI_DATABASE_URL": url},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        try:
            with Server(url, workers=1, env=env) as server:
                auth = {"Authorization": f"Bearer {token}"}
                with httpx.Client(base_url=server.url, headers=auth, timeout=30) as client:
                    puts(client, 20, 0)  # warm up
                    without: list[float] = []
                    listened: list[float] = []
                    per_round = max(1, args.samples // args.rounds)
                    for number in range(args.rounds):
                        without += puts(client, per_round, 1_000 + number * per_round)
                        created = client.post("/api/v1/webhooks", json=hook)
                        created.raise_for_status()
                        puts(client, 5, 100_000 + number * 10)  # the worker wakes to its first events
                        listened += puts(client, per_round, 200_000 + number * per_round)
                        client.delete(f"/api/v1/webhooks/{created.json()['id']}").raise_for_status()
                    rate_before = rate(server.url, token, args.seconds, 2_000_000)
                    created = client.post("/api/v1/webhooks", json=hook)
                    created.raise_for_status()
                    rate_with = rate(server.url, token, args.seconds, 4_000_000)
                    client.delete(f"/api/v1/webhooks/{created.json()['id']}").raise_for_status()
                    rate_after = rate(server.url, token, args.seconds, 6_000_000)
        finally:
            if deliverer is not None:
                deliverer.terminate()
                deliverer.wait(timeout=30)
    return statistics.median(without), statistics.median(listened), (rate_before + rate_after) / 2, rate_with


def report(without: float, listened: float, rate_without: float, rate_with: float) -> None:
    print(f"{'PUT, one client (median ms)':<32} {without:>8.2f} -> {listened:>8.2f}  ({listened / without - 1:+.1%})")
    print(
        f"{'PUT, 8 clients (writes/s)':<32} {rate_without:>8.1f} -> {rate_with:>8.1f}  ({rate_with / rate_without - 1:+.1%})"
    )


if __name__ == "__main__":
    main()
