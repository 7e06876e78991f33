"""HTTP caching: every data GET carries a strong ETag and Cache-Control, and If-None-Match answers 304."""

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.scenario import PLAN, YEAR, scenario_database

CACHED_GETS = [
    "/api/v1/archives",
    "/api/v1/archives/HN-CS",
    "/api/v1/archives/HN-CS/reports",
    "/api/v1/archives/HN-CS/reports/2023",
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


pytestmark = pytest.mark.built_by.with_args(scenario_database)  # every test reads the scenario (tests/scenario.py)


@pytest.fixture
def scenario(client: TestClient) -> TestClient:
    """The admin's client on this test's copy of the scenario."""
    return client


@pytest.mark.parametrize("path", CACHED_GETS)
def test_revalidation_answers_304_with_no_body(scenario: TestClient, path: str) -> None:
    first = scenario.get(path)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong
    assert first.headers["cache-control"] == "private, no-cache"
    assert "Accept-Language" in first.headers["vary"]  # kept apart for each language
    again = scenario.get(path, headers={"If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)


def test_a_change_changes_the_etag(scenario: TestClient) -> None:
    etag = scenario.get("/api/v1/archives/HN-CS").headers["etag"]
    scenario.patch("/api/v1/archives/HN-CS", json={"name": "长沙市档案馆（新馆）"})
    fresh = scenario.get("/api/v1/archives/HN-CS", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.json()["name"] == "长沙市档案馆（新馆）"
    assert fresh.headers["etag"] != etag


class TestAReportsOwnETag:
    """A report's ETag starts with its revision (If-Match takes it) and changes with its answer."""

    REPORT = "/api/v1/archives/HN-CS/reports/2023"

    def test_it_starts_with_the_revision_and_if_match_takes_it(self, scenario: TestClient) -> None:
        response = scenario.get(self.REPORT)
        etag = response.headers["etag"]
        assert etag.startswith(f'"{response.json()["revision"]}.')
        write = scenario.put(
            self.REPORT, json={"holdings_volumes": 1000, "digitized_volumes": 860}, headers={"If-Match": etag}
        )
        assert write.status_code == 200
        stale = scenario.put(
            self.REPORT, json={"holdings_volumes": 1000, "digitized_volumes": 870}, headers={"If-Match": etag}
        )
        assert stale.status_code == 412

    def test_a_reviewed_report_is_sent_in_full_though_its_revision_is_the_same(self, scenario: TestClient) -> None:
        first = scenario.get(self.REPORT)
        etag = first.headers["etag"]
        assert scenario.get(self.REPORT, headers={"If-None-Match": etag}).status_code == 304
        scenario.post(f"{self.REPORT}/return", json={"comment": "请核对"})
        again = scenario.get(self.REPORT, headers={"If-None-Match": etag})
        assert again.status_code == 200 and again.headers["etag"] != etag
        assert again.json()["status"] == "returned" != first.json()["status"]
        assert again.json()["revision"] == first.json()["revision"]

    def test_a_change_of_its_warnings_changes_it(self, scenario: TestClient) -> None:
        first = scenario.get(self.REPORT)
        # the year before now had more digitized than this year: this year's figures fell
        assert (
            scenario.put(
                "/api/v1/archives/HN-CS/reports/2022", json={"holdings_volumes": 1000, "digitized_volumes": 990}
            ).status_code
            == 200
        )
        again = scenario.get(self.REPORT, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 200
        assert again.json()["warnings"] != first.json()["warnings"]
        assert again.json()["revision"] == first.json()["revision"]


class TestHeadersThatKeepAnswersApart:
    def test_the_compliance_list_varies_by_accept(self, scenario: TestClient) -> None:
        listed = scenario.get("/api/v1/compliance", params={"plan": PLAN, "year": YEAR}, headers={"Accept": "text/csv"})
        assert "Accept" in [name.strip() for name in listed.headers["vary"].split(",")]

    def test_an_issued_token_is_never_stored(self, scenario: TestClient) -> None:
        issued = scenario.post("/api/v1/tokens", json={"role": "viewer", "name": "x"})
        assert issued.status_code == 201 and issued.headers["cache-control"] == "no-store"


def test_errors_and_writes_are_not_cached(scenario: TestClient) -> None:
    missing = scenario.get("/api/v1/archives/NOPE")
    assert missing.status_code == 404 and "etag" not in missing.headers
    written = scenario.patch("/api/v1/archives/HN-CS", json={"name": "x"})
    assert "cache-control" not in written.headers


class TestLastModified:
    """One archive and one report carry Last-Modified; If-Modified-Since at or after it answers 304."""

    @pytest.fixture
    def settled(self, scenario: TestClient) -> TestClient:
        time.sleep(1.05)  # Last-Modified is sent once the second of the last change is over
        return scenario

    @pytest.mark.parametrize("path", ["/api/v1/archives/HN-CS", "/api/v1/archives/HN-CS/reports/2023"])
    def test_if_modified_since_answers_304_when_nothing_changed(self, settled: TestClient, path: str) -> None:
        first = settled.get(path)
        stamp = first.headers["last-modified"]
        assert parsedate_to_datetime(stamp) <= datetime.now(UTC)
        assert first.headers["cache-control"] == "private, no-cache"
        again = settled.get(path, headers={"If-Modified-Since": stamp})
        assert (again.status_code, again.content) == (304, b"")
        earlier = format_datetime(parsedate_to_datetime(stamp) - timedelta(seconds=1), usegmt=True)
        assert settled.get(path, headers={"If-Modified-Since": earlier}).status_code == 200

    def test_an_archive_changed_since_is_sent_again(self, settled: TestClient) -> None:
        stamp = settled.get("/api/v1/archives/HN-CS").headers["last-modified"]
        assert settled.patch("/api/v1/archives/HN-CS", json={"name": "长沙市档案馆（新馆）"}).status_code == 200
        fresh = settled.get("/api/v1/archives/HN-CS", headers={"If-Modified-Since": stamp})
        assert fresh.status_code == 200  # sent again at once, never 304
        if "last-modified" in fresh.headers:  # a loaded machine may have let the change's second end meanwhile
            assert parsedate_to_datetime(fresh.headers["last-modified"]) > parsedate_to_datetime(stamp)
        time.sleep(1.05)
        later = settled.get("/api/v1/archives/HN-CS", headers={"If-Modified-Since": stamp})
        assert later.status_code == 200
        assert parsedate_to_datetime(later.headers["last-modified"]) > parsedate_to_datetime(stamp)

    @pytest.mark.parametrize(
        "change",
        [
            lambda client: client.put(
                "/api/v1/archives/HN-ZZ/reports/2023", json={"holdings_volumes": 1000, "digitized_volumes": 320}
            ),  # a peer of the same year: the report's warnings may change
            lambda client: client.post("/api/v1/archives/HN-CS/reports/2023/return", json={"comment": "请核对"}),
        ],
    )
    def test_a_report_is_sent_again_after_a_review_or_a_peers_write(
        self, settled: TestClient, change: Callable[[TestClient], Response]
    ) -> None:
        stamp = settled.get("/api/v1/archives/HN-CS/reports/2023").headers["last-modified"]
        assert change(settled).status_code == 200
        time.sleep(1.05)
        assert (
            settled.get("/api/v1/archives/HN-CS/reports/2023", headers={"If-Modified-Since": stamp}).status_code == 200
        )

    def test_if_none_match_wins_over_if_modified_since(self, settled: TestClient) -> None:
        stamp = settled.get("/api/v1/archives/HN-CS").headers["last-modified"]
        both = {"If-Modified-Since": stamp, "If-None-Match": '"not-this-one"'}
        assert settled.get("/api/v1/archives/HN-CS", headers=both).status_code == 200

    def test_a_date_in_the_future_is_no_validator(self, settled: TestClient) -> None:
        tomorrow = format_datetime(datetime.now(UTC) + timedelta(days=1), usegmt=True)
        assert settled.get("/api/v1/archives/HN-CS", headers={"If-Modified-Since": tomorrow}).status_code == 200

    @pytest.mark.parametrize("value", ["yesterday", "", "Mon, 32 Foo 2026 99:00:00 GMT"])
    def test_a_malformed_date_is_ignored(self, settled: TestClient, value: str) -> None:
        assert settled.get("/api/v1/archives/HN-CS", headers={"If-Modified-Since": value}).status_code == 200
