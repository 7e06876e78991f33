"""No silent overwrite: a report's ETag is its revision; a PUT with a stale If-Match is 412 and changes nothing."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.factories import create_archive, put_report, report_body

REPORT = "/api/v1/archives/HN-CS/reports/2023"


@pytest.fixture(autouse=True)
def stored(client: TestClient) -> None:
    create_archive(client, "HN-CS")
    put_report(client, "HN-CS", 2023, holdings=1000, digitized=400)


def assert_unchanged(client: TestClient) -> None:
    report = client.get(REPORT).json()
    assert (report["revision"], report["digitized_volumes"]) == (1, 400)
    assert len(client.get(f"{REPORT}/revisions").json()) == 1
    assert client.get("/api/v1/audit", params={"action": "report.replace"}).json()["total"] == 0


class TestETag:
    def test_get_carries_the_revision_quoted(self, client: TestClient) -> None:
        assert client.get(REPORT).headers["etag"] == '"1"'

    def test_put_answers_the_new_revision(self, client: TestClient) -> None:
        assert client.put(REPORT, json=report_body(1000, 500)).headers["etag"] == '"2"'
        assert client.get(REPORT).headers["etag"] == '"2"'


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

    def test_at_the_same_moment_exactly_one_wins(self, client: TestClient, client_as: ClientFactory) -> None:
        officials = {name: client_as("reporter", "HN-CS", name) for name in ("zhang.san", "li.si")}
        figures = {"zhang.san": 450, "li.si": 480}
        seen = {name: official.get(REPORT).headers["etag"] for name, official in officials.items()}
        start = Barrier(len(officials))

        def write(name: str) -> int:
            start.wait()
            body = report_body(1000, figures[name])
            return officials[name].put(REPORT, json=body, headers={"If-Match": seen[name]}).status_code

        with ThreadPoolExecutor(max_workers=len(officials)) as pool:
            statuses = dict(zip(officials, pool.map(write, officials), strict=True))
        assert sorted(statuses.values()) == [200, 412]
        winner = next(name for name, status in statuses.items() if status == 200)
        stored = client.get(REPORT).json()
        assert (stored["digitized_volumes"], stored["submitted_by"], stored["revision"]) == (figures[winner], winner, 2)
        assert [r["digitized_volumes"] for r in client.get(f"{REPORT}/revisions").json()] == [400, figures[winner]]
