"""Over HTTP: the fallback's own growth year and
`met: false`, the latest rate of any year, rollups without unbound archives, the what-if's
default year, and quotas for a year that is over."""

from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.compliance.builders import PLAN, archive_with_reports, compliance, fourteenth_plan, rule
from tests.factories import create_archive, create_target, put_report

THIS_YEAR = date.today().year


def read(client: TestClient, url: str, **params: object) -> dict:
    response = client.get(url, params={"plan": PLAN, **params})
    assert response.status_code == 200, response.text
    return response.json()


def post_plan(client: TestClient, code: str, start: int, end: int, **fields: object) -> dict:
    body = {"code": code, "name": code, "start_year": start, "end_year": end} | fields
    response = client.post("/api/v1/plans", json=body)
    assert response.status_code == 201, response.text
    return response.json()


class TestFallback:
    def test_no_earlier_rate_is_not_met_and_says_why(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2020: 300, 2024: 500})

        reach = rule(compliance(client, year=2024)["items"][0], "reach_rate")

        assert reach["fallback"]["met"] is False and reach["fallback"]["growth_from_year"] is None
        assert "fallback_no_previous_year" in [reason["code"] for reason in reach["reasons"]]

    def test_the_fallback_names_its_own_growth_year(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2022: 400, 2024: 600})

        reach = rule(compliance(client, year=2024)["items"][0], "reach_rate")

        assert (reach["fallback"]["met"], reach["fallback"]["growth_from_year"]) == (True, 2022)
        assert "from_year" not in reach["fallback"]


def test_no_final_report_names_the_latest_rate_of_any_year(client: TestClient) -> None:
    fourteenth_plan(client, growth=None)
    archive_with_reports(client, "HN-CS", {2021: 450})
    archive_with_reports(client, "HN-YY", {2025: 900})

    item = next(item for item in compliance(client, year=2025)["items"] if item["archive_code"] == "HN-CS")
    reach = rule(item, "reach_rate")

    assert (reach["status"], reach["reasons"][0]["code"]) == ("missed", "no_final_report")
    assert reach["reasons"][0]["message"].endswith("latest: 45.0% in 2021")
    detail = read(client, "/api/v1/archives/HN-CS/compliance", year=2025)
    assert rule(detail, "reach_rate")["reasons"] == reach["reasons"]


@pytest.fixture
def nation(client: TestClient) -> TestClient:
    """CN > (HN > HN-CS, HB > HB-XY); the plan binds Hunan only."""
    create_archive(client, "CN", level="provincial")
    for province in ("HN", "HB"):
        create_archive(client, province, level="provincial", parent_code="CN")
        archive_with_reports(client, f"{province}-C", {2023: 500}, level="municipal", parent_code=province)
    post_plan(client, PLAN, 2021, 2025, under="HN")
    create_target(client, PLAN, rule="reach_rate", value=80, unit="pct", basis="volumes", level="municipal")
    return client


class TestRollupLeavesOutUnbound:
    def test_children_the_plan_does_not_bind_are_left_out(self, nation: TestClient) -> None:
        answer = read(nation, "/api/v1/archives/CN/rollup")
        assert [child["archive_code"] for child in answer["children"]] == ["HN"]
        assert (answer["archives"], answer["reasons"]) == (1, [])

    def test_a_rollup_of_an_unbound_archive_answers_not_bound(self, nation: TestClient) -> None:
        answer = read(nation, "/api/v1/archives/HB/rollup")
        assert [reason["code"] for reason in answer["reasons"]] == ["not_bound"]
        assert (answer["archives"], answer["children"]) == (0, [])


def test_a_what_if_for_this_year_is_judged_as_of_the_plans_own_year(client: TestClient) -> None:
    fourteenth_plan(client)
    archive_with_reports(client, "HN-CS", {2022: 500, 2023: 550})
    report = {"year": THIS_YEAR, "holdings_volumes": 1000, "digitized_volumes": 900}

    response = client.post(
        "/api/v1/archives/HN-CS/compliance/what-if", params={"plan": PLAN}, json={"reports": [report]}
    )

    assert response.status_code == 200, response.text
    assert response.json()["year"] == min(THIS_YEAR, 2025)


class TestEndedYears:
    def test_a_quota_for_a_year_that_is_over_is_final_in_the_default_view(self, client: TestClient) -> None:
        post_plan(client, "HN2017", 2017, 2017)
        create_target(client, "HN2017", rule="annual_quota", value=500, unit="volumes", basis="volumes", level="county")
        archive_with_reports(client, "HN-CS-CSX", {2016: 100, 2017: 300}, level="county", held=10_000)

        listed = read(client, "/api/v1/compliance", plan="HN2017")

        assert listed["year"] == 2017
        assert rule(listed["items"][0], "annual_quota")["status"] == "missed"
        assert listed["items"][0]["status_label"] == "missed"

    def test_a_quota_for_this_year_is_still_running(self, client: TestClient) -> None:
        post_plan(client, "NOW", THIS_YEAR, THIS_YEAR)
        create_target(client, "NOW", rule="annual_quota", value=500, unit="volumes", basis="volumes", level="county")
        create_archive(client, "HN-CS-CSX", level="county")
        put_report(client, "HN-CS-CSX", THIS_YEAR - 1, holdings=10_000, digitized=100)
        put_report(client, "HN-CS-CSX", THIS_YEAR, holdings=10_000, digitized=300)

        assert rule(read(client, "/api/v1/compliance", plan="NOW")["items"][0], "annual_quota")["status"] == "off_track"

    def test_a_missed_deadline_says_the_met_fallback_no_longer_counts(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2024: 500, 2025: 620})

        reach = rule(compliance(client, year=2025)["items"][0], "reach_rate")

        assert reach["status"] == "missed"
        assert [reason["code"] for reason in reach["reasons"]] == ["deadline_missed", "fallback_met_at_deadline"]


def test_copying_a_plan_with_yearly_quotas_copies_what_applies_and_names_the_rest(client: TestClient) -> None:
    post_plan(client, "FYP14", 2021, 2025)
    create_target(client, "FYP14", rule="reach_rate", value=80, unit="pct", basis="volumes", level="county")
    create_target(client, "FYP14", rule="annual_quota", value=500, unit="pages", basis="pages", level="county")
    create_target(
        client, "FYP14", rule="annual_quota", value=900, unit="pages", basis="pages", level="county", year=2023
    )

    created = post_plan(client, "FYP15", 2026, 2030, follows="FYP14", copy_targets_from="FYP14")

    copied = client.get("/api/v1/plans/FYP15/targets").json()["items"]
    assert sorted((target["rule"], target["year"]) for target in copied) == [
        ("annual_quota", None),
        ("reach_rate", None),
    ]
    assert [(target["plan_code"], target["value"], target["year"]) for target in created["targets_left_out"]] == [
        ("FYP14", 900, 2023)
    ]
    assert post_plan(client, "P2", 2021, 2025, copy_targets_from="FYP14")["targets_left_out"] == []


def test_a_tie_says_the_units_short_in_the_list_one_archive_and_the_what_if(client: TestClient) -> None:
    fourteenth_plan(client, growth=None)
    create_archive(client, "HN-CS")
    put_report(client, "HN-CS", 2023, holdings=100_000, digitized=79_000)
    put_report(client, "HN-CS", 2024, holdings=100_000, digitized=79_490)  # projects 79.98% for 2025

    listed = rule(compliance(client, year=2024)["items"][0], "reach_rate")["reasons"][0]["message"]
    one = rule(read(client, "/api/v1/archives/HN-CS/compliance", year=2024), "reach_rate")["reasons"][0]["message"]
    report = {"year": 2025, "holdings_volumes": 100_000, "digitized_volumes": 79_996}
    response = client.post(
        "/api/v1/archives/HN-CS/compliance/what-if", params={"plan": PLAN}, json={"reports": [report]}
    )
    what_if = rule(response.json(), "reach_rate")["reasons"][0]["message"]

    assert listed == one and "20 volumes short" in listed and "80.0%" not in listed.split("short of")[1][:8]
    assert "4 volumes short of 80%" in what_if
