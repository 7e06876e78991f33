"""A report's PUT and PATCH: one write transaction, in which everything that decides the write is read.

The token, the archive and the caller's scope are read inside the transaction that writes
(no early read of its own): a token revoked or an archive moved out of scope before that
transaction began is caught, and nothing is written. The route commits, and the answer's
warnings are read after the commit, the lock free.
"""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from app.api import permissions
from app.api import transactions as request_transactions
from app.api.routes import reports as report_routes
from app.db import Intent
from app.models import ApiToken, Archive
from app.models.common import utcnow
from tests.conftest import ClientFactory
from tests.databases import backend_name
from tests.factories import create_archive, put_report, report_body
from tests.faults.test_transaction_policy import lock_is_free

sqlite_only = pytest.mark.skipif(backend_name() != "sqlite", reason="SQLite's write lock, seen from outside")
PATH = "/api/v1/archives/HN-CS/reports/2023"


@pytest.fixture
def world(client: TestClient) -> None:
    create_archive(client, "HN", level="provincial")
    create_archive(client, "HB", level="provincial")
    create_archive(client, "HN-CS", parent_code="HN")


def before_writing(monkeypatch: pytest.MonkeyPatch, change: Callable[[], None]) -> None:
    """Run `change` (someone else's committed write) once the request has come in, just before its
    write transaction begins (the request's one session, opened for its declared intent)."""
    original = request_transactions.session_scope

    def session_scope(engine: Engine, intent: Intent, **options: Any) -> Any:
        if intent is Intent.write:
            change()
        return original(engine, intent, **options)

    monkeypatch.setattr(request_transactions, "session_scope", session_scope)


def committed(engine: Engine, statement: Any) -> Callable[[], None]:
    def run() -> None:
        with engine.begin() as connection:
            connection.execute(statement)

    return run


@pytest.mark.usefixtures("world")
@sqlite_only
def test_the_lock_is_held_while_the_report_is_checked_and_written_and_free_while_its_warnings_are_read(
    client: TestClient, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    free: dict[str, bool] = {}
    check, submit, warnings = permissions.authorize, report_routes.write_report, report_routes.report_with_warnings

    def checking(*args: Any, **kwargs: Any) -> Any:
        free["checking"] = lock_is_free(database_url)
        return check(*args, **kwargs)

    def submitting(*args: Any, **kwargs: Any) -> Any:
        free["writing"] = lock_is_free(database_url)
        return submit(*args, **kwargs)

    def reading(*args: Any, **kwargs: Any) -> Any:
        free["warnings"] = lock_is_free(database_url)
        return warnings(*args, **kwargs)

    monkeypatch.setattr(permissions, "authorize", checking)
    monkeypatch.setattr(report_routes, "write_report", submitting)
    monkeypatch.setattr(report_routes, "report_with_warnings", reading)
    assert client.put(PATH, json=report_body(1000, 400)).status_code == 201
    assert free == {"checking": False, "writing": False, "warnings": True}
    assert client.patch(PATH, json={"digitized_volumes": 450}).status_code == 200
    assert free == {"checking": False, "writing": False, "warnings": True}
    assert lock_is_free(database_url)


@pytest.mark.usefixtures("world")
def test_the_answer_carries_the_warnings_of_what_was_just_written(client: TestClient) -> None:
    put_report(client, "HN-CS", 2022, holdings=1000, digitized=600)
    answer = client.put(PATH, json=report_body(1000, 400))
    assert answer.status_code == 201
    assert ("cumulative_decreased", "digitized_volumes") in [(w["code"], w["field"]) for w in answer.json()["warnings"]]
    patched = client.patch(PATH, json={"digitized_volumes": 700})
    assert patched.status_code == 200 and patched.json()["warnings"] == []


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_a_token_revoked_before_the_write_transaction_is_refused(
    method: str,
    client: TestClient,
    client_as: ClientFactory,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    put_report(client, "HN-CS", 2023, holdings=1000, digitized=100)
    reporter = client_as("reporter", "HN-CS", name="cs.clerk")
    before_writing(
        monkeypatch, committed(engine, update(ApiToken).where(ApiToken.name == "cs.clerk").values(revoked_at=utcnow()))
    )
    answer = reporter.request(method, PATH, json=report_body(1000, 400))
    assert (answer.status_code, answer.json()) == (
        401,
        {"error": "Unauthorized", "detail": "the token is unknown or revoked"},
    )
    stored = client.get(PATH).json()
    assert (stored["digitized_volumes"], stored["revision"]) == (100, 1)


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_an_archive_moved_out_of_scope_before_the_write_transaction_is_refused(
    method: str,
    client: TestClient,
    client_as: ClientFactory,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    put_report(client, "HN-CS", 2023, holdings=1000, digitized=100)
    supervisor = client_as("supervisor", "HN")
    before_writing(
        monkeypatch, committed(engine, update(Archive).where(Archive.code == "HN-CS").values(parent_code="HB"))
    )
    answer = supervisor.request(method, PATH, json=report_body(1000, 400))
    assert (answer.status_code, answer.json()["error"]) == (403, "Forbidden")
    stored = client.get(PATH).json()
    assert (stored["digitized_volumes"], stored["revision"]) == (100, 1)
    audit = client.get("/api/v1/audit", params={"archive_code": "HN-CS"}).json()
    assert [entry["action"] for entry in audit["items"] if entry["action"].startswith("report.")] == ["report.create"]
