"""Who may import what: per row, by the trust rules; approved reports stay locked; templates per caller."""

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.factories import create_archive, put_report
from tests.imports.sheets import EN_HEADER, csv_bytes, upload, xlsx_rows

HEADER = EN_HEADER[:4]


@pytest.fixture(autouse=True)
def archives(client: TestClient) -> None:
    create_archive(client, "HN", name="湖南省档案馆", level="provincial")
    create_archive(client, "HN-CS", name="长沙市档案馆", parent_code="HN")
    create_archive(client, "HN-CS-LY", name="浏阳市档案馆", level="county", parent_code="HN-CS")
    create_archive(client, "HN-ZZ", name="株洲市档案馆", parent_code="HN")


def total_reports(client: TestClient) -> int:
    return sum(
        client.get(f"/api/v1/archives/{code}/reports").json()["total"] for code in ("HN", "HN-CS", "HN-CS-LY", "HN-ZZ")
    )


class TestImportPerRow:
    def test_supervisor_imports_its_subtree(self, client: TestClient, client_as: ClientFactory) -> None:
        supervisor = client_as("supervisor", "HN-CS", "zhang.san")
        response = upload(supervisor, csv_bytes([HEADER, ["HN-CS", 2023, 100, 50], ["HN-CS-LY", 2023, 100, 40]]))
        assert response.status_code == 200, response.text
        assert client.get("/api/v1/archives/HN-CS-LY/reports/2023").json()["submitted_by"] == "zhang.san"

    def test_supervisor_row_outside_its_subtree_refuses_the_whole_file(
        self, client: TestClient, client_as: ClientFactory
    ) -> None:
        supervisor = client_as("supervisor", "HN-CS")
        response = upload(supervisor, csv_bytes([HEADER, ["HN-CS", 2023, 100, 50], ["HN-ZZ", 2023, 100, 40]]))
        assert response.status_code == 422
        problems = response.json()["summary"]["problems"]
        assert [(p["row"], p["column"], p["value"], p["code"]) for p in problems] == [
            (3, "archive_code", "HN-ZZ", "forbidden")
        ]
        assert total_reports(client) == 0

    def test_reporter_imports_only_its_own_archive(self, client: TestClient, client_as: ClientFactory) -> None:
        reporter = client_as("reporter", "HN-CS-LY")
        assert upload(reporter, csv_bytes([HEADER, ["HN-CS-LY", 2023, 100, 40]])).status_code == 200
        response = upload(reporter, csv_bytes([HEADER, ["HN-CS", 2023, 100, 40]]), lang="zh")
        assert response.json()["summary"]["problems"][0]["code"] == "forbidden"
        assert "无权" in response.json()["summary"]["problems"][0]["message"]
        assert total_reports(client) == 1

    def test_viewer_may_not_import(self, client: TestClient, client_as: ClientFactory) -> None:
        response = upload(client_as("viewer"), csv_bytes([HEADER, ["HN", 2023, 100, 40]]))
        assert response.status_code == 403
        assert response.json()["error"] == "Forbidden"
        assert total_reports(client) == 0

    def test_without_a_token_is_401(self, anonymous_client: TestClient) -> None:
        response = upload(anonymous_client, csv_bytes([HEADER, ["HN", 2023, 100, 40]]))
        assert response.status_code == 401
        assert response.json()["error"] == "Unauthorized"


class TestApprovedReports:
    @pytest.fixture(autouse=True)
    def approved(self, client: TestClient, client_as: ClientFactory) -> None:
        put_report(client, "HN-CS", 2023, holdings=100, digitized=50)
        approver = client_as("admin", name="second-admin")  # four eyes: not the token that wrote it
        assert approver.post("/api/v1/archives/HN-CS/reports/2023/approve", json={}).status_code == 200

    def test_changing_an_approved_report_is_refused(self, client: TestClient) -> None:
        response = upload(client, csv_bytes([HEADER, ["HN-CS-LY", 2023, 100, 10], ["HN-CS", 2023, 100, 60]]))
        assert response.status_code == 422
        problems = response.json()["summary"]["problems"]
        assert [(p["row"], p["code"]) for p in problems] == [(3, "report_locked")]
        assert "approved" in problems[0]["message"]
        assert client.get("/api/v1/archives/HN-CS/reports/2023").json()["digitized_volumes"] == 50
        assert client.get("/api/v1/archives/HN-CS-LY/reports").json()["total"] == 0

    def test_sending_an_approved_report_unchanged_is_fine(self, client: TestClient) -> None:
        response = upload(client, csv_bytes([HEADER, ["HN-CS", 2023, 100, 50]]))
        assert response.status_code == 200
        assert response.json()["unchanged"] == 1
        assert client.get("/api/v1/archives/HN-CS/reports/2023").json()["status"] == "approved"


class TestImportAudit:
    def test_each_written_report_is_in_the_audit_trail_with_before_and_after(self, client: TestClient) -> None:
        put_report(client, "HN-CS", 2023, holdings=100, digitized=50)
        upload(client, csv_bytes([HEADER, ["HN-CS", 2023, 100, 70], ["HN-ZZ", 2023, 100, 40]]))
        entries = client.get("/api/v1/audit", params={"year": 2023}).json()["items"]
        by_key = {(e["action"], e["entity_key"]): e for e in entries}
        replaced = by_key[("report.replace", "HN-CS/2023")]
        assert (replaced["before"]["digitized_volumes"], replaced["after"]["digitized_volumes"]) == (50, 70)
        assert replaced["after"]["revision"] == 2 and replaced["actor"] == "test-admin"
        assert by_key[("report.create", "HN-ZZ/2023")]["after"]["rate_volumes_pct"] == 40.0

    def test_supervisor_sees_imported_writes_in_its_audit(self, client: TestClient, client_as: ClientFactory) -> None:
        upload(client, csv_bytes([HEADER, ["HN-CS-LY", 2023, 100, 40], ["HN-ZZ", 2023, 100, 40]]))
        entries = (
            client_as("supervisor", "HN-CS").get("/api/v1/audit", params={"action": "report.create"}).json()["items"]
        )
        assert [entry["entity_key"] for entry in entries] == ["HN-CS-LY/2023"]


class TestTemplateForCaller:
    def test_supervisor_template_lists_its_subtree(self, client_as: ClientFactory) -> None:
        rows = xlsx_rows(client_as("supervisor", "HN-CS").get("/api/v1/imports/reports/template.xlsx").content)
        assert [row[0] for row in rows[2:]] == ["HN-CS", "HN-CS-LY"]

    def test_reporter_template_lists_its_archive(self, client_as: ClientFactory) -> None:
        text = client_as("reporter", "HN-ZZ").get("/api/v1/imports/reports/template.csv").content.decode("utf-8-sig")
        assert [line.split(",")[0] for line in text.splitlines()[2:]] == ["HN-ZZ"]

    def test_viewer_gets_no_template(self, client_as: ClientFactory) -> None:
        assert client_as("viewer").get("/api/v1/imports/reports/template.xlsx").status_code == 403

    def test_an_imported_write_is_recorded_exactly_like_a_put(self, client: TestClient) -> None:
        for code in ("HN-CS", "HN-ZZ"):
            put_report(client, code, 2023, holdings=100, digitized=50)
        put_report(client, "HN-CS", 2023, holdings=100, digitized=70, holdings_pages=900)
        upload(client, csv_bytes([[*HEADER, "holdings_pages"], ["HN-ZZ", 2023, 100, 70, 900]]))
        entries = client.get("/api/v1/audit", params={"action": "report.replace"}).json()["items"]
        by_archive = {entry["archive_code"]: entry for entry in entries}
        varying = {"archive_code", "submitted_at", "created_at", "change_seq"}  # each change takes its own place

        def same(entry: dict, side: str) -> dict:
            return {key: value for key, value in entry[side].items() if key not in varying}

        assert same(by_archive["HN-CS"], "before") == same(by_archive["HN-ZZ"], "before")
        assert same(by_archive["HN-CS"], "after") == same(by_archive["HN-ZZ"], "after")
        revisions = [
            client.get(f"/api/v1/archives/{code}/reports/2023/revisions").json()["items"] for code in ("HN-CS", "HN-ZZ")
        ]
        assert [[(r["revision"], r["digitized_volumes"], r["holdings_pages"]) for r in rs] for rs in revisions] == [
            [(1, 50, None), (2, 70, 900)]
        ] * 2
