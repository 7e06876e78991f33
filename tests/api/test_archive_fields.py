"""What an archive's and a report's fields accept: codes canonical and look-alikes refused, the hierarchy checked on
every change, `q` matched literally, no hidden characters in names and notes, an empty PATCH is no write."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import archive_body, create_archive, report_body

AUDIT = "/api/v1/audit"
ARCHIVES = "/api/v1/archives"


@pytest.fixture
def hunan(client: TestClient) -> None:
    """HN above HN-CS above HN-CS-LY, and HB elsewhere."""
    create_archive(client, "HN", level="provincial")
    create_archive(client, "HN-CS", parent_code="HN")
    create_archive(client, "HN-CS-LY", level="county", parent_code="HN-CS")
    create_archive(client, "HB", level="provincial")


class TestCodes:
    """Archive codes canonical (upper case, NFKC), look-alike characters refused."""

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
        """ＨＮ typed by a Chinese input method is HN (NFKC), not a look-alike beside it."""
        response = client.post(ARCHIVES, json=archive_body("ＨＮ-CS2", level="provincial"))
        assert (response.status_code, response.json()["code"]) == (201, "HN-CS2")
        again = client.post(ARCHIVES, json=archive_body("HN-CS2", level="provincial"))
        assert (again.status_code, again.json()["error"]) == (409, "ArchiveExists")


class TestHierarchyOnEveryChange:
    """A level-only PATCH is checked against the parent, as a move is."""

    @pytest.mark.usefixtures("hunan")
    def test_a_level_only_patch_cannot_put_a_province_under_a_city(self, client: TestClient) -> None:
        create_archive(client, "T-CS2", level="county", parent_code="HN-CS")
        response = client.patch(f"{ARCHIVES}/T-CS2", json={"level": "provincial"})
        assert (response.status_code, response.json()["error"]) == (422, "InvalidHierarchy")
        assert client.get(f"{ARCHIVES}/T-CS2").json()["level"] == "county"


class TestTextAndEmptyWrites:
    """Literal q, hidden characters refused, an empty PATCH writes nothing."""

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
