"""Over HTTP: plans and targets under a region, the plan's phases, the per-plan
default year, closed quotas, and the plan turnover (follows, copy_targets_from)."""

import csv
import io
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.compliance.builders import rule
from tests.conftest import TokenFactory
from tests.factories import create_archive, create_target, put_report

HUNAN_HUBEI = ("HN", "HN-CS", "HN-CS-X", "HB", "HB-XY", "HB-XY-GC")


def plan(client: TestClient, code: str, start: int, end: int, **fields: object) -> dict:
    body = {"code": code, "name": code, "start_year": start, "end_year": end} | fields
    response = client.post("/api/v1/plans", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def read(client: TestClient, url: str, **params: object) -> dict:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def regions_database(client: TestClient, _token_for: TokenFactory) -> None:
    """Hunan and Hubei, each a province > city > county, every one at 50% in 2022 and 60% in 2023."""
    for code in HUNAN_HUBEI:
        level = {1: "provincial", 2: "municipal", 3: "county"}[code.count("-") + 1]
        parent = code.rsplit("-", 1)[0] if "-" in code else None
        create_archive(client, code, level=level, parent_code=parent)
        put_report(client, code, 2022, holdings=1000, digitized=500)
        put_report(client, code, 2023, holdings=1000, digitized=600)


BUILT = {"regions": regions_database}  # a test using `regions` gets a copy, built once a run


@pytest.fixture
def regions(client: TestClient) -> TestClient:
    """The admin's client on this test's copy of regions_database."""
    return client


class TestUnder:
    @pytest.fixture
    def hunan_quota(self, regions: TestClient) -> TestClient:
        plan(regions, "HN2023", 2023, 2023, under="HN")
        for level in ("municipal", "county"):
            create_target(
                regions,
                "HN2023",
                rule="annual_quota",
                value=50,
                unit="volumes",
                basis="volumes",
                level=level,
                year=2023,
            )
        return regions

    def test_a_plan_under_a_region_lists_only_the_archives_below_it(self, hunan_quota: TestClient) -> None:
        listed = read(hunan_quota, "/api/v1/compliance", plan="HN2023")
        assert [item["archive_code"] for item in listed["items"]] == ["HN-CS", "HN-CS-X"]
        assert listed["year"] == 2023

    def test_the_csv_lists_the_same_archives(self, hunan_quota: TestClient) -> None:
        response = hunan_quota.get("/api/v1/compliance", params={"plan": "HN2023", "format": "csv"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert sorted({row[0] for row in rows[1:]}) == ["HN-CS", "HN-CS-X"]

    def test_an_archive_outside_answers_no_status_and_why(self, hunan_quota: TestClient) -> None:
        detail = read(hunan_quota, "/api/v1/archives/HB-XY/compliance", plan="HN2023")
        assert (detail["status"], detail["rules"]) == (None, [])
        assert [reason["code"] for reason in detail["reasons"]] == ["not_bound"]

    def test_the_rollup_counts_only_archives_it_binds(self, hunan_quota: TestClient) -> None:
        assert read(hunan_quota, "/api/v1/archives/HB/rollup", plan="HN2023")["archives"] == 0
        hunan = read(hunan_quota, "/api/v1/archives/HN/rollup", plan="HN2023")
        assert (hunan["archives"], hunan["counts"]["achieved"]) == (2, 2)

    def test_a_default_under_a_region_beats_the_plan_wide_one(self, regions: TestClient) -> None:
        plan(regions, "FYP14", 2021, 2025)
        create_target(regions, "FYP14", rule="reach_rate", value=80, unit="pct", basis="volumes", level="county")
        create_target(
            regions, "FYP14", rule="reach_rate", value=60, unit="pct", basis="volumes", level="county", under="HB-XY"
        )
        listed = {
            item["archive_code"]: item for item in read(regions, "/api/v1/compliance", plan="FYP14", year=2023)["items"]
        }
        xiangyang, changsha = rule(listed["HB-XY-GC"], "reach_rate"), rule(listed["HN-CS-X"], "reach_rate")
        assert (xiangyang["target"]["value"], xiangyang["target"]["under"], xiangyang["status"]) == (
            60,
            "HB-XY",
            "achieved",
        )
        assert (changsha["target"]["value"], changsha["target"]["under"], changsha["status"]) == (80, None, "on_track")

    def test_the_same_default_twice_is_a_conflict(self, regions: TestClient) -> None:
        plan(regions, "FYP14", 2021, 2025)
        body = {
            "rule": "reach_rate",
            "value": 70,
            "unit": "pct",
            "basis": "volumes",
            "level": "county",
            "under": "HB-XY",
        }
        create_target(regions, "FYP14", **body)
        response = regions.post("/api/v1/plans/FYP14/targets", json=body | {"value": 75})
        assert (response.status_code, response.json()["error"]) == (409, "TargetExists")
        assert [t["value"] for t in read(regions, "/api/v1/plans/FYP14/targets")["items"] if t["under"] == "HB-XY"] == [
            70
        ]

    def test_a_default_outside_the_plans_region_is_refused(self, hunan_quota: TestClient) -> None:
        body = {
            "rule": "annual_quota",
            "value": 5,
            "unit": "volumes",
            "basis": "volumes",
            "level": "county",
            "under": "HB-XY",
        }
        response = hunan_quota.post("/api/v1/plans/HN2023/targets", json=body)
        assert (response.status_code, response.json()["error"]) == (422, "InvalidTargetScope")
        assert "under" in response.json()["detail"]

    def test_a_plan_under_an_unknown_archive_is_refused(self, client: TestClient) -> None:
        body = {"code": "P", "name": "P", "start_year": 2021, "end_year": 2025, "under": "NOPE"}
        response = client.post("/api/v1/plans", json=body)
        assert (response.status_code, response.json()["error"]) == (404, "ArchiveNotFound")
        assert client.get("/api/v1/plans/P").status_code == 404


class TestPhasesAndYears:
    def test_before_its_start_a_plan_is_not_started_with_its_figures(self, regions: TestClient) -> None:
        plan(regions, "FYP15", 2026, 2030)
        create_target(regions, "FYP15", rule="reach_rate", value=90, unit="pct", basis="volumes", level="county")
        detail = read(regions, "/api/v1/archives/HN-CS-X/compliance", plan="FYP15")
        reach = rule(detail, "reach_rate")
        assert (detail["year"], detail["status"], reach["rate_pct"]) == (2023, "not_started", 60.0)
        assert reach["required_pp_per_year"] == pytest.approx(30 / 7, abs=0.01)

    def test_a_closed_quota_is_missed_not_off_track(self, regions: TestClient) -> None:
        plan(regions, "Q", 2022, 2023)
        create_target(
            regions, "Q", rule="annual_quota", value=500, unit="volumes", basis="volumes", level="county", year=2022
        )
        put_report(regions, "HN-CS-X", 2021, holdings=1000, digitized=400)
        # as of 2022 itself: 2022 is over (the calendar year is later), so the quota is final too
        assert (
            rule(read(regions, "/api/v1/archives/HN-CS-X/compliance", plan="Q", year=2022), "annual_quota")["status"]
            == "missed"
        )
        assert (
            rule(read(regions, "/api/v1/archives/HN-CS-X/compliance", plan="Q", year=2023), "annual_quota")["status"]
            == "missed"
        )

    def test_the_default_year_is_the_plans_own(self, regions: TestClient) -> None:
        put_report(regions, "HB-XY", 2024, holdings=1000, digitized=700)
        plan(regions, "HN2023", 2022, 2023, under="HN")
        create_target(regions, "HN2023", rule="reach_rate", value=50, unit="pct", basis="volumes", level="county")
        plan(regions, "HB", 2021, 2025, under="HB")
        create_target(regions, "HB", rule="reach_rate", value=50, unit="pct", basis="volumes", level="municipal")
        put_report(regions, "HN-CS", 2024, holdings=1000, digitized=700)
        assert read(regions, "/api/v1/compliance", plan="HN2023")["year"] == 2023  # never after its end
        assert read(regions, "/api/v1/compliance", plan="HB")["year"] == 2024
        plan(regions, "HN-ONLY", 2021, 2025, under="HN-CS-X")
        create_target(regions, "HN-ONLY", rule="reach_rate", value=50, unit="pct", basis="volumes", level="county")
        assert read(regions, "/api/v1/compliance", plan="HN-ONLY")["year"] == 2023  # HN-CS's 2024 is not its

    def test_a_report_for_a_year_not_yet_begun_is_refused(self, regions: TestClient) -> None:
        response = regions.put(
            f"/api/v1/archives/HN/reports/{date.today().year + 1}",
            json={"holdings_volumes": 10, "digitized_volumes": 1},
        )
        assert (response.status_code, "year" in response.json()["detail"]) == (422, True)


class TestTurnover:
    @pytest.fixture
    def fourteenth(self, regions: TestClient) -> TestClient:
        plan(regions, "FYP14", 2021, 2025)
        create_target(regions, "FYP14", rule="reach_rate", value=80, unit="pct", basis="volumes", level="county")
        create_target(
            regions, "FYP14", rule="reach_rate", value=55, unit="pct", basis="volumes", level="county", under="HB-XY"
        )
        put_report(regions, "HB-XY-GC", 2025, holdings=1000, digitized=650)
        return regions

    def test_the_fifteenth_plan_starts_from_the_fourteenth(self, fourteenth: TestClient) -> None:
        created = plan(fourteenth, "FYP15", 2026, 2030, follows="FYP14", copy_targets_from="FYP14")
        assert created["follows"] == "FYP14"
        copied = read(fourteenth, "/api/v1/plans/FYP15/targets")["items"]
        assert sorted((t["value"], t["under"]) for t in copied) == [(55, "HB-XY"), (80, None)]

        detail = read(fourteenth, "/api/v1/archives/HB-XY-GC/compliance", plan="FYP15", year=2026)
        assert detail["previous_plan"] == {"code": "FYP14", "end_year": 2025, "status": "achieved", "rate_pct": 65.0}
        other = read(fourteenth, "/api/v1/archives/HN-CS-X/compliance", plan="FYP15", year=2026)
        assert other["previous_plan"]["status"] == "missed"  # no report for 2025

    def test_following_an_unknown_plan_is_refused_and_nothing_is_made(self, fourteenth: TestClient) -> None:
        body = {"code": "FYP15", "name": "x", "start_year": 2026, "end_year": 2030, "follows": "FYP13"}
        response = fourteenth.post("/api/v1/plans", json=body)
        assert (response.status_code, response.json()["error"]) == (404, "PlanNotFound")
        assert "follows" in response.json()["detail"]
        assert fourteenth.get("/api/v1/plans/FYP15").status_code == 404


def test_every_seeded_demo_archive_has_a_volumes_items_rate(engine, client: TestClient) -> None:
    from app.db import open_session
    from app.seeding import load_seed, seed_dir

    session = open_session(engine, write=True)
    load_seed(session, seed_dir(None), demo=True, current_year=2026)
    session.commit()
    session.close()
    listed = read(client, "/api/v1/compliance", plan="FYP14", year=2024)
    assert listed["items"] and all(rule(item, "reach_rate")["rate_pct"] is not None for item in listed["items"])
    assert {rule(item, "reach_rate")["target"]["basis"] for item in listed["items"]} == {"volumes_items"}
    quota = read(client, "/api/v1/archives/HB-XY/compliance", plan="HN2017")
    assert (quota["status"], [r["code"] for r in quota["reasons"]]) == (None, ["not_bound"])
