"""A connection that never finishes its headers or its body is not kept open."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from fastapi import FastAPI

from app.cli.server import CONNECTION_LIMITS
from app.config import Settings, get_settings
from app.main import create_app
from tests.live import free_socket


@contextmanager
def served_like_lantai_serve(app: FastAPI) -> Iterator[int]:
    """The app behind uvicorn with the connection limits `lantai serve` uses; yields the port."""
    sock = free_socket()
    config = uvicorn.Config(app, log_level="warning", lifespan="off", **CONNECTION_LIMITS)  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def closed_within(conn: socket.socket, seconds: float) -> tuple[bool, bytes]:
    """Whether the server closed the connection within `seconds`, and what it sent before."""
    conn.settimeout(seconds)
    received = b""
    try:
        while chunk := conn.recv(4096):
            received += chunk
    except TimeoutError:
        return False, received
    return True, received


@pytest.fixture
def quick_app(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    monkeypatch.setenv("LANTAI_HEADER_TIMEOUT_SECONDS", "0.5")
    get_settings.cache_clear()
    app = create_app(settings.model_copy(update={"body_timeout_seconds": 0.5}))
    yield app
    app.state.engine.dispose()
    get_settings.cache_clear()


def test_unfinished_headers_are_cut_off(quick_app: FastAPI) -> None:
    with served_like_lantai_serve(quick_app) as port:
        slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
        for conn in slow:
            conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        started = time.monotonic()
        assert all(closed_within(conn, 5)[0] for conn in slow)
        assert time.monotonic() - started < 5
        for conn in slow:
            conn.close()


def test_a_silent_connection_is_cut_off_too(quick_app: FastAPI) -> None:
    with served_like_lantai_serve(quick_app) as port, socket.create_connection(("127.0.0.1", port)) as conn:
        assert closed_within(conn, 5)[0]


def test_an_unfinished_body_answers_408(quick_app: FastAPI) -> None:
    with served_like_lantai_serve(quick_app) as port, socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(
            b"PUT /api/v1/archives/HN/reports/2023 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"holdings'
        )
        closed, answer = closed_within(conn, 5)
        assert answer.startswith(b"HTTP/1.1 408"), answer
        assert b'"error": "RequestTimeout"' in answer or b'"error":"RequestTimeout"' in answer


def test_a_stalled_body_is_answered_and_its_connection_closed_at_once(quick_app: FastAPI) -> None:
    """Not answered after a minute and closed five seconds later."""
    with served_like_lantai_serve(quick_app) as port, socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(
            b"POST /api/v1/archives HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 500\r\n\r\n{"code": "HN", '
        )
        started = time.monotonic()
        closed, answer = closed_within(conn, 3)
        assert closed and answer.startswith(b"HTTP/1.1 408"), answer
        assert b"connection: close" in answer.lower()
        assert time.monotonic() - started < 2.5


def test_the_body_deadline_is_twenty_seconds_by_default() -> None:
    assert Settings().body_timeout_seconds == 20


def test_a_prompt_request_is_served(quick_app: FastAPI) -> None:
    with served_like_lantai_serve(quick_app) as port, socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        closed, answer = closed_within(conn, 5)
        assert closed and answer.startswith(b"HTTP/1.1 200")
