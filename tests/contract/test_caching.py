"""HTTP caching: every data GET carries a strong ETag and Cache-Control, and If-None-Match answers 304."""

import pytest
from fastapi.testclient import TestClient

from tests.scenario import PLAN, YEAR, build_scenario

CACHED_GETS = [
    "/api/v1/archives",
    "/api/v1/archives/HN-CS",
    "/api/v1/archives/HN-CS/reports",
    "/api/v1/archives/HN-CS/reports/2023/revisions",
    "/api/v1/reports?under=HN-CS",
    "/api/v1/plans",
    f"/api/v1/plans/{PLAN}",
    f"/api/v1/plans/{PLAN}/targets",
    f"/api/v1/compliance?plan={PLAN}&year={YEAR}",
    f"/api/v1/compliance?plan={PLAN}&year={YEAR}&format=csv",
    f"/api/v1/archives/HN-CS/compliance?plan={PLAN}&year={YEAR}",
    f"/api/v1/archives/HN/rollup?plan={PLAN}&year={YEAR}",
    "/api/v1/audit",
    "/api/v1/tokens",
]


@pytest.fixture
def scenario(client: TestClient) -> TestClient:
    build_scenario(client)
    return client


@pytest.mark.parametrize("path", CACHED_GETS)
def test_revalidation_answers_304_with_no_body(scenario: TestClient, path: str) -> None:
    first = scenario.get(path)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong
    assert first.headers["cache-control"] == "private, no-cache"
    again = scenario.get(path, headers={"If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)


def test_a_change_changes_the_etag(scenario: TestClient) -> None:
    etag = scenario.get("/api/v1/archives/HN-CS").headers["etag"]
    scenario.patch("/api/v1/archives/HN-CS", json={"name": "长沙市档案馆（新馆）"})
    fresh = scenario.get("/api/v1/archives/HN-CS", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.json()["name"] == "长沙市档案馆（新馆）"
    assert fresh.headers["etag"] != etag


def test_a_report_keeps_its_revision_as_etag(scenario: TestClient) -> None:
    response = scenario.get("/api/v1/archives/HN-CS/reports/2023")
    assert response.headers["etag"] == f'"{response.json()["revision"]}"'


def test_a_reviewed_report_is_sent_in_full_though_its_revision_is_the_same(scenario: TestClient) -> None:
    report = "/api/v1/archives/HN-CS/reports/2023"
    first = scenario.get(report)
    etag = first.headers["etag"]
    scenario.post(f"{report}/return", json={"comment": "请核对"})
    again = scenario.get(report, headers={"If-None-Match": etag})
    assert (again.status_code, again.headers["etag"]) == (200, etag)
    assert again.json()["status"] == "returned" != first.json()["status"]


def test_errors_and_writes_are_not_cached(scenario: TestClient) -> None:
    missing = scenario.get("/api/v1/archives/NOPE")
    assert missing.status_code == 404 and "etag" not in missing.headers
    written = scenario.patch("/api/v1/archives/HN-CS", json={"name": "x"})
    assert "cache-control" not in written.headers
