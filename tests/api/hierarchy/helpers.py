"""Builders for the hierarchy-over-time tests: a small tree, events and reads as of a day."""

from fastapi.testclient import TestClient

from tests.factories import create_archive

ARCHIVES = "/api/v1/archives"


def province_with_cities(client: TestClient) -> None:
    """湖北 (HB) with 襄阳 (HB-XY, 420600) and 武汉 (HB-WH); 湖南 (HN) with 长沙 (HN-CS) and 宁乡 (HN-CS-NX, 430182) below it."""
    create_archive(client, "HB", level="provincial", name="湖北省档案馆", region_code="420000")
    create_archive(client, "HB-XY", parent_code="HB", name="襄阳市档案馆", region_code="420600")
    create_archive(client, "HB-WH", parent_code="HB", name="武汉市档案馆", region_code="420100")
    create_archive(client, "HN", level="provincial", name="湖南省档案馆", region_code="430000")
    create_archive(client, "HN-CS", parent_code="HN", name="长沙市档案馆", region_code="430100")
    create_archive(client, "HN-CS-NX", level="county", parent_code="HN-CS", name="宁乡市档案馆", region_code="430182")


def refused(client: TestClient, code: str, status: int, error: str, **body: object) -> str:
    """Record an event that must be refused with this status and error; the refusal's detail."""
    response = client.post(f"{ARCHIVES}/{code}/events", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    return str(response.json()["detail"])


def as_of(client: TestClient, code: str, day: str) -> dict:
    """The archive as it stood on the day (or at the end of the year)."""
    response = client.get(f"{ARCHIVES}/{code}", params={"as_of": day})
    assert response.status_code == 200, response.text
    return response.json()


def codes_as_of(client: TestClient, day: str, **filters: str) -> list[str]:
    """The codes GET /archives lists as of the day, with these filters."""
    response = client.get(ARCHIVES, params={"as_of": day, "limit": 1000, **filters})
    assert response.status_code == 200, response.text
    return [item["code"] for item in response.json()["items"]]


def history(client: TestClient, code: str) -> dict:
    """The archive's history."""
    response = client.get(f"{ARCHIVES}/{code}/history")
    assert response.status_code == 200, response.text
    return response.json()
