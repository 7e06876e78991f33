"""Review of yearly figures: approve locks, return asks for corrections, reopen unlocks; all audited."""

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.factories import create_archive, put_report, report_body

REPORT = "/api/v1/archives/HN-CS/reports/2023"


@pytest.fixture
def supervisor(client: TestClient, client_as: ClientFactory) -> TestClient:
    """Hunan's bureau (supervising Changsha), with Changsha's 2023 report submitted."""
    create_archive(client, "HN", level="provincial")
    create_archive(client, "HN-CS", parent_code="HN")
    put_report(client_as("admin", name="data.entry"), "HN-CS", 2023, holdings=1000, digitized=400)
    return client_as("supervisor", "HN", name="hn.bureau")


@pytest.fixture
def reporter(supervisor: TestClient, client_as: ClientFactory) -> TestClient:  # noqa: ARG001 (the supervisor token first)
    return client_as("reporter", "HN-CS", name="cs.clerk")


def trail(client: TestClient, action: str) -> list[dict]:
    return client.get("/api/v1/audit", params={"archive_code": "HN-CS", "year": 2023, "action": action}).json()["items"]


class TestApproveReturnReopen:
    def test_approve_then_locked_then_reopen_then_write_each_step_audited(
        self, client: TestClient, supervisor: TestClient, reporter: TestClient
    ) -> None:
        approved = supervisor.post(f"{REPORT}/approve", json={"comment": "核对无误"})
        assert approved.status_code == 200
        assert (approved.json()["status"], approved.json()["reviewed_by"]) == ("approved", "hn.bureau")

        refused = reporter.put(REPORT, json=report_body(1000, 450))
        assert refused.status_code == 409
        assert refused.json()["error"] == "ReportLocked"
        assert client.get(REPORT).json()["digitized_volumes"] == 400

        reopened = supervisor.post(f"{REPORT}/reopen", json={"comment": "馆方申请更正"})
        assert reopened.status_code == 200
        assert reopened.json()["status"] == "submitted"

        accepted = reporter.put(REPORT, json=report_body(1000, 450))
        assert accepted.status_code == 200
        assert (accepted.json()["digitized_volumes"], accepted.json()["revision"]) == (450, 2)

        [approve] = trail(client, "report.approve")
        assert (approve["actor"], approve["actor_role"]) == ("hn.bureau", "supervisor")
        assert (approve["before"]["status"], approve["after"]["status"]) == ("submitted", "approved")
        assert approve["after"]["review_comment"] == "核对无误"
        [reopen] = trail(client, "report.reopen")
        assert (reopen["before"]["status"], reopen["after"]["status"]) == ("approved", "submitted")
        assert reopen["after"]["review_comment"] == "馆方申请更正"
        [replace] = trail(client, "report.replace")
        assert (replace["actor"], replace["actor_role"]) == ("cs.clerk", "reporter")
        assert (replace["before"]["digitized_volumes"], replace["after"]["digitized_volumes"]) == (400, 450)
        assert (replace["before"]["revision"], replace["after"]["revision"]) == (1, 2)

    def test_the_refused_write_left_no_trace(
        self, client: TestClient, supervisor: TestClient, reporter: TestClient
    ) -> None:
        supervisor.post(f"{REPORT}/approve")
        reporter.put(REPORT, json=report_body(1000, 450))
        assert trail(client, "report.replace") == []
        assert len(client.get(f"{REPORT}/revisions").json()["items"]) == 1

    def test_an_approved_report_is_locked_for_its_supervisor_too(self, supervisor: TestClient) -> None:
        supervisor.post(f"{REPORT}/approve")
        response = supervisor.put(REPORT, json=report_body(1000, 450))
        assert response.status_code == 409
        assert response.json()["error"] == "ReportLocked"

    def test_identical_figures_on_an_approved_report_change_nothing(
        self, supervisor: TestClient, reporter: TestClient
    ) -> None:
        supervisor.post(f"{REPORT}/approve")
        response = reporter.put(REPORT, json=report_body(1000, 400))
        assert response.status_code == 200
        assert (response.json()["status"], response.json()["revision"]) == ("approved", 1)

    def test_return_needs_a_comment_and_the_correction_resubmits(
        self, client: TestClient, supervisor: TestClient, reporter: TestClient
    ) -> None:
        assert supervisor.post(f"{REPORT}/return").status_code == 422
        assert supervisor.post(f"{REPORT}/return", json={"comment": ""}).status_code == 422
        returned = supervisor.post(f"{REPORT}/return", json={"comment": "数字化卷数与上年不符"})
        assert returned.status_code == 200
        assert (returned.json()["status"], returned.json()["review_comment"]) == ("returned", "数字化卷数与上年不符")
        corrected = reporter.put(REPORT, json=report_body(1000, 420))
        assert corrected.json()["status"] == "submitted"
        [entry] = trail(client, "report.return")
        assert (entry["before"]["status"], entry["after"]["status"]) == ("submitted", "returned")

    @pytest.mark.usefixtures("supervisor")
    def test_an_admin_can_approve_and_reopen(self, client: TestClient) -> None:
        assert client.post(f"{REPORT}/approve").json()["status"] == "approved"
        assert client.post(f"{REPORT}/reopen").json()["status"] == "submitted"

    def test_a_reporter_cannot_review_its_own_report(self, reporter: TestClient, client: TestClient) -> None:
        response = reporter.post(f"{REPORT}/approve")
        assert response.status_code == 403
        assert response.json()["error"] == "Forbidden"
        assert client.get(REPORT).json()["status"] == "submitted"


class TestStepsOutOfOrder:
    @pytest.mark.parametrize(
        "steps, refused",
        [(["approve"], "approve"), (["approve"], "return"), ([], "reopen"), (["return"], "return")],
        ids=["approve-twice", "return-approved", "reopen-submitted", "return-twice"],
    )
    def test_is_409_and_changes_nothing(
        self, client: TestClient, supervisor: TestClient, steps: list[str], refused: str
    ) -> None:
        for step in steps:
            assert supervisor.post(f"{REPORT}/{step}", json={"comment": "意见"}).status_code == 200
        before = client.get(REPORT).json()
        response = supervisor.post(f"{REPORT}/{refused}", json={"comment": "意见"})
        assert response.status_code == 409
        assert response.json()["error"] == "InvalidReviewStep"
        assert client.get(REPORT).json() == before

    def test_a_returned_report_can_still_be_approved(self, supervisor: TestClient) -> None:
        supervisor.post(f"{REPORT}/return", json={"comment": "请核对"})
        assert supervisor.post(f"{REPORT}/approve").json()["status"] == "approved"

    def test_reviewing_a_missing_report_is_404(self, supervisor: TestClient) -> None:
        response = supervisor.post("/api/v1/archives/HN-CS/reports/2020/approve")
        assert response.status_code == 404
        assert response.json()["error"] == "ReportNotFound"

    def test_approving_a_revision_not_seen_is_412(self, client: TestClient, supervisor: TestClient) -> None:
        seen = supervisor.get(REPORT).headers["etag"]
        put_report(client, "HN-CS", 2023, holdings=1000, digitized=480)
        response = supervisor.post(f"{REPORT}/approve", headers={"If-Match": seen})
        assert response.status_code == 412
        assert response.json()["error"] == "PreconditionFailed"
        assert client.get(REPORT).json()["status"] == "submitted"
