"""List conventions: one envelope, `under` = the whole subtree, and reports across archives for synchronization."""

import time
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.factories import put_report
from tests.scenario import PLAN, scenario_database

ENVELOPE = {"items", "total", "limit", "offset"}
REPORTS = "/api/v1/reports"


pytestmark = pytest.mark.built_by.with_args(scenario_database)  # every test reads the scenario (tests/scenario.py)


@pytest.fixture
def scenario(client: TestClient) -> TestClient:
    """The admin's client on this test's copy of the scenario."""
    return client


def per_archive(client: TestClient, codes: list[str]) -> list[tuple[str, int]]:
    """The oracle: every report, read archive by archive."""
    found = []
    for code in codes:
        items = client.get(f"/api/v1/archives/{code}/reports", params={"limit": 10_000}).json()["items"]
        found.extend((item["archive_code"], item["year"]) for item in items)
    return sorted(found)


def keys(page: dict) -> list[tuple[str, int]]:
    return [(item["archive_code"], item["year"]) for item in page["items"]]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/archives",
        "/api/v1/plans",
        f"/api/v1/plans/{PLAN}/targets",
        "/api/v1/archives/HN-CS/reports",
        "/api/v1/archives/HN-CS/reports/2023/revisions",
        REPORTS,
        f"/api/v1/compliance?plan={PLAN}",
        "/api/v1/audit",
        "/api/v1/tokens",
        "/api/v1/rounds",
    ],
)
def test_every_list_answers_the_envelope(scenario: TestClient, path: str) -> None:
    body = scenario.get(path).json()
    assert set(body) >= ENVELOPE


def test_one_maximum_limit(scenario: TestClient) -> None:
    for path in ("/api/v1/archives", f"/api/v1/plans/{PLAN}/targets", REPORTS):
        assert scenario.get(path, params={"limit": 10_000}).status_code == 200
        assert scenario.get(path, params={"limit": 10_001}).status_code == 422


def test_short_lists_page_too(scenario: TestClient) -> None:
    everything = scenario.get(f"/api/v1/plans/{PLAN}/targets").json()
    second = scenario.get(f"/api/v1/plans/{PLAN}/targets", params={"limit": 1, "offset": 1}).json()
    assert second["items"] == everything["items"][1:2] and second["total"] == everything["total"]


class TestReportsAcrossArchives:
    def test_every_report_in_archive_then_year_order(self, scenario: TestClient) -> None:
        page = scenario.get(REPORTS, params={"limit": 10_000}).json()
        codes = ["HN", "HN-CS", "HN-CS-LY", "HN-ZZ", "HN-ZZ-YX"]
        assert keys(page) == per_archive(scenario, codes) and page["total"] == len(page["items"]) > 0

    def test_under_is_the_archive_and_its_whole_subtree(self, scenario: TestClient) -> None:
        page = scenario.get(REPORTS, params={"under": "HN-CS", "limit": 10_000}).json()
        assert keys(page) == per_archive(scenario, ["HN-CS", "HN-CS-LY"])

    def test_year_and_status(self, scenario: TestClient, client_as: ClientFactory) -> None:
        approver = client_as("admin", name="second-admin")  # four eyes: not the token that wrote it
        assert approver.post("/api/v1/archives/HN-CS/reports/2023/approve").status_code == 200
        page = scenario.get(REPORTS, params={"year": 2023, "status": "approved"}).json()
        assert keys(page) == [("HN-CS", 2023)]

    def test_updated_since_returns_only_what_changed(self, scenario: TestClient) -> None:
        time.sleep(0.01)
        since = datetime.now(UTC).isoformat()
        put_report(scenario, "HN-ZZ-YX", 2024, holdings=1000, digitized=990)
        page = scenario.get(REPORTS, params={"updated_since": since}).json()
        assert keys(page) == [("HN-ZZ-YX", 2024)]

    def test_unknown_archive_in_under_is_404(self, scenario: TestClient) -> None:
        response = scenario.get(REPORTS, params={"under": "NOPE"})
        assert (response.status_code, response.json()["error"]) == (404, "ArchiveNotFound")

    def test_a_misspelt_filter_is_refused(self, scenario: TestClient) -> None:
        response = scenario.get(REPORTS, params={"yaer": 2023})
        assert (response.status_code, response.json()["error"]) == (400, "UnknownParameter")


PLACED_LISTS = {  # each list that filters by place: the parameters it needs, how its items name their archive
    "/api/v1/archives": ({}, "code"),
    "/api/v1/compliance": ({"plan": PLAN}, "archive_code"),
    REPORTS: ({}, "archive_code"),
}


def archives_listed(client: TestClient, path: str, **params: str) -> list[str]:
    needed, key = PLACED_LISTS[path]
    response = client.get(path, params={"limit": 10_000, **needed, **params})
    assert response.status_code == 200, response.text
    return sorted({item[key] for item in response.json()["items"]})


class TestPlaceFilters:
    """parent_code = the archives directly below one; under = the archive and its whole subtree."""

    @pytest.mark.parametrize("path", PLACED_LISTS)
    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"parent_code": "HN"}, ["HN-CS", "HN-ZZ"]),
            ({"parent_code": "HN-CS"}, ["HN-CS-LY"]),
            ({"under": "HN-CS"}, ["HN-CS", "HN-CS-LY"]),
            ({"under": "HN"}, ["HN", "HN-CS", "HN-CS-LY", "HN-ZZ", "HN-ZZ-YX"]),
            ({"under": "HN-ZZ", "parent_code": "HN"}, ["HN-ZZ"]),
            ({"parent_code": "HN-CS-LY"}, []),
        ],
    )
    def test_one_meaning_on_every_list(self, scenario: TestClient, path: str, params: dict, expected: list) -> None:
        # not every archive is on every list (HN has no target, HN-ZZ-YX no report): the oracle is the unfiltered list
        everything = set(archives_listed(scenario, path))
        assert {"HN-CS", "HN-CS-LY", "HN-ZZ"} <= everything
        assert archives_listed(scenario, path, **params) == [code for code in expected if code in everything]

    @pytest.mark.parametrize("path", PLACED_LISTS)
    @pytest.mark.parametrize("parameter", ["parent_code", "under"])
    def test_an_unknown_archive_is_404_naming_the_parameter(
        self, scenario: TestClient, path: str, parameter: str
    ) -> None:
        response = scenario.get(path, params={**PLACED_LISTS[path][0], parameter: "NOPE"})
        assert (response.status_code, response.json()["error"]) == (404, "ArchiveNotFound")
        assert response.json()["detail"].startswith(f"{parameter}: ")


class TestUpdatedSince:
    """archives and targets: only what was written at or after a zoned ISO 8601 instant."""

    def test_archives_changed_since(self, scenario: TestClient) -> None:
        time.sleep(0.01)
        since = datetime.now(UTC).isoformat()
        assert scenario.patch("/api/v1/archives/HN-ZZ", json={"name": "株洲市档案馆（新）"}).status_code == 200
        page = scenario.get("/api/v1/archives", params={"updated_since": since}).json()
        assert ([item["code"] for item in page["items"]], page["total"]) == (["HN-ZZ"], 1)
        assert (
            scenario.get("/api/v1/archives", params={"updated_since": "2000-01-01T00:00:00+08:00"}).json()["total"] == 5
        )

    def test_a_patch_that_changes_nothing_is_not_a_change(self, scenario: TestClient) -> None:
        time.sleep(0.01)
        since = datetime.now(UTC).isoformat()
        assert scenario.patch("/api/v1/archives/HN-ZZ", json={"name": "株洲市档案馆"}).status_code == 200
        assert scenario.get("/api/v1/archives", params={"updated_since": since}).json()["items"] == []

    def test_targets_set_since(self, scenario: TestClient) -> None:
        time.sleep(0.01)
        since = datetime.now(UTC).isoformat()
        body = {"rule": "reach_rate", "value": 70, "unit": "pct", "basis": "volumes", "archive_code": "HN-CS"}
        created = scenario.post(f"/api/v1/plans/{PLAN}/targets", json=body).json()
        page = scenario.get(f"/api/v1/plans/{PLAN}/targets", params={"updated_since": since}).json()
        assert [item["id"] for item in page["items"]] == [created["id"]]
        assert created["updated_at"] == created["created_at"]
        everything = scenario.get(f"/api/v1/plans/{PLAN}/targets").json()
        assert everything["total"] == 5

    @pytest.mark.parametrize("path", ["/api/v1/archives", f"/api/v1/plans/{PLAN}/targets", REPORTS])
    @pytest.mark.parametrize("value", ["2026-01-31T08:00:00", "yesterday", "2026-13-01T00:00:00Z"])
    def test_an_instant_without_a_zone_or_malformed_is_422(self, scenario: TestClient, path: str, value: str) -> None:
        response = scenario.get(path, params={"updated_since": value})
        assert (response.status_code, response.json()["error"]) == (422, "ValidationError")
        assert "updated_since" in response.json()["detail"]


class TestAuditPlaceFilters:
    """The audit trail: parent_code and under by the archive path each write kept."""

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"parent_code": "HN"}, {"HN-CS", "HN-ZZ"}),
            ({"under": "HN-CS"}, {"HN-CS", "HN-CS-LY"}),
            ({"under": "HN"}, {"HN", "HN-CS", "HN-CS-LY", "HN-ZZ", "HN-ZZ-YX"}),
            ({"under": "HN", "parent_code": "HN-ZZ"}, {"HN-ZZ-YX"}),
            ({"under": "NOPE"}, set()),  # history may name removed archives: no 404 here
        ],
    )
    def test_parent_code_and_under(self, scenario: TestClient, params: dict, expected: set) -> None:
        items = scenario.get("/api/v1/audit", params={"limit": 10_000, **params}).json()["items"]
        assert {item["archive_code"] for item in items} == expected
        every = scenario.get("/api/v1/audit", params={"limit": 10_000}).json()["items"]
        assert len(items) == sum(1 for item in every if item["archive_code"] in expected)
