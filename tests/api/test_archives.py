"""Archives through HTTP: one class per operation, one test per scenario."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import archive_body, create_archive, put_report

URL = "/api/v1/archives"


def snapshot(client: TestClient) -> list[dict]:
    return client.get(URL, params={"limit": 1000}).json()["items"]


class TestCreateArchive:
    def test_created_with_chinese_name(self, client: TestClient) -> None:
        body = archive_body("HN", level="provincial", name="湖南省档案馆", region_code="430000")
        response = client.post(URL, json=body)
        assert response.status_code == 201
        assert response.json()["name"] == "湖南省档案馆"
        assert client.get(f"{URL}/HN").json()["region_code"] == "430000"

    def test_duplicate_code_is_409(self, client: TestClient) -> None:
        create_archive(client, "HN", level="provincial", name="湖南省档案馆")
        response = client.post(URL, json=archive_body("HN", level="provincial", name="别的名字"))
        assert response.status_code == 409
        assert response.json()["error"] == "ArchiveExists"
        assert client.get(f"{URL}/HN").json()["name"] == "湖南省档案馆"

    def test_unknown_parent_is_404(self, client: TestClient) -> None:
        response = client.post(URL, json=archive_body("HN-CS", parent_code="NOPE"))
        assert response.status_code == 404
        assert response.json()["error"] == "ArchiveNotFound"
        assert "parent_code" in response.json()["detail"]
        assert snapshot(client) == []

    def test_county_cannot_supervise_a_province(self, client: TestClient) -> None:
        create_archive(client, "C1", level="county")
        response = client.post(URL, json=archive_body("P1", level="provincial", parent_code="C1"))
        assert response.status_code == 422
        assert response.json()["error"] == "InvalidHierarchy"
        assert [a["code"] for a in snapshot(client)] == ["C1"]

    @pytest.mark.parametrize(
        "change",
        [
            {"level": "city"},
            {"kind": "museum"},
            {"name": ""},
            {"name": "馆" * 201},
            {"region_code": "43"},
            {"code": "has space"},
            {"colour": "red"},
        ],
        ids=["level", "kind", "empty-name", "long-name", "region-code", "code-pattern", "unknown-field"],
    )
    def test_invalid_fields_are_422_and_nothing_stored(self, client: TestClient, change: dict) -> None:
        response = client.post(URL, json=archive_body("HN", level="provincial") | change)
        assert response.status_code == 422
        assert response.json()["error"] == "ValidationError"
        assert next(iter(change)) in response.json()["detail"]
        assert snapshot(client) == []

    def test_malformed_json_is_400(self, client: TestClient) -> None:
        response = client.post(URL, content=b'{"code": "HN",', headers={"content-type": "application/json"})
        assert response.status_code == 400
        assert response.json()["error"] == "MalformedJSON"
        assert snapshot(client) == []

    def test_error_detail_in_chinese_when_asked(self, client: TestClient) -> None:
        response = client.get(f"{URL}/NOPE", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
        assert response.json() == {"error": "ArchiveNotFound", "detail": "不存在代码为 'NOPE' 的档案馆"}


class TestListArchives:
    @pytest.fixture(autouse=True)
    def hierarchy(self, client: TestClient) -> None:
        create_archive(client, "HN", level="provincial", name="湖南省档案馆", region_code="430000")
        create_archive(client, "HN-CS", parent_code="HN", name="长沙市档案馆", region_code="430100")
        create_archive(client, "HN-ZZ", parent_code="HN", name="株洲市档案馆", region_code="430200")
        create_archive(client, "HN-CS-CSX", level="county", parent_code="HN-CS", name="长沙县档案馆")

    def test_page_envelope_and_total(self, client: TestClient) -> None:
        body = client.get(URL, params={"limit": 2, "offset": 1}).json()
        assert body["total"] == 4
        assert (body["limit"], body["offset"]) == (2, 1)
        assert [a["code"] for a in body["items"]] == ["HN-CS", "HN-CS-CSX"]

    @pytest.mark.parametrize(
        "params, codes",
        [
            ({"level": "municipal"}, ["HN-CS", "HN-ZZ"]),
            ({"parent_code": "HN"}, ["HN-CS", "HN-ZZ"]),
            ({"region_code": "430200"}, ["HN-ZZ"]),
            ({"q": "长沙"}, ["HN-CS", "HN-CS-CSX"]),
            ({"q": "ZZ"}, ["HN-ZZ"]),
            ({"kind": "enterprise"}, []),
        ],
    )
    def test_filters(self, client: TestClient, params: dict, codes: list[str]) -> None:
        assert [a["code"] for a in client.get(URL, params=params).json()["items"]] == codes

    @pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 10_001}, {"offset": -1}, {"limit": 10**30}])
    def test_bad_paging_is_422(self, client: TestClient, params: dict) -> None:
        response = client.get(URL, params=params)
        assert response.status_code == 422
        assert response.json()["error"] == "ValidationError"


class TestUpdateArchive:
    @pytest.fixture(autouse=True)
    def hierarchy(self, client: TestClient) -> None:
        create_archive(client, "HN", level="provincial")
        create_archive(client, "HN-CS", parent_code="HN")
        create_archive(client, "HN-CS-CSX", level="county", parent_code="HN-CS")

    def test_rename(self, client: TestClient) -> None:
        response = client.patch(f"{URL}/HN-CS-CSX", json={"name": "长沙县档案馆"})
        assert response.status_code == 200
        assert client.get(f"{URL}/HN-CS-CSX").json()["name"] == "长沙县档案馆"

    @pytest.mark.parametrize("new_parent", ["HN", "HN-CS", "HN-CS-CSX"])
    def test_parent_that_makes_a_cycle_is_refused(self, client: TestClient, new_parent: str) -> None:
        before = snapshot(client)
        response = client.patch(f"{URL}/HN", json={"parent_code": new_parent})
        assert response.status_code == 422
        assert response.json()["error"] == "HierarchyCycle"
        assert snapshot(client) == before

    def test_code_cannot_change(self, client: TestClient) -> None:
        response = client.patch(f"{URL}/HN-CS", json={"code": "X"})
        assert response.status_code == 422
        assert client.get(f"{URL}/HN-CS").status_code == 200

    def test_null_level_is_refused(self, client: TestClient) -> None:
        response = client.patch(f"{URL}/HN-CS", json={"level": None})
        assert response.status_code == 422
        assert client.get(f"{URL}/HN-CS").json()["level"] == "municipal"

    def test_moving_to_root(self, client: TestClient) -> None:
        assert client.patch(f"{URL}/HN-CS", json={"parent_code": None}).json()["parent_code"] is None


class TestDeleteArchive:
    def test_leaf_without_reports_is_deleted(self, client: TestClient) -> None:
        create_archive(client, "HN", level="provincial")
        assert client.delete(f"{URL}/HN").status_code == 204
        assert client.get(f"{URL}/HN").status_code == 404

    def test_refused_while_it_has_children(self, client: TestClient) -> None:
        create_archive(client, "HN", level="provincial")
        create_archive(client, "HN-CS", parent_code="HN")
        response = client.delete(f"{URL}/HN")
        assert response.status_code == 409
        assert response.json()["error"] == "ArchiveInUse"
        assert client.get(f"{URL}/HN").status_code == 200

    def test_refused_while_it_has_reports(self, client: TestClient) -> None:
        create_archive(client, "HN", level="provincial")
        put_report(client, "HN", 2023)
        response = client.delete(f"{URL}/HN")
        assert response.status_code == 409
        assert response.json()["error"] == "ArchiveInUse"
        assert client.get("/api/v1/archives/HN/reports/2023").status_code == 200

    def test_unknown_is_404(self, client: TestClient) -> None:
        response = client.delete(f"{URL}/NOPE")
        assert response.status_code == 404
        assert response.json()["error"] == "ArchiveNotFound"
