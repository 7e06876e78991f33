"""What a webhook costs a PUT (issue 22): the same PUTs with no webhook, then with one listening.

    python bench/webhooks.py --backend sqlite --samples 200

A fresh database seeded with `lantai seed --demo`, `lantai serve` (one worker, its delivery
worker on) on 127.0.0.1, and a receiver on 127.0.0.1 answering 204. Each figure is the median
of `samples` PUTs in a row, each changing a report (so each one writes, and with the webhook
adds its outbox row); then the same with 8 clients at once for `seconds` (writes a second).
Goal: with a webhook, a PUT costs at most 10% more (delivery never runs in the request).
"""

import argparse
import secrets
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import fresh_database
from tests.harness import Server, lantai_command

ARCHIVES = ("HN-CS", "HN-CS-LY", "HN-CS-WC", "HN-ZZ", "HN-ZZ-YX", "HN-CS-NX")


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
        body = {"holdings_volumes": 1_000_000, "digitized_volumes": 100_000 + number}
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
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--postgres-url")
    args = parser.parse_args()
    env = {"LANTAI_SECRET": secrets.token_urlsafe(32), "LANTAI_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8"}
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    with fresh_database(args.backend, args.postgres_url) as url:
        lantai_command("migrate", database_url=url, env=env)
        lantai_command("seed", "--demo", database_url=url, env=env)
        token = lantai_command("token", "create", "--role", "admin", "--name", "bench", database_url=url, env=env)
        with Server(url, workers=1, env=env) as server:
            auth = {"Authorization": f"Bearer {token}"}
            with httpx.Client(base_url=server.url, headers=auth, timeout=30) as client:
                puts(client, 20, 0)  # warm up
                without = statistics.median(puts(client, args.samples, 1_000))
                rate_without = rate(server.url, token, args.seconds, 2_000_000)
                hook = {
                    "url": f"http://127.0.0.1:{receiver.server_address[1]}/hook",
                    "events": ["report.submitted", "compliance.status_changed"],
                    "description": "bench",
                }
                client.post("/api/v1/webhooks", json=hook).raise_for_status()
                puts(client, 20, 10_000)
                with_hook = statistics.median(puts(client, args.samples, 20_000))
                rate_with = rate(server.url, token, args.seconds, 4_000_000)
    receiver.shutdown()
    print(f"{'PUT, one client (median ms)':<32} {without:>8.2f} -> {with_hook:>8.2f}  ({with_hook / without - 1:+.1%})")
    print(
        f"{'PUT, 8 clients (writes/s)':<32} {rate_without:>8.1f} -> {rate_with:>8.1f}  ({rate_with / rate_without - 1:+.1%})"
    )
    print("goal: at most 10% more per PUT with a webhook")


if __name__ == "__main__":
    main()
