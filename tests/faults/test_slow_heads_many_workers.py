"""`lantai serve --workers 2` closes connections whose request head never finishes, and keeps serving.

The head deadline (LANTAI_HEADER_TIMEOUT_SECONDS, app.serving) holds with several workers, not only one."""

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.harness import Server

HEADER_TIMEOUT_SECONDS = 2
SLOW_CLIENTS = 20


@pytest.fixture
def two_workers(database_url: str) -> Iterator[Server]:
    server = Server(database_url, workers=2, env={"LANTAI_HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT_SECONDS)})
    yield server
    server.stop()


def test_unfinished_heads_are_closed_and_the_workers_keep_serving(two_workers: Server) -> None:
    host, port = "127.0.0.1", two_workers.port
    slow = [socket.create_connection((host, port), timeout=5) for _ in range(SLOW_CLIENTS)]
    for connection in slow:
        connection.sendall(b"GET /health HTTP/1.1\r\nHost: lantai\r\n")  # the blank line never comes
    started, closed = time.monotonic(), 0
    for connection in slow:
        connection.settimeout(HEADER_TIMEOUT_SECONDS * 5)
        try:
            connection.recv(1024)  # b"" (closed) or a 408/400 answer: either way the server let go
            closed += 1
        except TimeoutError:
            pass
        finally:
            connection.close()
    assert closed == SLOW_CLIENTS
    assert time.monotonic() - started < HEADER_TIMEOUT_SECONDS * 5
    assert [httpx.get(f"{two_workers.url}/health", timeout=10).status_code for _ in range(4)] == [200] * 4
