"""No silent overwrite: a report's ETag is its revision; a PUT with a stale If-Match is 412 and changes nothing."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, Thread

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app import errors
from app.db import open_session
from app.domain.report_lifecycle import WriteMode
from app.models.common import utcnow
from app.models.report import ReportFigures
from app.services.archives import get_archive
from app.services.reports import service as reports
from app.services.reports.service import RevisionPrecondition
from app.services.reports.writer import WriteRequest, write_report
from tests.conftest import ClientFactory, TokenFactory
from tests.factories import bearer, create_archive, put_report, report_body

REPORT = "/api/v1/archives/HN-CS/reports/2023"


@pytest.fixture(autouse=True)
def stored(client: TestClient) -> None:
    create_archive(client, "HN-CS")
    put_report(client, "HN-CS", 2023, holdings=1000, digitized=400)


def assert_unchanged(client: TestClient) -> None:
    report = client.get(REPORT).json()
    assert (report["revision"], report["digitized_volumes"]) == (1, 400)
    assert len(client.get(f"{REPORT}/revisions").json()["items"]) == 1
    assert client.get("/api/v1/audit", params={"action": "report.replace"}).json()["total"] == 0


class TestETag:
    def test_get_carries_the_revision_quoted(self, client: TestClient) -> None:
        assert client.get(REPORT).headers["etag"].startswith('"1.')

    def test_put_answers_the_new_revision(self, client: TestClient) -> None:
        assert client.put(REPORT, json=report_body(1000, 500)).headers["etag"] == '"2"'
        assert client.get(REPORT).headers["etag"].startswith('"2.')


class TestIfMatch:
    @pytest.mark.parametrize("if_match", ['"1"', 'W/"1"', '"7", "1"', "*"], ids=["strong", "weak", "list", "any"])
    def test_the_current_revision_is_accepted(self, client: TestClient, if_match: str) -> None:
        response = client.put(REPORT, json=report_body(1000, 500), headers={"If-Match": if_match})
        assert response.status_code == 200
        assert response.json()["revision"] == 2

    @pytest.mark.parametrize("if_match", ['"2"', '"0"', "1", "garbage"], ids=["ahead", "behind", "unquoted", "garbage"])
    def test_any_other_is_412_and_nothing_changes(self, client: TestClient, if_match: str) -> None:
        response = client.put(REPORT, json=report_body(1000, 500), headers={"If-Match": if_match})
        assert response.status_code == 412
        assert response.json()["error"] == "PreconditionFailed"
        assert_unchanged(client)

    @pytest.mark.parametrize("if_match", ['"1"', "*"])
    def test_a_missing_report_matches_nothing(self, client: TestClient, if_match: str) -> None:
        response = client.put("/api/v1/archives/HN-CS/reports/2024", json=report_body(), headers={"If-Match": if_match})
        assert response.status_code == 412
        assert client.get("/api/v1/archives/HN-CS/reports/2024").status_code == 404


class TestTwoOfficialsEditingAtOnce:
    def test_both_read_both_write_the_second_is_told(self, client: TestClient, client_as: ClientFactory) -> None:
        zhang, li = client_as("reporter", "HN-CS", "zhang.san"), client_as("reporter", "HN-CS", "li.si")
        seen_by_zhang, seen_by_li = zhang.get(REPORT).headers["etag"], li.get(REPORT).headers["etag"]
        assert zhang.put(REPORT, json=report_body(1000, 450), headers={"If-Match": seen_by_zhang}).status_code == 200
        response = li.put(REPORT, json=report_body(1000, 480), headers={"If-Match": seen_by_li})
        assert response.status_code == 412
        stored = client.get(REPORT).json()
        assert (stored["digitized_volumes"], stored["submitted_by"], stored["revision"]) == (450, "zhang.san", 2)

    def test_at_the_same_moment_exactly_one_wins(self, client: TestClient, token_for: TokenFactory) -> None:
        officials = {name: bearer(token_for("reporter", "HN-CS", name)) for name in ("zhang.san", "li.si")}
        figures = {"zhang.san": 450, "li.si": 480}
        seen = {name: client.get(REPORT, headers=headers).headers["etag"] for name, headers in officials.items()}
        start = Barrier(len(officials))

        def write(name: str) -> int:
            start.wait()
            headers = officials[name] | {"If-Match": seen[name]}
            return client.put(REPORT, json=report_body(1000, figures[name]), headers=headers).status_code

        with ThreadPoolExecutor(max_workers=len(officials)) as pool:
            statuses = dict(zip(officials, pool.map(write, officials), strict=True))
        assert sorted(statuses.values()) == [200, 412]
        winner = next(name for name, status in statuses.items() if status == 200)
        stored = client.get(REPORT).json()
        assert (stored["digitized_volumes"], stored["submitted_by"], stored["revision"]) == (figures[winner], winner, 2)
        assert [r["digitized_volumes"] for r in client.get(f"{REPORT}/revisions").json()["items"]] == [
            400,
            figures[winner],
        ]


class TestInTheDatabase:
    def test_a_second_writer_waits_for_the_first_then_sees_its_revision(self, engine: Engine) -> None:
        """The check holds without the HTTP layer: the row (PostgreSQL) or the database (SQLite) is locked."""
        seen_revision_1 = RevisionPrecondition(revisions=frozenset({1}))

        def write(session: Session, digitized: int) -> None:
            archive = get_archive(session, "HN-CS")
            figures = ReportFigures(holdings_volumes=1000, digitized_volumes=digitized)
            request = WriteRequest(
                archive, 2023, figures.model_dump(), WriteMode.replace, "tests", 2026, utcnow, seen_revision_1
            )
            write_report(session, request)

        outcome: list[str] = []

        def second_writer() -> None:
            session = open_session(engine, write=True)
            try:
                write(session, 480)
                session.commit()
                outcome.append("written")
            except errors.PreconditionFailed:
                outcome.append("PreconditionFailed")
            finally:
                session.close()

        first = open_session(engine, write=True)
        write(first, 450)
        second = Thread(target=second_writer)
        second.start()
        second.join(timeout=0.5)
        assert second.is_alive()
        first.commit()
        first.close()
        second.join(timeout=15)
        assert outcome == ["PreconditionFailed"]
        session = open_session(engine, write=False)
        assert reports.get_report(session, "HN-CS", 2023).digitized_volumes == 450
        session.close()
