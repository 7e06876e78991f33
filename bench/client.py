"""Load generators for the benchmarks: sequential latency, request rate, concurrent writes.

Rates come from `wrk` when it is installed (Debian: apt-get install wrk), else
from threads on http.client; writes always come from http.client threads, so
that every answer is counted and every acknowledged write can be looked for.
"""

import http.client
import json
import re
import shutil
import statistics
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

TIMEOUT = 60.0
PlannedWrite = tuple[str, dict[str, object], tuple[str, int]]  # path, body, what identifies the write


@dataclass
class Latency:
    """Latencies of one request repeated by one client, in milliseconds."""

    first_ms: float
    median_ms: float
    p99_ms: float
    samples: int
    body_bytes: int


@dataclass
class Writes:
    """What a burst of concurrent writes did."""

    sent: int
    acknowledged: list[tuple[str, int]]
    server_errors: int
    other_refusals: int
    unanswered: int
    seconds: float

    @property
    def per_second(self) -> float:
        return len(self.acknowledged) / self.seconds


class Connection:
    """One keep-alive HTTP/1.1 connection with the token."""

    def __init__(self, base_url: str, token: str) -> None:
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def request(self, method: str, path: str, body: object = None) -> tuple[int, bytes]:
        payload = None if body is None else json.dumps(body).encode()
        self.connection.request(method, path, body=payload, headers=self.headers)
        response = self.connection.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.connection.close()


def latency(base_url: str, token: str, path: str, *, samples: int, warmup: int = 3) -> Latency:
    """One client asking the same thing `warmup + samples` times in a row; the first is also kept apart."""
    connection = Connection(base_url, token)
    timings, size = [], 0
    try:
        for _ in range(warmup + samples):
            started = time.perf_counter()
            status, body = connection.request("GET", path)
            timings.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
            size = len(body)
    finally:
        connection.close()
    measured = timings[warmup:]
    p99 = statistics.quantiles(measured, n=100, method="inclusive")[98]
    return Latency(timings[0], statistics.median(measured), p99, len(measured), size)


def rate(base_url: str, token: str, path: str, *, seconds: float, connections: int) -> float:
    """Requests per second answered 200 with `connections` clients asking at once."""
    if shutil.which("wrk"):
        return _wrk_rate(base_url, token, path, seconds=seconds, connections=connections)
    return _threaded_rate(base_url, token, path, seconds=seconds, connections=connections)


def _wrk_rate(base_url: str, token: str, path: str, *, seconds: float, connections: int) -> float:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "-H",
        f"Authorization: Bearer {token}",
        base_url + path,
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    total = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if failed:
        raise RuntimeError(f"GET {path}: {failed.group(1)} answers were not 200 under load")
    return total


def _threaded_rate(base_url: str, token: str, path: str, *, seconds: float, connections: int) -> float:
    deadline = time.monotonic() + seconds
    counts = [0] * connections

    def ask(slot: int) -> None:
        connection = Connection(base_url, token)
        while time.monotonic() < deadline:
            status, body = connection.request("GET", path)
            if status != 200:
                raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
            counts[slot] += 1
        connection.close()

    started = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(ask, range(connections)))
    return sum(counts) / (time.monotonic() - started)


def concurrent_writes(base_url: str, token: str, batches: list[list[PlannedWrite]], *, method: str = "PUT") -> Writes:
    """Each batch is one client's writes (PUT, or `method`), sent one after the other, all clients at once."""
    acknowledged: list[tuple[str, int]] = []
    failures = {"5xx": 0, "other": 0, "no answer": 0}
    lock = threading.Lock()
    start = threading.Barrier(len(batches) + 1)

    def write(batch: list[PlannedWrite]) -> None:
        connection = Connection(base_url, token)
        start.wait()
        for path, body, key in batch:
            try:
                status, _ = connection.request(method, path, body)
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0
            with lock:
                if status in (200, 201):
                    acknowledged.append(key)
                else:
                    failures[_failure_kind(status)] += 1
        connection.close()

    threads = [threading.Thread(target=write, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    sent = sum(len(batch) for batch in batches)
    return Writes(sent, acknowledged, failures["5xx"], failures["other"], failures["no answer"], seconds)


def _failure_kind(status: int) -> str:
    if status == 0:
        return "no answer"
    return "5xx" if status >= 500 else "other"
