"""Issue 10 ("Trust, second pass"): one regression test per defect, through HTTP."""

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


class TestScopeAndCodes:
    """Defect 2: audit scope matched structurally; archive codes canonical, look-alikes refused."""

    @pytest.mark.usefixtures("hunan")
    def test_a_lower_case_code_is_stored_upper_case_and_cannot_sit_beside_it(self, client: TestClient) -> None:
        response = client.post(ARCHIVES, json=archive_body("hn-yy", parent_code="hn"))
        assert (response.status_code, response.json()["code"], response.json()["parent_code"]) == (201, "HN-YY", "HN")
        again = client.post(ARCHIVES, json=archive_body("Hn-Yy", parent_code="HN"))
        assert (again.status_code, again.json()["error"]) == (409, "ArchiveExists")

    @pytest.mark.parametrize("code", ["HN.CS2", "HN CS2", "HN-CS\u202e2", "HΝ-CS2"])
    def test_look_alike_characters_are_refused_naming_the_field(self, client: TestClient, code: str) -> None:
        response = client.post(ARCHIVES, json=archive_body(code, level="provincial"))
        assert (response.status_code, response.json()["error"]) == (422, "ValidationError")
        assert response.json()["detail"].startswith("code")
        assert client.get(ARCHIVES).json()["total"] == 0

    def test_a_full_width_code_is_read_as_its_ascii_form(self, client: TestClient) -> None:
        """Issue 20 item 5: ＨＮ typed by a Chinese input method is HN (NFKC), not a look-alike beside it."""
        response = client.post(ARCHIVES, json=archive_body("ＨＮ-CS2", level="provincial"))
        assert (response.status_code, response.json()["code"]) == (201, "HN-CS2")
        again = client.post(ARCHIVES, json=archive_body("HN-CS2", level="provincial"))
        assert (again.status_code, again.json()["error"]) == (409, "ArchiveExists")

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
    """Defect 3: an archive a live token acts for cannot be deleted; a new archive with its code gains nothing."""

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
    """Defect 5: level/kind/parent_code only from above; four eyes on approvals."""

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


class TestHierarchyOnEveryChange:
    """Defect 6: a level-only PATCH is checked against the parent, as a move is."""

    @pytest.mark.usefixtures("hunan")
    def test_a_level_only_patch_cannot_put_a_province_under_a_city(self, client: TestClient) -> None:
        create_archive(client, "T-CS2", level="county", parent_code="HN-CS")
        response = client.patch(f"{ARCHIVES}/T-CS2", json={"level": "provincial"})
        assert (response.status_code, response.json()["error"]) == (422, "InvalidHierarchy")
        assert client.get(f"{ARCHIVES}/T-CS2").json()["level"] == "county"


class TestAuditFilters:
    """Defects 7 and 8: bounded moments, token id and role in every row and filter."""

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


class TestSmallerOnes:
    """Defect 8: literal q, hidden characters, empty PATCH, the refusal sentence."""

    @pytest.mark.usefixtures("hunan")
    @pytest.mark.parametrize("q", ["%", "_", "HN%", "H_"])
    def test_q_wildcards_match_literally(self, client: TestClient, q: str) -> None:
        assert client.get(ARCHIVES, params={"q": q}).json()["total"] == 0

    @pytest.mark.usefixtures("hunan")
    def test_q_still_finds_a_part_of_a_name(self, client: TestClient) -> None:
        client.patch(f"{ARCHIVES}/HN", json={"name": "湖南省档案馆 100%_"})
        assert [a["code"] for a in client.get(ARCHIVES, params={"q": "100%_"}).json()["items"]] == ["HN"]

    @pytest.mark.usefixtures("hunan")
    @pytest.mark.parametrize("text", ["长沙\x00", "长沙\x1b[31m", "长沙\x07", "长沙\u202e馆", "长沙\u2066馆", "长\n沙"])
    def test_names_refuse_control_and_bidi_characters(self, client: TestClient, text: str) -> None:
        response = client.patch(f"{ARCHIVES}/HN-CS", json={"name": text})
        assert (response.status_code, response.json()["error"]) == (422, "ValidationError")
        assert response.json()["detail"].startswith("name")
        assert client.get(f"{ARCHIVES}/HN-CS").json()["name"] == "HN-CS 档案馆"

    @pytest.mark.usefixtures("hunan")
    def test_notes_refuse_them_but_keep_line_breaks(self, client: TestClient) -> None:
        url = f"{ARCHIVES}/HN/reports/2023"
        refused = client.put(url, json=report_body(note="核对\u202e无误"))
        assert (refused.status_code, refused.json()["error"]) == (422, "ValidationError")
        assert client.get(url).status_code == 404
        assert client.put(url, json=report_body(note="第一行\n第二行")).json()["note"] == "第一行\n第二行"

    @pytest.mark.usefixtures("hunan")
    def test_an_empty_patch_writes_no_audit_row(self, client: TestClient) -> None:
        before = client.get(AUDIT).json()["total"]
        archive = client.get(f"{ARCHIVES}/HN-CS").json()
        assert client.patch(f"{ARCHIVES}/HN-CS", json={}).json() == archive
        assert client.patch(f"{ARCHIVES}/HN-CS", json={"name": archive["name"]}).json() == archive
        assert client.get(AUDIT).json()["total"] == before

    @pytest.mark.usefixtures("hunan")
    def test_the_root_refusal_finishes_its_sentence(self, client_as: ClientFactory) -> None:
        response = client_as("supervisor", "HN").post(ARCHIVES, json=archive_body("ROOT2", level="provincial"))
        assert response.status_code == 403
        assert not response.json()["detail"].rstrip().endswith("under")
        assert "only an admin" in response.json()["detail"]
