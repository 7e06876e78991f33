"""An archive's audit history is its own, not its code's.

An archive deleted, and another later created with the same code: the new archive's
supervisor sees none of the old one's rows (nor the names it had).
"""

from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.factories import create_archive

URL = "/api/v1/audit"


def seen(client: TestClient) -> list[dict]:
    answer = client.get(URL, params={"limit": 1000})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def a_code_used_twice(client: TestClient) -> None:
    create_archive(client, "HN", level="provincial")
    create_archive(client, "HN-XT", name="湘潭市档案馆（旧）", parent_code="HN")
    assert client.patch("/api/v1/archives/HN-XT", json={"name": "湘潭市旧馆"}).status_code == 200
    assert client.delete("/api/v1/archives/HN-XT").status_code == 204
    create_archive(client, "HN-XT", name="湘潭市档案馆", parent_code="HN")


class TestHistoryBelongsToTheArchive:
    def test_the_new_archives_supervisor_sees_only_its_own_history(
        self, client: TestClient, client_as: ClientFactory
    ) -> None:
        a_code_used_twice(client)
        rows = seen(client_as("supervisor", "HN-XT"))
        assert [row["action"] for row in rows] == ["archive.create"]
        assert "旧" not in str(rows)

    def test_the_province_and_an_admin_still_see_the_whole_trail(
        self, client: TestClient, client_as: ClientFactory
    ) -> None:
        a_code_used_twice(client)
        province = [row["action"] for row in seen(client_as("supervisor", "HN")) if row["entity_key"] == "HN-XT"]
        assert province == ["archive.create", "archive.delete", "archive.update", "archive.create"]
        everything = client.get(URL, params={"archive_code": "HN-XT"}).json()["total"]
        assert everything == 4
