"""Scope and trust through HTTP: a supervisor's audit reaches only its own subtree, a token stays bound to its
archive, nobody reclassifies their own archive or approves their own figures, the audit tells actors apart."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from app.models import Archive
from app.models.common import utcnow
from tests.conftest import ClientFactory
from tests.factories import archive_body, create_archive, put_report, report_body

AUDIT = "/api/v1/audit"
ARCHIVES = "/api/v1/archives"


@pytest.fixture
def hunan(client: TestClient) -> None:
    """HN above HN-CS above HN-CS-LY, and HB elsewhere."""
    create_archive(client, "HN", level="provincial")
    create_archive(client, "HN-CS", parent_code="HN")
    create_archive(client, "HN-CS-LY", level="county", parent_code="HN-CS")
    create_archive(client, "HB", level="provincial")


class TestScopeByCode:
    """The audit's scope is matched on the canonical code, structurally, never by a prefix of it."""

    @pytest.mark.usefixtures("hunan")
    def test_a_supervisor_sees_only_its_own_subtree_whatever_the_case(
        self, client: TestClient, client_as: ClientFactory, engine: Engine
    ) -> None:
        for code in ("HN", "HN-CS", "HN-CS-LY", "HB"):
            put_report(client, code, 2023)
        with engine.begin() as connection:  # an archive from before codes were canonical
            now = utcnow()
            connection.execute(
                insert(Archive),
                [
                    {"code": "hn-cs", "name": "旧", "level": "county", "kind": "comprehensive", "parent_code": "HB"}
                    | {"created_at": now, "updated_at": now}
                ],
            )
        assert client_as("supervisor", "hn-cs").get(AUDIT).json()["total"] == 0
        upper = client_as("supervisor", "HN-CS").get(AUDIT).json()
        assert {row["archive_code"] for row in upper["items"]} == {"HN-CS", "HN-CS-LY"}
        assert upper["total"] == 4  # two archives created, two reports written

    @pytest.mark.usefixtures("hunan")
    def test_a_code_that_is_part_of_another_does_not_widen_the_scope(
        self, client: TestClient, client_as: ClientFactory
    ) -> None:
        create_archive(client, "CS", level="provincial")
        put_report(client, "HN-CS", 2023)
        seen = client_as("supervisor", "CS").get(AUDIT).json()["items"]
        assert {row["archive_code"] for row in seen} == {"CS"}


class TestTokensBoundToTheirArchive:
    """An archive a live token acts for cannot be deleted; a new archive with its code gains nothing."""

    @pytest.mark.usefixtures("hunan")
    def test_deleting_an_archive_with_a_live_token_is_refused_naming_it(
        self, client: TestClient, client_as: ClientFactory
    ) -> None:
        create_archive(client, "T-GHOST", level="county", parent_code="HN-CS")
        ghost = client_as("supervisor", "T-GHOST", name="ghost.sup")
        response = client.delete(f"{ARCHIVES}/T-GHOST")
        assert (response.status_code, response.json()["error"]) == (409, "ArchiveInUse")
        assert "ghost.sup" in response.json()["detail"]
        assert client.get(f"{ARCHIVES}/T-GHOST").status_code == 200
        assert ghost.put(f"{ARCHIVES}/T-GHOST/reports/2023", json=report_body()).status_code == 201

    @pytest.mark.usefixtures("hunan")
    def test_once_its_tokens_are_revoked_the_archive_goes_and_they_stay_dead(
        self, client: TestClient, client_as: ClientFactory
    ) -> None:
        create_archive(client, "T-GHOST", level="county", parent_code="HN-CS")
        token = client.post("/api/v1/tokens", json={"role": "supervisor", "archive_code": "T-GHOST"}).json()
        assert client.delete(f"/api/v1/tokens/{token['id']}").status_code == 204
        assert client.delete(f"{ARCHIVES}/T-GHOST").status_code == 204
        create_archive(client, "T-GHOST", level="county", parent_code="HB")
        ghost = client_as(token=token["token"])
        assert ghost.put(f"{ARCHIVES}/T-GHOST/reports/2023", json=report_body()).status_code == 401


class TestNobodyGradesThemselves:
    """level/kind/parent_code only from above; four eyes on approvals."""

    @pytest.mark.usefixtures("hunan")
    @pytest.mark.parametrize(
        "change", [{"kind": "other"}, {"level": "county"}, {"parent_code": "HB"}, {"kind": "other", "name": "x"}]
    )
    def test_a_supervisor_cannot_reclassify_its_own_archive(
        self, client: TestClient, client_as: ClientFactory, change: dict
    ) -> None:
        before = client.get(f"{ARCHIVES}/HN-CS").json()
        response = client_as("supervisor", "HN-CS").patch(f"{ARCHIVES}/HN-CS", json=change)
        assert (response.status_code, response.json()["error"]) == (403, "Forbidden")
        assert "level, kind or parent_code" in response.json()["detail"]
        assert client.get(f"{ARCHIVES}/HN-CS").json() == before

    @pytest.mark.usefixtures("client", "hunan")
    def test_a_supervisor_above_may_and_its_own_name_stays_its_own(self, client_as: ClientFactory) -> None:
        assert client_as("supervisor", "HN").patch(f"{ARCHIVES}/HN-CS", json={"kind": "other"}).status_code == 200
        own = client_as("supervisor", "HN-CS")
        assert own.patch(f"{ARCHIVES}/HN-CS", json={"name": "长沙市档案馆", "kind": "other"}).status_code == 200
        assert own.patch(f"{ARCHIVES}/HN-CS-LY", json={"kind": "other"}).status_code == 200

    @pytest.mark.usefixtures("hunan")
    def test_nobody_approves_what_their_own_token_wrote(self, client: TestClient, client_as: ClientFactory) -> None:
        url = f"{ARCHIVES}/HN-CS/reports/2023"
        supervisor = client_as("supervisor", "HN-CS", name="cs.sup")
        assert supervisor.put(url, json=report_body(digitized=500)).status_code == 201
        for writer, figures in ((supervisor, None), (client, report_body(digitized=600))):
            if figures is not None:
                assert writer.put(url, json=figures).status_code == 200
            refused = writer.post(f"{url}/approve")
            assert (refused.status_code, refused.json()["error"]) == (403, "SelfApproval")
            assert client.get(url).json()["status"] == "submitted"
        assert supervisor.post(f"{url}/approve").status_code == 200
        [entry] = client.get(AUDIT, params={"action": "report.approve"}).json()["items"]
        assert (entry["actor"], entry["self_approval"]) == ("cs.sup", False)

    def test_a_single_administrator_may_be_allowed_and_it_is_recorded(self, app: FastAPI, client: TestClient) -> None:
        app.state.settings = app.state.settings.model_copy(update={"allow_self_approval": True})
        create_archive(client, "HN", level="provincial")
        put_report(client, "HN", 2023)
        assert client.post(f"{ARCHIVES}/HN/reports/2023/approve").status_code == 200
        [entry] = client.get(AUDIT, params={"action": "report.approve"}).json()["items"]
        assert entry["self_approval"] is True


class TestAuditFilters:
    """Bounded moments, token id and role in every row and filter."""

    @pytest.mark.parametrize(
        "name, value",
        [("since", "0001-01-01T00:00:00+01:00"), ("until", "9999-12-31T23:59:59-01:00"), ("since", "1969-12-31")],
    )
    def test_moments_out_of_bounds_are_422_naming_the_parameter(
        self, client: TestClient, name: str, value: str
    ) -> None:
        response = client.get(AUDIT, params={name: value})
        assert (response.status_code, response.json()["error"]) == (422, "ValidationError")
        assert response.json()["detail"].split(":")[0] in (name, f"query.{name}")

    @pytest.mark.usefixtures("hunan")
    def test_a_reporter_named_like_a_supervisor_is_told_apart(
        self, client: TestClient, client_as: ClientFactory
    ) -> None:
        client_as("supervisor", "HN-CS", name="sup.hn").put(f"{ARCHIVES}/HN-CS/reports/2023", json=report_body())
        client_as("reporter", "HN-CS-LY", name="sup.hn").put(f"{ARCHIVES}/HN-CS-LY/reports/2023", json=report_body())
        rows = client.get(AUDIT, params={"actor": "sup.hn"}).json()["items"]
        assert {(row["actor_role"], row["archive_code"]) for row in rows} == {
            ("supervisor", "HN-CS"),
            ("reporter", "HN-CS-LY"),
        }
        assert len({row["token_id"] for row in rows}) == 2
        [reporter_row] = client.get(AUDIT, params={"role": "reporter"}).json()["items"]
        assert reporter_row["archive_code"] == "HN-CS-LY"
        by_token = client.get(AUDIT, params={"token_id": reporter_row["token_id"]}).json()["items"]
        assert [row["id"] for row in by_token] == [reporter_row["id"]]


class TestRefusals:
    """A refusal finishes its sentence."""

    @pytest.mark.usefixtures("hunan")
    def test_the_root_refusal_finishes_its_sentence(self, client_as: ClientFactory) -> None:
        response = client_as("supervisor", "HN").post(ARCHIVES, json=archive_body("ROOT2", level="provincial"))
        assert response.status_code == 403
        assert not response.json()["detail"].rstrip().endswith("under")
        assert "only an admin" in response.json()["detail"]
