"""A refused figure is named in Chinese by its label, its key beside it for scripts."""

from fastapi.testclient import TestClient

from tests.factories import create_archive

ZH = {"Accept-Language": "zh"}


def test_a_patch_refused_in_chinese_names_the_figure_by_its_label(client: TestClient) -> None:
    create_archive(client, "LB", level="provincial")
    body = {"holdings_volumes": 1_000, "digitized_volumes": 500}
    assert client.put("/api/v1/archives/LB/reports/2023", json=body).status_code == 201
    response = client.patch("/api/v1/archives/LB/reports/2023", json={"digitized_volumes": -5}, headers=ZH)
    assert response.status_code == 422
    assert "已数字化案卷数（digitized_volumes）：应大于或等于 0" in response.json()["detail"]
    stored = client.get("/api/v1/archives/LB/reports/2023").json()
    assert stored["digitized_volumes"] == 500


def test_in_english_the_key_alone_is_named(client: TestClient) -> None:
    create_archive(client, "LB", level="provincial")
    response = client.put("/api/v1/archives/LB/reports/2023", json={"holdings_volumes": -1, "digitized_volumes": 0})
    assert response.status_code == 422
    assert "holdings_volumes: Input should be greater than or equal to 0" in response.json()["detail"]
    assert "馆藏" not in response.json()["detail"]
