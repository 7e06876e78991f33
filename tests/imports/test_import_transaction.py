"""The import reads, parses and checks the file without the write lock, then writes in a transaction of its own.

What decided the write and may change between the check and the write (the token,
the scope of the rows, the stored reports) is read again inside the writing
transaction: a token revoked, an archive moved out of scope or a report approved
meanwhile is still caught, and nothing is written.
"""

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlalchemy.engine import make_url

from app.api.transactions import ReadThenWrite
from app.models import ApiToken, Archive, Report
from app.models.common import utcnow
from app.services.imports import service as imports
from tests.conftest import ClientFactory
from tests.databases import backend_name
from tests.factories import create_archive, put_report
from tests.faults.test_transaction_policy import lock_is_free
from tests.imports.sheets import EN_HEADER, csv_bytes, upload

sqlite_only = pytest.mark.skipif(backend_name() != "sqlite", reason="SQLite's write lock, seen from outside")
ROWS = [EN_HEADER, ["HN-CS", 2023, 1000, 400, None, None, None]]


@pytest.fixture
def world(client: TestClient) -> None:
    create_archive(client, "HN", level="provincial")
    create_archive(client, "HB", level="provincial")
    create_archive(client, "HN-CS", parent_code="HN")


def wrap(monkeypatch: pytest.MonkeyPatch, name: str, after: Callable[[], None]) -> list[Any]:
    """Run `after` once the import service's `name` has first returned (its results are kept)."""
    original = getattr(imports, name)
    results: list[Any] = []

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        results.append(original(*args, **kwargs))
        if len(results) == 1:
            after()
        return results[-1]

    monkeypatch.setattr(imports, name, wrapped)
    return results


def stored(engine: Engine, statement: Any) -> None:
    """A change committed by someone else, between the import's check and its write."""
    with engine.begin() as connection:
        connection.execute(statement)


@sqlite_only
class TestNoWriteLockWhileReading:
    @pytest.mark.usefixtures("world")
    def test_the_lock_is_free_while_the_file_is_parsed_and_checked_and_held_while_it_is_written(
        self, client: TestClient, database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        free: dict[str, object] = {}
        wrap(monkeypatch, "read_file", lambda: free.setdefault("parsing", lock_is_free(database_url)))
        wrap(monkeypatch, "check_import", lambda: free.setdefault("checking", lock_is_free(database_url)))
        original_write = imports.write_import

        def write_import(*args: Any, **kwargs: Any) -> Any:
            free["writing"] = lock_is_free(database_url)
            free["connections while writing"] = engine.pool.checkedout()  # type: ignore[attr-defined]
            return original_write(*args, **kwargs)

        monkeypatch.setattr(imports, "write_import", write_import)
        answer = upload(client, csv_bytes(ROWS))
        assert (answer.status_code, answer.json()["written"]) == (200, True)
        assert free == {"parsing": True, "checking": True, "writing": False, "connections while writing": 1}
        assert lock_is_free(database_url)

    @pytest.mark.usefixtures("world")
    def test_another_client_writes_while_a_file_is_being_read(
        self, client: TestClient, monkeypatch: pytest.MonkeyPatch, database_url: str
    ) -> None:
        # another writer commits in the middle of the parse, waiting for no lock: it fails if the import holds it
        def another_writer() -> None:
            connection = sqlite3.connect(make_url(database_url).database, isolation_level=None, timeout=0)
            try:
                connection.execute("UPDATE archive SET name = '湖北省档案馆（改）' WHERE code = 'HB'")
            finally:
                connection.close()

        wrap(monkeypatch, "read_file", another_writer)
        answer = upload(client, csv_bytes(ROWS))
        assert answer.status_code == 200 and answer.json()["written"] is True
        assert client.get("/api/v1/archives/HB").json()["name"] == "湖北省档案馆（改）"


class TestCheckedAgainWhenWriting:
    @pytest.mark.usefixtures("world")
    def test_a_token_revoked_between_the_check_and_the_write_is_refused(
        self, client: TestClient, client_as: ClientFactory, engine: Engine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        reporter = client_as("reporter", "HN-CS", name="cs.clerk")
        revoke = update(ApiToken).where(ApiToken.name == "cs.clerk").values(revoked_at=utcnow())
        wrap(monkeypatch, "check_import", lambda: stored(engine, revoke))
        answer = upload(reporter, csv_bytes(ROWS))
        assert (answer.status_code, answer.json()) == (
            401,
            {"error": "Unauthorized", "detail": "the token is unknown or revoked"},
        )
        assert client.get("/api/v1/archives/HN-CS/reports/2023").status_code == 404

    @pytest.mark.usefixtures("world")
    def test_an_archive_moved_out_of_scope_between_the_check_and_the_write_is_refused(
        self, client: TestClient, client_as: ClientFactory, engine: Engine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        supervisor = client_as("supervisor", "HN")
        move = update(Archive).where(Archive.code == "HN-CS").values(parent_code="HB")
        wrap(monkeypatch, "check_import", lambda: stored(engine, move))
        answer = upload(supervisor, csv_bytes(ROWS))
        assert (answer.status_code, answer.json()["error"]) == (422, "ImportRejected")
        assert [problem["code"] for problem in answer.json()["summary"]["problems"]] == ["forbidden"]
        assert client.get("/api/v1/archives/HN-CS/reports/2023").status_code == 404

    @pytest.mark.usefixtures("world")
    def test_a_report_approved_between_the_check_and_the_write_is_not_changed(
        self, client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        put_report(client, "HN-CS", 2023, holdings=1000, digitized=100)
        approve = update(Report).where(Report.archive_code == "HN-CS").values(status="approved")
        checked = wrap(monkeypatch, "check_import", lambda: stored(engine, approve))
        answer = upload(client, csv_bytes(ROWS))
        assert checked[0].outcome.written  # the check, before the approval, found nothing against it
        assert (answer.status_code, answer.json()["error"]) == (422, "ImportRejected")
        assert [problem["code"] for problem in answer.json()["summary"]["problems"]] == ["report_locked"]
        report = client.get("/api/v1/archives/HN-CS/reports/2023").json()
        assert (report["digitized_volumes"], report["revision"]) == (100, 1)

    @pytest.mark.usefixtures("world")
    def test_a_report_changed_between_the_check_and_the_write_is_merged_with_what_is_stored_then(
        self, client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        put_report(client, "HN-CS", 2023, holdings=1000, digitized=100, holdings_pages=5000)
        change = (
            update(Report)
            .where(Report.archive_code == "HN-CS")
            .values(holdings_pages=7000, revision=Report.revision + 1)
        )
        wrap(monkeypatch, "check_import", lambda: stored(engine, change))
        merge = [EN_HEADER, ["HN-CS", 2023, 1000, 400, None, None, None]]  # pages left blank: kept as stored
        answer = upload(client, csv_bytes(merge))
        assert (answer.status_code, answer.json()["written"]) == (200, True)
        report = client.get("/api/v1/archives/HN-CS/reports/2023").json()
        assert (report["digitized_volumes"], report["holdings_pages"], report["revision"]) == (400, 7000, 3)


@pytest.mark.usefixtures("world")
def test_only_an_import_that_writes_opens_a_write_transaction(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    original = ReadThenWrite.writing

    def writing(self: ReadThenWrite) -> Any:
        opened.append(self.request.url.query)
        return original(self)

    monkeypatch.setattr(ReadThenWrite, "writing", writing)
    dry_run = upload(client, csv_bytes(ROWS), dry_run=True)
    rejected = upload(client, csv_bytes([EN_HEADER, ["NOPE", 2023, 1000, 400, None, None, None]]))
    written = upload(client, csv_bytes(ROWS))
    assert [dry_run.status_code, rejected.status_code, written.status_code] == [200, 422, 200]
    assert opened == [""]
