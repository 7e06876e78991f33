"""The review queue and the CommentRequired rule through HTTP, with the audit rows checked."""

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.factories import put_report
from tests.rounds.world import build_archives, create_round

QUEUE = "/api/v1/review-queue"


@pytest.fixture
def bureau(client: TestClient, client_as: ClientFactory) -> TestClient:
    """Hunan's bureau; 2025 reports from HN-CS-A (a dropped digit), HN-CS-B, HN-ZZ and Hubei's HB-XY."""
    build_archives(client)
    for code in ("HN-CS-A", "HN-CS-B", "HN-ZZ", "HB-XY"):
        put_report(client, code, 2024, holdings=200_000, digitized=72_218 if code == "HN-CS-A" else 70_000)
    for code in ("HN-CS-B", "HN-CS-A", "HN-ZZ", "HB-XY"):
        put_report(client, code, 2025, holdings=200_000, digitized=7_728 if code == "HN-CS-A" else 75_000)
    return client_as("supervisor", "HN", name="hn.bureau")


def listed(answer: dict) -> list[tuple[str, int]]:
    return [(item["archive_code"], item["year"]) for item in answer["items"]]


class TestQueue:
    def test_the_bureau_sees_its_waiting_reports_oldest_first_with_warnings(self, bureau: TestClient) -> None:
        answer = bureau.get(QUEUE).json()
        assert listed(answer) == [
            ("HN-CS-A", 2024),
            ("HN-CS-B", 2024),
            ("HN-ZZ", 2024),
            ("HN-CS-B", 2025),
            ("HN-CS-A", 2025),
            ("HN-ZZ", 2025),
        ]
        assert answer["total"] == 6
        flagged = {item["archive_code"]: item["warnings"] for item in answer["items"] if item["year"] == 2025}
        assert [w["code"] for w in flagged["HN-CS-A"]][:2] == ["cumulative_decreased", "digit_slip"]
        assert flagged["HN-ZZ"] == []

    def test_a_page_is_cut_from_the_scope_in_order_and_counts_all_of_it(self, bureau: TestClient) -> None:
        second = bureau.get(QUEUE, params={"limit": 2, "offset": 2}).json()
        assert listed(second) == [("HN-ZZ", 2024), ("HN-CS-B", 2025)]
        assert (second["total"], second["limit"], second["offset"]) == (6, 2, 2)
        unflagged = bureau.get(QUEUE, params={"flagged": "false", "limit": 1, "offset": 1}).json()
        assert listed(unflagged) == [("HN-CS-B", 2024)] and unflagged["total"] == 5
        beyond = bureau.get(QUEUE, params={"offset": 6}).json()
        assert listed(beyond) == [] and beyond["total"] == 6

    def test_flagged_keeps_the_reports_with_warnings(self, bureau: TestClient) -> None:
        assert listed(bureau.get(QUEUE, params={"flagged": "true"}).json()) == [("HN-CS-A", 2025)]
        assert ("HN-CS-A", 2025) not in listed(bureau.get(QUEUE, params={"flagged": "false"}).json())

    def test_a_round_keeps_its_year_and_expected_archives(self, client: TestClient, bureau: TestClient) -> None:
        counties = create_round(client, under="HN", levels=["county"])
        assert listed(bureau.get(QUEUE, params={"round": counties["id"]}).json()) == [
            ("HN-CS-B", 2025),
            ("HN-CS-A", 2025),
        ]

    def test_under_narrows_to_a_city(self, bureau: TestClient) -> None:
        answer = bureau.get(QUEUE, params={"under": "HN-ZZ"}).json()
        assert listed(answer) == [("HN-ZZ", 2024), ("HN-ZZ", 2025)]

    def test_parent_code_keeps_the_archives_directly_below_one(self, bureau: TestClient) -> None:
        answer = bureau.get(QUEUE, params={"parent_code": "HN-CS"}).json()
        assert listed(answer) == [("HN-CS-A", 2024), ("HN-CS-B", 2024), ("HN-CS-B", 2025), ("HN-CS-A", 2025)]
        assert listed(bureau.get(QUEUE, params={"parent_code": "HN"}).json()) == [("HN-ZZ", 2024), ("HN-ZZ", 2025)]
        unknown = bureau.get(QUEUE, params={"parent_code": "NOPE"})
        assert (unknown.status_code, unknown.json()["error"]) == (404, "ArchiveNotFound")

    def test_approved_and_returned_reports_leave_the_queue_and_a_resubmission_comes_back(
        self, client: TestClient, bureau: TestClient
    ) -> None:
        assert bureau.post("/api/v1/archives/HN-ZZ/reports/2025/approve", json={"comment": "ok"}).status_code == 200
        returned = bureau.post("/api/v1/archives/HN-CS-B/reports/2025/return", json={"comment": "请核对"})
        assert returned.status_code == 200
        assert [row for row in listed(bureau.get(QUEUE).json()) if row[1] == 2025] == [("HN-CS-A", 2025)]
        put_report(client, "HN-CS-B", 2025, holdings=200_000, digitized=76_000)
        assert [row for row in listed(bureau.get(QUEUE).json()) if row[1] == 2025] == [
            ("HN-CS-A", 2025),
            ("HN-CS-B", 2025),
        ]

    def test_a_bureau_outside_the_archive_or_a_reporter_is_refused(
        self, bureau: TestClient, client_as: ClientFactory
    ) -> None:
        assert bureau.get(QUEUE, params={"under": "HB"}).status_code == 403
        assert client_as("reporter", "HN-CS-A").get(QUEUE).json()["error"] == "Forbidden"
        assert client_as("viewer").get(QUEUE).status_code == 403

    def test_an_unknown_round_is_404(self, bureau: TestClient) -> None:
        response = bureau.get(QUEUE, params={"round": 999})
        assert (response.status_code, response.json()["error"]) == (404, "RoundNotFound")


APPROVE = "/api/v1/archives/HN-CS-A/reports/2025/approve"


class TestCommentRequired:
    def test_approving_a_report_with_warnings_needs_a_comment(self, client: TestClient, bureau: TestClient) -> None:
        for body in (None, {}, {"comment": "  "}):
            response = bureau.post(APPROVE, json=body)
            assert (response.status_code, response.json()["error"]) == (422, "CommentRequired")
            assert "digit_slip" in response.json()["detail"]
        assert client.get("/api/v1/archives/HN-CS-A/reports/2025").json()["status"] == "submitted"
        assert client.get("/api/v1/audit", params={"action": "report.approve"}).json()["items"] == []

    def test_with_a_comment_it_is_approved_and_the_audit_keeps_the_comment(
        self, client: TestClient, bureau: TestClient
    ) -> None:
        response = bureau.post(APPROVE, json={"comment": "馆藏调整，已电话核实"})
        assert response.status_code == 200
        assert response.json()["status"] == "approved"
        assert response.json()["warnings"] != []
        [entry] = client.get("/api/v1/audit", params={"action": "report.approve", "archive_code": "HN-CS-A"}).json()[
            "items"
        ]
        assert (entry["actor"], entry["after"]["review_comment"]) == ("hn.bureau", "馆藏调整，已电话核实")

    def test_a_report_without_warnings_is_approved_without_a_comment(self, bureau: TestClient) -> None:
        assert bureau.post("/api/v1/archives/HN-ZZ/reports/2025/approve").status_code == 200

    def test_in_chinese(self, bureau: TestClient) -> None:
        response = bureau.post(APPROVE, headers={"Accept-Language": "zh"})
        assert "审核通过须说明理由" in response.json()["detail"]


class TestReturnCitingWarnings:
    def test_a_return_cites_warning_codes_and_the_audit_keeps_them(
        self, client: TestClient, bureau: TestClient
    ) -> None:
        body = {"comment": "案卷数疑似少录一位", "warnings": ["digit_slip", "cumulative_decreased"]}
        response = bureau.post("/api/v1/archives/HN-CS-A/reports/2025/return", json=body)
        assert response.status_code == 200
        assert response.json()["review_comment"] == "案卷数疑似少录一位 [digit_slip, cumulative_decreased]"
        [entry] = client.get("/api/v1/audit", params={"action": "report.return"}).json()["items"]
        assert entry["after"]["review_comment"].endswith("[digit_slip, cumulative_decreased]")

    def test_an_unknown_code_is_refused_and_nothing_changes(self, client: TestClient, bureau: TestClient) -> None:
        body = {"comment": "?", "warnings": ["no_such_check"]}
        response = bureau.post("/api/v1/archives/HN-CS-A/reports/2025/return", json=body)
        assert (response.status_code, response.json()["error"]) == (422, "ValidationError")
        assert client.get("/api/v1/archives/HN-CS-A/reports/2025").json()["status"] == "submitted"
