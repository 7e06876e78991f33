"""Waiting on the database is bounded: a busy lock is waited out and retried, a full pool answers 503."""

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app.config import Settings
from app.main import create_app
from tests.databases import backend_name
from tests.factories import bearer, create_archive

REPORT = {"holdings_volumes": 1000, "digitized_volumes": 400}
sqlite_only = pytest.mark.skipif(backend_name() != "sqlite", reason="the SQLite write lock")


@contextmanager
def client_with(database_url: str, token: str, **settings: object) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, **settings))  # type: ignore[arg-type]
    try:
        with TestClient(app, headers=bearer(token)) as client:
            yield client
    finally:
        app.state.engine.dispose()


def hold_write_lock(database_url: str, seconds: float, until: threading.Event | None = None) -> threading.Thread:
    """Another process's writer: holds SQLite's write lock for `seconds` (with `until`: until it is set,
    `seconds` at most); returns once it holds it."""
    held = threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(make_url(database_url).database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        held.set()
        if until is None:
            time.sleep(seconds)
        else:
            until.wait(seconds)
        connection.execute("COMMIT")
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    return holder


@sqlite_only
class TestSqliteWriteLock:
    def test_a_write_waits_out_a_lock_held_past_the_busy_timeout(
        self, client: TestClient, database_url: str, admin_token: str
    ) -> None:
        create_archive(client, "LK", level="provincial")
        with client_with(database_url, admin_token, sqlite_busy_timeout_ms=200, db_retry_attempts=3) as patient:
            assert patient.get("/api/v1/archives/LK").status_code == 200  # its routes built before the lock is taken
            holder = hold_write_lock(database_url, 0.3)
            response = patient.put("/api/v1/archives/LK/reports/2024", json=REPORT)
            holder.join()
        assert response.status_code == 201, response.text
        assert client.get("/api/v1/archives/LK/reports/2024").json()["digitized_volumes"] == 400

    def test_a_lock_held_past_every_retry_answers_503_not_database_is_locked(
        self, client: TestClient, database_url: str, admin_token: str
    ) -> None:
        create_archive(client, "LK", level="provincial")
        with client_with(database_url, admin_token, sqlite_busy_timeout_ms=100, db_retry_attempts=2) as hasty:
            assert hasty.get("/api/v1/archives/LK").status_code == 200  # its routes built before the lock is taken
            answered = threading.Event()  # the lock is held until the answer, however slow the machine
            holder = hold_write_lock(database_url, 30.0, until=answered)
            response = hasty.put("/api/v1/archives/LK/reports/2024", json=REPORT)
            answered.set()
            holder.join()
        assert (response.status_code, response.json().get("error")) == (503, "DatabaseUnavailable"), response.text
        assert "locked" not in response.text
        assert client.get("/api/v1/archives/LK/reports/2024").status_code == 404


class TestConnectionPool:
    def test_a_request_that_finds_the_pool_used_up_answers_503_after_the_pool_timeout(
        self, database_url: str, admin_token: str
    ) -> None:
        limits = {"db_pool_size": 1, "db_max_overflow": 0, "db_pool_timeout_seconds": 0.5}
        with client_with(database_url, admin_token, **limits) as client:
            engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
            with engine.connect():
                started = time.monotonic()
                response = client.get("/api/v1/archives")
                waited = time.monotonic() - started
            assert (response.status_code, response.json().get("error")) == (503, "DatabaseUnavailable"), response.text
            assert 0.5 <= waited < 5
            assert client.get("/api/v1/archives").status_code == 200
