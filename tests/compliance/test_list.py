"""GET /api/v1/compliance: every archive's standing against a plan, filtered, paged, counted."""

import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.domain.clock import RoundClock
from app.models.common import utcnow
from app.models.compliance import CompliancePage
from app.services.compliance.lists import ComplianceFilters, filtered_compliance
from tests.compliance.builders import (
    PLAN,
    archive_with_reports,
    codes,
    compliance,
    fourteenth_plan,
    no_other_statuses,
    rule,
)
from tests.conftest import ClientFactory, TokenFactory
from tests.factories import create_archive, create_target


class TestFigures:
    def test_an_archive_on_pace_shows_the_figures_worked_by_hand(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2021: 400, 2022: 500, 2023: 600})

        item = compliance(client)["items"][0]

        reach = rule(item, "reach_rate")
        assert (item["status"], reach["status"]) == ("on_track", "on_track")
        # 60% in 2023, 10 points a year since 2021: 60 + 10 x 2 = 80% by 2025, exactly the target.
        assert reach["rate_pct"] == 60.0 and reach["previous_rate_pct"] == 50.0
        assert reach["growth_pp"] == 10.0 and reach["growth_relative_pct"] == 20.0
        assert reach["pace_pp_per_year"] == 10.0 and reach["pace_from_year"] == 2021
        assert reach["projected_rate_pct"] == 80.0
        # (80 - 60) / (2025 - 2023) = 10 points a year = 100 of the 1,000 volumes a year; 20 / 10 = 2 years.
        assert reach["required_pp_per_year"] == 10.0 and reach["required_per_year"] == 100
        assert reach["years_to_target"] == 2.0
        assert reach["fallback"]["met"] is True and reach["fallback"]["growth_pp"] == 10.0
        assert reach["target"] == {
            "id": reach["target"]["id"],
            "rule": "reach_rate",
            "value": 80.0,
            "unit": "pct",
            "basis": "volumes",
            "scope": "default",
            "year": None,
            "under": None,
        }
        assert [reason["code"] for reason in reach["reasons"]] == ["projected_reaches_target"]

    def test_figures_are_rounded_only_in_the_json(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-YY", {2021: 1000, 2022: 1350, 2023: 1500}, held=3000)

        reach = rule(compliance(client)["items"][0], "reach_rate")

        # 33.33% -> 50%: (50 - 100/3) / 2 = 8.333 points a year, reaching 66.67% by 2025.
        assert reach["status"] == "off_track"
        assert reach["pace_pp_per_year"] == 8.33 and reach["projected_rate_pct"] == 66.67
        # 15 points a year of 3,000 volumes = 450 volumes; 30 / 8.333 = 3.6 years.
        assert reach["required_pp_per_year"] == 15.0 and reach["required_per_year"] == 450
        assert reach["years_to_target"] == 3.6
        assert reach["fallback"]["met"] is False and reach["fallback"]["growth_pp"] == 5.0

    def test_the_answer_matches_its_declared_schema(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2021: 400, 2022: 500, 2023: 600})
        archive_with_reports(client, "HN-ZZ", {})

        answer = compliance(client)

        assert CompliancePage.model_validate(answer).total == 2


class TestWrittenAnswers:
    def test_the_list_joined_from_each_archives_json_is_the_pages_own_json(
        self, client: TestClient, engine: Engine
    ) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2021: 400, 2022: 500, 2023: 600})
        archive_with_reports(client, "HN-YY", {2021: 1000, 2022: 1350, 2023: 1500}, held=3000)
        archive_with_reports(client, "HN-ZZ", {})

        with Session(engine) as session:
            judged = filtered_compliance(
                session, PLAN, None, ComplianceFilters(), "zh", RoundClock(utcnow(), "Asia/Shanghai")
            )
            joined, page = judged.page_json(2, 1), judged.page(2, 1)

        assert json.loads(joined) == json.loads(page.model_dump_json())
        assert json.loads(joined)["items"][0]["archive_code"] == "HN-YY"


class TestWhoIsListed:
    def test_only_archives_some_target_applies_to_are_listed(self, client: TestClient) -> None:
        fourteenth_plan(client, "municipal")
        create_archive(client, "HN", level="provincial")
        archive_with_reports(client, "HN-CS", {2023: 600}, parent_code="HN")

        assert codes(compliance(client)) == ["HN-CS"]

    def test_a_kind_specific_default_leaves_other_kinds_out(self, client: TestClient) -> None:
        fourteenth_plan(client, "county", growth=None)
        create_target(
            client,
            PLAN,
            rule="reach_rate",
            value=70,
            unit="pct",
            basis="volumes",
            level="municipal",
            kind="comprehensive",
        )
        create_archive(client, "CS-UC", kind="urban_construction")
        create_archive(client, "CS")

        assert codes(compliance(client)) == ["CS"]

    def test_the_year_defaults_to_the_latest_reported(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2021: 400, 2022: 500})
        archive_with_reports(client, "HN-ZZ", {2023: 900})

        assert compliance(client)["year"] == 2023
        assert compliance(client, year=2022)["year"] == 2022


class TestOverride:
    def test_an_archive_specific_target_beats_the_default(self, client: TestClient) -> None:
        fourteenth_plan(client, growth=None)
        archive_with_reports(client, "XY", {2022: 700, 2023: 720})
        archive_with_reports(client, "XY-2", {2022: 700, 2023: 720})
        create_target(client, PLAN, rule="reach_rate", value=70, unit="pct", basis="volumes", archive_code="XY")

        by_code = {item["archive_code"]: rule(item, "reach_rate") for item in compliance(client)["items"]}

        assert by_code["XY"]["status"] == "achieved"
        assert (by_code["XY"]["target"]["value"], by_code["XY"]["target"]["scope"]) == (70.0, "override")
        assert by_code["XY-2"]["status"] == "off_track"
        assert (by_code["XY-2"]["target"]["value"], by_code["XY-2"]["target"]["scope"]) == (80.0, "default")


def hunan_database(client: TestClient, _token_for: TokenFactory) -> None:
    """HN (province) > CS, YY (cities) > CS-X (county): achieved, off track, no data, insufficient."""
    fourteenth_plan(client, "provincial", "municipal", "county")
    archive_with_reports(client, "HN", {2022: 850, 2023: 900}, level="provincial")
    archive_with_reports(client, "CS", {2022: 300, 2023: 310}, parent_code="HN")
    archive_with_reports(client, "YY", {}, parent_code="HN")
    archive_with_reports(client, "CS-X", {2023: 500}, parent_code="CS", level="county")


BUILT = {"hunan": hunan_database}  # a test using `hunan` gets a copy, built once a run


class TestFilters:
    @pytest.fixture
    def hunan(self, client: TestClient) -> TestClient:
        """The admin's client on this test's copy of hunan_database."""
        return client

    def test_summary_counts_cover_the_whole_filtered_set_not_the_page(self, hunan: TestClient) -> None:
        answer = compliance(hunan, limit=1, offset=1)

        assert (codes(answer), answer["total"], answer["limit"], answer["offset"]) == (["CS-X"], 4, 1, 1)
        assert no_other_statuses(answer["summary"]["counts"], achieved=1, off_track=1, no_data=1, insufficient_data=1)

    def test_parent_code_selects_the_archives_directly_below_it(self, hunan: TestClient) -> None:
        # parent_code used to mean the whole subtree below (["CS", "CS-X", "YY"]); that is now `under`
        assert codes(compliance(hunan, parent_code="HN")) == ["CS", "YY"]
        assert codes(compliance(hunan, parent_code="CS")) == ["CS-X"]

    def test_under_selects_the_archive_and_its_whole_subtree(self, hunan: TestClient) -> None:
        assert codes(compliance(hunan, under="HN")) == ["CS", "CS-X", "HN", "YY"]
        assert codes(compliance(hunan, under="CS")) == ["CS", "CS-X"]
        assert codes(compliance(hunan, under="CS", parent_code="CS")) == ["CS-X"]

    def test_status_filter_keeps_those_statuses_and_counts_every_status_beside(self, hunan: TestClient) -> None:
        # the counts are over the filtered set before the status filter (they were zeroed before)
        answer = compliance(hunan, status=["no_data", "achieved"])

        assert (codes(answer), answer["total"], answer["summary"]["total"]) == (["HN", "YY"], 2, 4)
        assert no_other_statuses(answer["summary"]["counts"], achieved=1, off_track=1, no_data=1, insufficient_data=1)

    def test_counts_follow_the_other_filters_but_not_the_status(self, hunan: TestClient) -> None:
        answer = compliance(hunan, level="municipal", status="no_data", limit=1)

        assert (codes(answer), answer["total"], answer["summary"]["total"]) == (["YY"], 1, 2)
        assert no_other_statuses(answer["summary"]["counts"], off_track=1, no_data=1)

    def test_a_status_nobody_has_lists_nothing_and_still_counts_the_rest(self, hunan: TestClient) -> None:
        answer = compliance(hunan, status="missed")

        assert (answer["items"], answer["total"], answer["summary"]["total"]) == ([], 0, 4)
        assert sum(answer["summary"]["counts"].values()) == 4

    def test_level_filter(self, hunan: TestClient) -> None:
        assert codes(compliance(hunan, level="municipal")) == ["CS", "YY"]

    def test_filters_combine(self, hunan: TestClient) -> None:
        assert codes(compliance(hunan, parent_code="HN", level="municipal", status="off_track")) == ["CS"]


class TestLanguage:
    def test_reasons_and_labels_in_chinese_when_asked(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2021: 400, 2022: 500, 2023: 600})

        item = compliance(client, headers={"Accept-Language": "zh-CN,zh;q=0.9"})["items"][0]

        assert item["status_label"] == "进度正常"
        assert rule(item, "reach_rate")["reasons"][0]["message"] == (
            "2023年数字化率60.0%；按每年10.0个百分点的进度，到2025年可达80.0%，不低于目标80.0%"
        )


class TestApprovedOnly:
    def test_judges_on_approved_reports_alone(self, client: TestClient, client_as: ClientFactory) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2021: 400, 2022: 500, 2023: 600})
        approver = client_as("admin", name="second-admin")  # four eyes: not the token that wrote them
        for year in (2021, 2022):
            assert approver.post(f"/api/v1/archives/HN-CS/reports/{year}/approve").status_code == 200

        everything = compliance(client)
        approved = compliance(client, approved_only="true")

        assert (everything["year"], rule(everything["items"][0], "reach_rate")["figures_approved"]) == (2023, False)
        assert approved["year"] == 2022 and approved["approved_only"] is True
        reach = rule(approved["items"][0], "reach_rate")
        assert (reach["rate_pct"], reach["figures_approved"]) == (50.0, True)

    def test_unapproved_years_count_as_unreported(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2022: 500, 2023: 600})

        answer = compliance(client, approved_only="true", year=2023)

        assert answer["items"][0]["status"] == "no_data"


class TestErrors:
    @pytest.mark.parametrize(
        ("params", "status", "error"),
        [
            ({"plan": "NOPE"}, 404, "PlanNotFound"),
            ({"plan": PLAN, "parent_code": "NOPE"}, 404, "ArchiveNotFound"),
            ({"plan": PLAN, "year": 1800}, 422, "ValidationError"),
            ({"plan": PLAN, "year": "soon"}, 422, "ValidationError"),
            ({"plan": PLAN, "format": "xml"}, 422, "ValidationError"),
            ({"plan": PLAN, "status": "fine"}, 422, "ValidationError"),
            ({"plan": PLAN, "limit": 10_001}, 422, "ValidationError"),
            ({}, 422, "ValidationError"),
        ],
    )
    def test_bad_requests_are_refused_by_name(self, client: TestClient, params: dict, status: int, error: str) -> None:
        fourteenth_plan(client)

        response = client.get("/api/v1/compliance", params=params)

        assert response.status_code == status, response.text
        assert response.json()["error"] == error and response.json()["detail"]

    def test_a_whole_country_page_is_allowed(self, client: TestClient) -> None:
        fourteenth_plan(client)

        assert compliance(client, limit=10_000)["limit"] == 10_000

    def test_reading_needs_a_token(self, app: FastAPI) -> None:
        with TestClient(app) as anonymous:
            response = anonymous.get("/api/v1/compliance", params={"plan": PLAN})

        assert (response.status_code, response.json()["error"]) == (401, "Unauthorized")
