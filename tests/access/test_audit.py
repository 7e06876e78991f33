"""The audit trail: one row per write, with who, what, when and the values before and after; read only."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.factories import create_archive, create_plan, create_target, put_report, report_body

URL = "/api/v1/audit"


def entries(client: TestClient, **filters: object) -> list[dict]:
    response = client.get(URL, params=filters)
    assert response.status_code == 200, response.text
    return response.json()["items"]


@pytest.fixture
def hunan(client: TestClient, client_as: ClientFactory) -> None:
    """Hunan with Changsha below it, and Hubei elsewhere, each with a 2023 report (written with
    another admin token than `client`'s, so that `client` may approve them: four eyes)."""
    create_archive(client, "HN", level="provincial")
    create_archive(client, "HN-CS", parent_code="HN")
    create_archive(client, "HB", level="provincial")
    data_entry = client_as("admin", name="data.entry")
    for code in ("HN", "HN-CS", "HB"):
        put_report(data_entry, code, 2023)


class TestEveryWriteIsRecorded:
    """Each write adds exactly one row naming the token, its role, the request and the values."""

    @pytest.mark.usefixtures("hunan")
    @pytest.mark.parametrize(
        "method, path, body, action, key, archive, year, before, after",
        [
            (
                "POST",
                "/api/v1/archives",
                {"code": "HN-YY", "name": "岳阳市档案馆", "level": "municipal", "parent_code": "HN"},
                "archive.create",
                "HN-YY",
                "HN-YY",
                None,
                None,
                "name",
            ),
            (
                "PATCH",
                "/api/v1/archives/HN-CS",
                {"name": "长沙市档案馆"},
                "archive.update",
                "HN-CS",
                "HN-CS",
                None,
                "name",
                "name",
            ),
            ("DELETE", "/api/v1/archives/HN-XT", None, "archive.delete", "HN-XT", "HN-XT", None, "name", None),
            (
                "PUT",
                "/api/v1/archives/HN-CS/reports/2024",
                report_body(),
                "report.create",
                "HN-CS/2024",
                "HN-CS",
                2024,
                None,
                "digitized_volumes",
            ),
            (
                "PUT",
                "/api/v1/archives/HN-CS/reports/2023",
                report_body(1000, 600),
                "report.replace",
                "HN-CS/2023",
                "HN-CS",
                2023,
                "digitized_volumes",
                "digitized_volumes",
            ),
            (
                "POST",
                "/api/v1/archives/HN-CS/reports/2023/approve",
                None,
                "report.approve",
                "HN-CS/2023",
                "HN-CS",
                2023,
                "status",
                "status",
            ),
            (
                "POST",
                "/api/v1/archives/HN-CS/reports/2023/return",
                {"comment": "请核对"},
                "report.return",
                "HN-CS/2023",
                "HN-CS",
                2023,
                "status",
                "status",
            ),
            (
                "POST",
                "/api/v1/plans",
                {"code": "P15", "name": "十五五", "start_year": 2026, "end_year": 2030},
                "plan.create",
                "P15",
                None,
                None,
                None,
                "end_year",
            ),
            (
                "POST",
                "/api/v1/plans/FYP14/targets",
                {"rule": "reach_rate", "value": 70, "unit": "pct", "basis": "volumes", "archive_code": "HN-CS"},
                "target.create",
                None,
                "HN-CS",
                None,
                None,
                "value",
            ),
            (
                "POST",
                "/api/v1/tokens",
                {"role": "viewer", "name": "analyst"},
                "token.create",
                None,
                None,
                None,
                None,
                "role",
            ),
        ],
        ids=[
            "archive-create",
            "archive-update",
            "archive-delete",
            "report-create",
            "report-replace",
            "approve",
            "return",
            "plan-create",
            "target-create",
            "token-create",
        ],
    )
    def test_write(
        self,
        client: TestClient,
        method: str,
        path: str,
        body: dict | None,
        action: str,
        key: str | None,
        archive: str | None,
        year: int | None,
        before: str | None,
        after: str | None,
    ) -> None:
        create_archive(client, "HN-XT", parent_code="HN")
        create_plan(client)
        count = client.get(URL).json()["total"]
        response = client.request(method, path, json=body, headers={"X-Request-ID": "req-42"})
        assert response.status_code < 300, response.text
        assert client.get(URL).json()["total"] == count + 1
        [entry] = entries(client, action=action)[:1]
        assert (entry["actor"], entry["actor_role"]) == ("test-admin", "admin")
        assert (entry["request_id"], entry["client_request_id"]) == (response.headers["x-request-id"], "req-42")
        assert entry["token_id"] is not None
        assert entry["entity"] == action.split(".")[0]
        assert key is None or entry["entity_key"] == key
        assert (entry["archive_code"], entry["year"]) == (archive, year)
        assert (entry["before"] is None) == (before is None) and (before is None or before in entry["before"])
        assert (entry["after"] is None) == (after is None) and (after is None or after in entry["after"])
        assert abs(datetime.fromisoformat(entry["at"]) - datetime.now(UTC)) < timedelta(minutes=1)

    @pytest.mark.usefixtures("hunan")
    def test_reopen_target_delete_and_token_revoke(self, client: TestClient) -> None:
        client.post("/api/v1/archives/HN/reports/2023/approve")
        client.post("/api/v1/archives/HN/reports/2023/reopen", json={"comment": "更正"})
        create_plan(client)
        target = create_target(client, rule="reach_rate", value=80, unit="pct", basis="volumes", level="county")
        client.delete(f"/api/v1/plans/FYP14/targets/{target['id']}")
        token = client.post("/api/v1/tokens", json={"role": "viewer"}).json()
        client.delete(f"/api/v1/tokens/{token['id']}")
        [reopen] = entries(client, action="report.reopen")
        assert (reopen["before"]["status"], reopen["after"]["status"]) == ("approved", "submitted")
        [removed] = entries(client, action="target.delete")
        assert (removed["before"]["value"], removed["after"]) == (80, None)
        [revoke] = entries(client, action="token.revoke")
        assert (revoke["before"]["revoked_at"], revoke["after"]["revoked_at"] is not None) == (None, True)

    @pytest.mark.usefixtures("hunan")
    def test_identical_figures_are_no_write_and_leave_no_row(self, client: TestClient) -> None:
        count = client.get(URL).json()["total"]
        client.put("/api/v1/archives/HN/reports/2023", json=report_body())
        assert client.get(URL).json()["total"] == count

    @pytest.mark.usefixtures("hunan")
    def test_a_refused_write_leaves_no_row(self, client: TestClient, client_as: ClientFactory) -> None:
        count = client.get(URL).json()["total"]
        assert (
            client_as("reporter", "HN-CS").put("/api/v1/archives/HN/reports/2023", json=report_body()).status_code
            == 403
        )
        assert client.put("/api/v1/archives/HN/reports/2023", json=report_body(10, 20)).status_code == 422
        assert client.get(URL).json()["total"] == count


class TestFilters:
    @pytest.mark.usefixtures("hunan")
    def test_by_archive_year_actor_and_action(self, client: TestClient, client_as: ClientFactory) -> None:
        client_as("reporter", "HN-CS", name="cs.clerk").put("/api/v1/archives/HN-CS/reports/2024", json=report_body())
        assert [e["archive_code"] for e in entries(client, archive_code="HB")] == ["HB", "HB"]
        assert {e["year"] for e in entries(client, year=2024)} == {2024}
        assert [e["entity_key"] for e in entries(client, actor="cs.clerk")] == ["HN-CS/2024"]
        assert {e["action"] for e in entries(client, action="archive.create")} == {"archive.create"}

    @pytest.mark.usefixtures("hunan")
    def test_since_and_until(self, client: TestClient) -> None:
        now = datetime.now(UTC)
        assert len(entries(client, since=(now - timedelta(minutes=5)).isoformat())) == 6
        assert entries(client, since=(now + timedelta(minutes=5)).isoformat()) == []
        assert entries(client, until=(now - timedelta(minutes=5)).isoformat()) == []
        beijing = (now + timedelta(hours=8, minutes=5)).replace(tzinfo=None).isoformat() + "+08:00"
        assert len(entries(client, until=beijing)) == 6

    @pytest.mark.usefixtures("hunan")
    def test_paging_newest_first(self, client: TestClient) -> None:
        page = client.get(URL, params={"limit": 2, "offset": 1}).json()
        assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (6, 2, 1, 2)
        everything = entries(client)
        assert [e["id"] for e in everything] == sorted((e["id"] for e in everything), reverse=True)
        assert [e["id"] for e in page["items"]] == [e["id"] for e in everything[1:3]]

    def test_an_unknown_action_is_422(self, client: TestClient) -> None:
        assert client.get(URL, params={"action": "archive.burn"}).status_code == 422


class TestWhoMayRead:
    @pytest.mark.usefixtures("client", "hunan")
    def test_a_supervisor_sees_its_subtree_only(self, client_as: ClientFactory) -> None:
        bureau = client_as("supervisor", "HN")
        assert {e["archive_code"] for e in entries(bureau)} == {"HN", "HN-CS"}
        assert {e["archive_code"] for e in entries(bureau, archive_code="HN-CS")} == {"HN-CS"}

    @pytest.mark.usefixtures("hunan")
    def test_a_supervisor_still_sees_an_archive_deleted_below_it(
        self, client: TestClient, client_as: ClientFactory
    ) -> None:
        create_archive(client, "HN-XT", parent_code="HN")
        client.delete("/api/v1/archives/HN-XT")
        actions = [e["action"] for e in entries(client_as("supervisor", "HN"), archive_code="HN-XT")]
        assert actions == ["archive.delete", "archive.create"]

    @pytest.mark.usefixtures("client", "hunan")
    def test_a_supervisor_asking_about_another_archive_is_403(self, client_as: ClientFactory) -> None:
        response = client_as("supervisor", "HN-CS").get(URL, params={"archive_code": "HN"})
        assert response.status_code == 403
        assert response.json()["error"] == "Forbidden"

    @pytest.mark.usefixtures("client", "hunan")
    @pytest.mark.parametrize("role, archive", [("reporter", "HN-CS"), ("viewer", None)])
    def test_reporters_and_viewers_are_403(self, client_as: ClientFactory, role: str, archive: str | None) -> None:
        assert client_as(role, archive).get(URL).status_code == 403

    def test_without_a_token_it_is_401(self, anonymous_client: TestClient) -> None:
        assert anonymous_client.get(URL).status_code == 401


class TestReadOnly:
    @pytest.mark.usefixtures("hunan")
    def test_no_operation_changes_or_deletes_the_trail(self, client: TestClient) -> None:
        paths = client.get("/openapi.json").json()["paths"]
        assert {method for path, item in paths.items() if path.startswith(URL) for method in item} == {"get"}
        before = entries(client)
        for method in ("PUT", "PATCH", "DELETE", "POST"):
            assert client.request(method, URL, json={}).status_code == 405
            assert client.request(method, f"{URL}/{before[0]['id']}", json={}).status_code in (404, 405)
        assert entries(client) == before
