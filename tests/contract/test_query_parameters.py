"""Unknown query parameters are refused with 400 UnknownParameter naming them, on every route."""

import pytest
from fastapi.testclient import TestClient

from tests.scenario import PLAN, YEAR, build_scenario


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/archives?levle=county",
        "/api/v1/archives/HN?levle=county",
        "/api/v1/archives/HN-CS/reports?levle=county",
        f"/api/v1/compliance?plan={PLAN}&year={YEAR}&levle=county",
        "/api/v1/plans?levle=county",
        "/api/v1/audit?levle=county",
    ],
)
def test_a_typo_is_a_400_naming_it(client: TestClient, path: str) -> None:
    build_scenario(client)
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()["error"] == "UnknownParameter"
    assert "levle" in response.json()["detail"]


def test_every_unknown_name_is_listed_and_nothing_is_written(client: TestClient) -> None:
    build_scenario(client)
    response = client.patch("/api/v1/archives/HN-CS?sort=name&zz=1", json={"name": "改名"})
    assert response.status_code == 400
    assert "sort, zz" in response.json()["detail"]
    assert client.get("/api/v1/archives/HN-CS").json()["name"] == "长沙市档案馆"


def test_known_parameters_still_work(client: TestClient) -> None:
    build_scenario(client)
    response = client.get("/api/v1/archives", params={"level": "county", "limit": 5})
    assert response.status_code == 200 and response.json()["total"] == 2


def test_in_chinese(client: TestClient) -> None:
    response = client.get("/api/v1/archives?levle=x", headers={"Accept-Language": "zh"})
    assert response.json()["detail"].startswith("未知的查询参数：levle")
