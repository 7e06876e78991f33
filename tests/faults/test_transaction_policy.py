"""The transaction policy (app/db/__init__.py): declared intent, the write lock taken up front, the queue."""

import asyncio
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from starlette.routing import BaseRoute

from app.api.transactions import intent_declaration, reads, reads_then_writes, writes
from app.config import Settings
from app.db import Intent, open_session, session_scope
from app.main import create_app
from tests.databases import backend_name
from tests.factories import bearer, create_archive
from tests.imports.sheets import EN_HEADER, csv_bytes, upload

sqlite_only = pytest.mark.skipif(backend_name() != "sqlite", reason="the SQLite write lock and write queue")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
READ_ONLY_POSTS = {"what_if"}  # route names
READ_THEN_WRITE = {"import_reports", "console_import_confirm"}  # put_report, patch_report: one write
CONSOLE_READ_ONLY_POSTS = {
    "console_import_check"
}  # the console's dry run: a form post that only reads  # a read, then a write transaction of its own
REPORT = {"holdings_volumes": 1000, "digitized_volumes": 400}
WHAT_IF = "/api/v1/archives/LK/compliance/what-if"
ROWS = [EN_HEADER, ["LK", 2023, 1000, 400, None, None, None]]


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """Every route, including those of the routers included (FastAPI keeps those apart)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from api_routes(included.routes)
        elif isinstance(route, APIRoute):
            yield route


class TestDeclaredIntent:
    def test_every_route_declares_what_the_method_suggests_except_the_read_only_posts(self, app: FastAPI) -> None:
        declared = {
            (route.name, method): intent_declaration(route)
            for route in api_routes(app.routes)
            for method in route.methods
        }
        expected = {}
        for name, method in declared:
            if name in READ_ONLY_POSTS | CONSOLE_READ_ONLY_POSTS or method not in WRITE_METHODS:
                expected[name, method] = reads
            elif name in READ_THEN_WRITE:
                expected[name, method] = reads_then_writes
            else:
                expected[name, method] = writes
        assert declared == expected
        assert sum(method in WRITE_METHODS for _, method in declared) >= 12

    def test_a_route_that_declares_nothing_reads(self, app: FastAPI) -> None:
        health = next(route for route in api_routes(app.routes) if route.path == "/health")
        assert intent_declaration(health) is reads


@contextmanager
def write_lock_held(database_url: str) -> Iterator[None]:
    """Another process's writer holds SQLite's write lock while the block runs."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(make_url(database_url).database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        held.set()
        release.wait(30)
        connection.execute("COMMIT")
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(5)
    try:
        yield
    finally:
        release.set()
        holder.join()


@contextmanager
def client_with(database_url: str, token: str, **settings: object) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, **settings))  # type: ignore[arg-type]
    try:
        with TestClient(app, headers=bearer(token)) as client:
            yield client
    finally:
        app.state.engine.dispose()


def lock_is_free(database_url: str) -> bool:
    """True when another connection can take SQLite's write lock at once."""
    connection = sqlite3.connect(make_url(database_url).database, isolation_level=None, timeout=0)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()


@sqlite_only
class TestWriteLockTakenUpFront:
    def test_a_write_session_holds_the_lock_before_its_first_read(self, engine: Engine, database_url: str) -> None:
        session = open_session(engine, write=True)
        try:
            assert not lock_is_free(database_url)
        finally:
            session.close()
        assert lock_is_free(database_url)

    def test_a_read_session_leaves_the_lock_free(self, engine: Engine, database_url: str) -> None:
        with session_scope(engine, Intent.read) as session:
            session.connection()
            assert lock_is_free(database_url)


@sqlite_only
class TestReadOnlyPostsNeverTakeTheWriteLock:
    def test_what_if_and_dry_run_answer_while_another_writer_holds_the_lock(
        self, client: TestClient, database_url: str, admin_token: str
    ) -> None:
        create_archive(client, "LK", level="provincial")
        with (
            client_with(database_url, admin_token, sqlite_busy_timeout_ms=100, db_retry_attempts=1) as hasty,
            write_lock_held(database_url),
        ):
            what_if = hasty.post(WHAT_IF, params={"plan": "NONE"}, json={"reports": [{"year": 2024, **REPORT}]})
            dry_run = upload(hasty, csv_bytes(ROWS), dry_run=True)
            put = hasty.put("/api/v1/archives/LK/reports/2024", json=REPORT, headers={"Accept-Language": "zh"})
        assert what_if.json()["error"] == "PlanNotFound"  # it got as far as reading the plan
        assert (dry_run.status_code, dry_run.json()["dry_run"]) == (200, True)
        assert (put.status_code, put.json()["error"], put.headers["Retry-After"]) == (503, "DatabaseUnavailable", "1")
        assert put.json()["detail"] == "数据库繁忙，请稍后再试"
        assert client.get("/api/v1/archives/LK/reports/2024").status_code == 404


@sqlite_only
class TestWriteQueue:
    def test_a_writer_waits_its_turn_then_answers_503_in_the_clients_language(
        self, client: TestClient, database_url: str, admin_token: str
    ) -> None:
        create_archive(client, "LK", level="provincial")
        with client_with(database_url, admin_token, sqlite_busy_timeout_ms=200) as queued:
            turn = queued.app.state.writer_turn = asyncio.Lock()  # type: ignore[attr-defined]
            assert asyncio.run(turn.acquire())  # an earlier writer of this worker still runs
            started = time.monotonic()
            put = queued.put("/api/v1/archives/LK/reports/2024", json=REPORT, headers={"Accept-Language": "zh"})
            waited = time.monotonic() - started
            dry_run = upload(queued, csv_bytes(ROWS), dry_run=True)
            read = queued.get("/api/v1/archives/LK")
        assert (put.status_code, put.json()) == (
            503,
            {"error": "DatabaseUnavailable", "detail": "数据库繁忙，请稍后再试"},
        )
        assert put.headers["Retry-After"] == "1"
        assert 0.2 <= waited < 5
        assert (dry_run.status_code, read.status_code) == (200, 200)
        assert client.get("/api/v1/archives/LK/reports/2024").status_code == 404
