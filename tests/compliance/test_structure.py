"""Compliance lists and rollups in the tree of the year judged (structure=as_of) or today's (structure=current).

Hunan (HN) supervises two cities, CS and YY; CS supervises the counties CS-A and CS-B, YY the
county YY-C. Every archive holds 1,000 volumes. The changes are recorded as events dated 2023.
"""

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.compliance.builders import PLAN, archive_with_reports, codes, compliance, fourteenth_plan, rule
from tests.conftest import TokenFactory
from tests.factories import create_archive, create_target, record_event

CHANGED_ON = "2023-03-01"


def rollup(client: TestClient, code: str, **params: object) -> dict:
    response = client.get(f"/api/v1/archives/{code}/rollup", params={"plan": PLAN, **params})
    assert response.status_code == 200, response.text
    return response.json()


def event(client: TestClient, code: str, **body: object) -> None:
    """An event of the archive dated CHANGED_ON unless the body says otherwise."""
    record_event(client, code, **{"effective_date": CHANGED_ON, **body})


def merge(client: TestClient, sources: list[str], into: str) -> None:
    body = {"sources": sources, "into": into, "effective_date": CHANGED_ON, "document": "湘政函〔2023〕1号"}
    response = client.post("/api/v1/hierarchy/merges", json=body)
    assert response.status_code in (200, 201), response.text


def hunan_database(client: TestClient, _token_for: TokenFactory) -> None:
    """Digitized volumes of 1,000: CS-A 200 then 300, CS-B 400 then 500, YY-C 600 then 700 (2022, 2023)."""
    fourteenth_plan(client, "provincial", "municipal", "county", growth=None)
    archive_with_reports(client, "HN", {2022: 800, 2023: 900}, level="provincial", name="湖南省档案馆")
    archive_with_reports(client, "CS", {2022: 500, 2023: 500}, parent_code="HN", name="长沙市档案馆")
    archive_with_reports(client, "YY", {2022: 500, 2023: 500}, parent_code="HN", name="岳阳市档案馆")
    archive_with_reports(client, "CS-A", {2022: 200, 2023: 300}, parent_code="CS", level="county", name="甲县档案馆")
    archive_with_reports(client, "CS-B", {2022: 400, 2023: 500}, parent_code="CS", level="county", name="乙县档案馆")
    archive_with_reports(client, "YY-C", {2022: 600, 2023: 700}, parent_code="YY", level="county", name="丙县档案馆")


pytestmark = pytest.mark.built_by.with_args(hunan_database)  # built once a run, copied for each test


@pytest.fixture
def hunan(client: TestClient) -> TestClient:
    """The admin's client on this test's copy of hunan_database."""
    return client


def children(answer: dict) -> dict[str, tuple[int, float | None]]:
    return {child["archive_code"]: (child["archives"], child["aggregate_rate_pct"]) for child in answer["children"]}


class TestMoveBetweenTwoCities:
    """CS-B moves from CS to YY on 2023-03-01."""

    def test_before_the_move_the_county_counts_under_its_old_city(self, hunan: TestClient) -> None:
        event(hunan, "CS-B", type="reparent", parent_code="YY")

        answer = rollup(hunan, "HN", year=2022)

        # CS: (500 + 200 + 400) / 3000 = 36.67%; YY: (500 + 600) / 2000 = 55%.
        assert children(answer) == {"CS": (3, 36.67), "YY": (2, 55.0)}
        assert answer["structure"] == "as_of"

    def test_after_the_move_it_counts_under_its_new_city(self, hunan: TestClient) -> None:
        event(hunan, "CS-B", type="reparent", parent_code="YY")

        answer = rollup(hunan, "HN", year=2023)

        # CS: (500 + 300) / 2000 = 40%; YY: (500 + 700 + 500) / 3000 = 56.67%.
        assert children(answer) == {"CS": (2, 40.0), "YY": (3, 56.67)}

    def test_the_province_as_a_whole_is_the_same_before_and_after(self, hunan: TestClient) -> None:
        before = rollup(hunan, "HN", year=2022)
        event(hunan, "CS-B", type="reparent", parent_code="YY")
        after = rollup(hunan, "HN", year=2022)

        # (800 + 500 + 500 + 200 + 400 + 600) / 6000 = 50%, six archives, both times.
        assert (after["archives"], after["aggregate_rate_pct"]) == (before["archives"], before["aggregate_rate_pct"])
        assert (after["archives"], after["aggregate_rate_pct"]) == (6, 50.0)

    def test_today_s_tree_counts_the_earlier_year_under_the_new_city(self, hunan: TestClient) -> None:
        event(hunan, "CS-B", type="reparent", parent_code="YY")

        answer = rollup(hunan, "HN", year=2022, structure="current")

        # CS: (500 + 200) / 2000 = 35%; YY: (500 + 600 + 400) / 3000 = 50%.
        assert children(answer) == {"CS": (2, 35.0), "YY": (3, 50.0)}
        assert answer["structure"] == "current"

    def test_a_place_filter_follows_the_structure(self, hunan: TestClient) -> None:
        event(hunan, "CS-B", type="reparent", parent_code="YY")

        assert codes(compliance(hunan, year=2022, parent_code="CS")) == ["CS-A", "CS-B"]
        assert codes(compliance(hunan, year=2022, parent_code="CS", structure="current")) == ["CS-A"]
        assert codes(compliance(hunan, year=2022, under="YY", structure="current")) == ["CS-B", "YY", "YY-C"]


class TestMerger:
    """CS-B is merged into CS-A on 2023-03-01 (CS-A keeps its code, CS-B closes)."""

    def test_as_of_a_year_before_the_merger_both_are_judged_on_their_own(self, hunan: TestClient) -> None:
        merge(hunan, ["CS-A", "CS-B"], "CS-A")

        items = {item["archive_code"]: item for item in compliance(hunan, year=2022, under="CS")["items"]}

        assert sorted(items) == ["CS", "CS-A", "CS-B"]
        assert (rule(items["CS-A"], "reach_rate")["rate_pct"], rule(items["CS-B"], "reach_rate")["rate_pct"]) == (
            20.0,
            40.0,
        )

    def test_as_of_the_year_of_the_merger_the_closed_archive_is_not_judged(self, hunan: TestClient) -> None:
        merge(hunan, ["CS-A", "CS-B"], "CS-A")

        assert codes(compliance(hunan, year=2023, under="CS")) == ["CS", "CS-A"]

    def test_today_s_tree_judges_the_successor_on_the_sum_of_both(self, hunan: TestClient) -> None:
        merge(hunan, ["CS-A", "CS-B"], "CS-A")

        answer = compliance(hunan, year=2022, under="CS", structure="current")

        assert answer["structure"] == "current" and codes(answer) == ["CS", "CS-A"]
        reach = rule(answer["items"][1], "reach_rate")
        # (200 + 400) / (1000 + 1000) = 30%
        assert reach["rate_pct"] == 30.0
        assert "mapped_series" in [reason["code"] for reason in reach["reasons"]]

    def test_pace_across_the_merger_reads_the_carried_year(self, hunan: TestClient) -> None:
        merge(hunan, ["CS-A", "CS-B"], "CS-A")
        hunan.put("/api/v1/archives/CS-A/reports/2023", json={"holdings_volumes": 2000, "digitized_volumes": 800})

        answer = compliance(hunan, year=2023, under="CS-A", structure="current")

        reach = rule(answer["items"][0], "reach_rate")
        # 30% in 2022 (600 of 2,000), 40% in 2023 (800 of 2,000): 10 points a year.
        assert (reach["rate_pct"], reach["pace_from_year"], reach["pace_pp_per_year"]) == (40.0, 2022, 10.0)
        carried = next(reason for reason in reach["reasons"] if reason["code"] == "mapped_series")
        assert "CS-A, CS-B" in carried["message"]

    def test_the_rollup_of_the_city_is_the_same_whatever_the_structure(self, hunan: TestClient) -> None:
        merge(hunan, ["CS-A", "CS-B"], "CS-A")

        as_of, current = rollup(hunan, "CS", year=2022), rollup(hunan, "CS", year=2022, structure="current")

        # (500 + 200 + 400) / 3000 = 36.67% over three archives then, two today.
        assert (as_of["archives"], as_of["aggregate_rate_pct"]) == (3, 36.67)
        assert (current["archives"], current["aggregate_rate_pct"]) == (2, 36.67)


class TestNames:
    def test_a_past_year_names_the_archive_as_it_was_beside_today_s_name(self, hunan: TestClient) -> None:
        event(hunan, "CS-A", type="rename", name="甲区档案馆")

        then = {item["archive_code"]: item for item in compliance(hunan, year=2022)["items"]}
        now = {item["archive_code"]: item for item in compliance(hunan, year=2023)["items"]}

        assert (then["CS-A"]["archive_name"], then["CS-A"]["name_in_year"]) == ("甲区档案馆", "甲县档案馆")
        assert (now["CS-A"]["archive_name"], now["CS-A"]["name_in_year"]) == ("甲区档案馆", None)
        assert then["CS-B"]["name_in_year"] is None

    def test_the_rollup_names_a_renamed_child_both_ways(self, hunan: TestClient) -> None:
        event(hunan, "CS", type="rename", name="长沙市城建档案馆")

        child = next(child for child in rollup(hunan, "HN", year=2022)["children"] if child["archive_code"] == "CS")

        assert (child["archive_name"], child["name_in_year"]) == ("长沙市城建档案馆", "长沙市档案馆")

    def test_the_csv_has_the_name_in_the_year_beside_today_s(self, hunan: TestClient) -> None:
        event(hunan, "CS-A", type="rename", name="甲区档案馆")

        response = hunan.get("/api/v1/compliance", params={"plan": PLAN, "year": 2022, "format": "csv"})

        lines = response.text.lstrip("\ufeff").splitlines()
        assert lines[0].startswith("archive_code,archive_name,name_in_year,")
        assert any(line.startswith("CS-A,甲区档案馆,甲县档案馆,") for line in lines)

    def test_the_workbook_names_the_archive_as_it_was_with_today_s_name_beside(self, hunan: TestClient) -> None:
        event(hunan, "CS-A", type="rename", name="甲区档案馆")

        response = hunan.get("/api/v1/compliance", params={"plan": PLAN, "year": 2022, "format": "xlsx"})

        cells = {
            cell.value for row in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows() for cell in row
        }
        assert "甲县档案馆（今甲区档案馆）" in cells and "乙县档案馆" in cells


class TestSplit:
    """YY-C gives 40% of its volumes to a new county YY-D on 2023-03-01 and stays open."""

    def split(self, client: TestClient, shares: dict[str, float] | None) -> None:
        new = {"code": "YY-D", "name": "丁县档案馆", "level": "county", "parent_code": "YY"}
        body = {
            "source": "YY-C",
            "into": [{"into": new, "shares": shares}],
            "effective_date": CHANGED_ON,
            "document": "湘政函〔2023〕2号",
        }
        response = client.post("/api/v1/hierarchy/splits", json=body)
        assert response.status_code in (200, 201), response.text

    def test_today_s_tree_gives_the_new_county_its_share_and_the_source_the_rest(self, hunan: TestClient) -> None:
        self.split(hunan, {"holdings_volumes": 0.4, "digitized_volumes": 0.4})

        answer = compliance(hunan, year=2022, under="YY", structure="current")

        rates = {item["archive_code"]: rule(item, "reach_rate")["rate_pct"] for item in answer["items"]}
        # 2022: YY-C held 1,000 and digitized 600; YY-D gets 400 of 240, YY-C keeps 600 of 360: 60% both.
        assert rates == {"YY": 50.0, "YY-C": 60.0, "YY-D": 60.0}
        assert codes(compliance(hunan, year=2022, under="YY")) == ["YY", "YY-C"]

    def test_without_shares_the_new_county_has_no_earlier_figures(self, hunan: TestClient) -> None:
        self.split(hunan, None)

        items = {
            item["archive_code"]: item
            for item in compliance(hunan, year=2022, under="YY", structure="current")["items"]
        }

        assert rule(items["YY-D"], "reach_rate")["rate_pct"] is None
        assert rule(items["YY-C"], "reach_rate")["rate_pct"] == 60.0


def one(client: TestClient, code: str, headers: dict[str, str] | None = None, **params: object) -> dict:
    response = client.get(f"/api/v1/archives/{code}/compliance", params={"plan": PLAN, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def what_if(client: TestClient, code: str, reports: list[dict], **params: object) -> dict:
    response = client.post(
        f"/api/v1/archives/{code}/compliance/what-if", params={"plan": PLAN, **params}, json={"reports": reports}
    )
    assert response.status_code == 200, response.text
    return response.json()


def reason_codes(answer: dict) -> list[str]:
    return [reason["code"] for reason in answer["reasons"]]


class TestOneArchive:
    """GET /archives/{code}/compliance and its what-if in the tree the structure names."""

    def test_a_past_year_judges_the_archive_where_it_stood_then(self, hunan: TestClient) -> None:
        # Counties under YY need only 30%; CS-B (40% in 2022, 50% in 2023) moves from CS to YY in 2023.
        create_target(hunan, PLAN, rule="reach_rate", value=30, unit="pct", basis="volumes", level="county", under="YY")
        event(hunan, "CS-B", type="reparent", parent_code="YY")

        then, now = one(hunan, "CS-B", year=2022), one(hunan, "CS-B", year=2023)
        today = one(hunan, "CS-B", year=2022, structure="current")

        assert (then["structure"], then["parent_code"], rule(then, "reach_rate")["target"]["value"]) == (
            "as_of",
            "CS",
            80.0,
        )
        assert (now["parent_code"], now["status"], rule(now, "reach_rate")["target"]["value"]) == (
            "YY",
            "achieved",
            30.0,
        )
        assert (today["structure"], today["parent_code"], today["status"]) == ("current", "YY", "achieved")

    def test_a_past_year_names_the_archive_as_it_was_beside_today_s_name(self, hunan: TestClient) -> None:
        event(hunan, "CS-A", type="rename", name="甲区档案馆")

        then, now = one(hunan, "CS-A", year=2022), one(hunan, "CS-A", year=2023)

        assert (then["archive_name"], then["name_in_year"]) == ("甲区档案馆", "甲县档案馆")
        assert (now["archive_name"], now["name_in_year"]) == ("甲区档案馆", None)

    def test_an_archive_closed_before_the_year_ends_is_not_judged_for_it(self, hunan: TestClient) -> None:
        merge(hunan, ["CS-A", "CS-B"], "CS-A")

        closed = one(hunan, "CS-B", year=2023)
        before, zh = one(hunan, "CS-B", year=2022), one(hunan, "CS-B", {"Accept-Language": "zh"}, year=2023)

        assert (closed["status"], closed["rules"], reason_codes(closed)) == (None, [], ["not_open"])
        assert closed["reasons"][0]["message"] == "archive CS-B was not open on 2023-12-31 (closed on 2023-03-01)"
        assert zh["reasons"][0]["message"] == "档案馆CS-B在2023-12-31不在册（2023-03-01撤销）"
        assert [point["year"] for point in closed["series"]] == [2022, 2023]  # its own reports stay its own
        assert (reason_codes(before), rule(before, "reach_rate")["rate_pct"]) == ([], 40.0)  # judged on its own

    def test_an_archive_opened_after_the_year_names_the_day_it_opened(self, hunan: TestClient) -> None:
        create_archive(hunan, "CS-N", parent_code="CS", level="county", name="新县档案馆", opened_on="2024-01-01")

        answer = one(hunan, "CS-N", year=2023)

        assert (answer["status"], reason_codes(answer)) == (None, ["not_open"])
        assert "opened on 2024-01-01" in answer["reasons"][0]["message"]

    def test_today_s_tree_judges_the_successor_on_its_predecessors_figures(self, hunan: TestClient) -> None:
        merge(hunan, ["CS-A", "CS-B"], "CS-A")

        answer = one(hunan, "CS-A", year=2022, structure="current")
        own = one(hunan, "CS-A", year=2022)

        reach = rule(answer, "reach_rate")
        # (200 + 400) / (1000 + 1000) = 30%, in the rule and in the series.
        assert (answer["structure"], reach["rate_pct"]) == ("current", 30.0)
        assert "mapped_series" in [reason["code"] for reason in reach["reasons"]]
        point = next(point for point in answer["series"] if point["year"] == 2022)
        assert point["rate_pct"] == 30.0
        assert "CS-A, CS-B" in point["reasons"][-1]["message"]
        assert rule(own, "reach_rate")["rate_pct"] == 20.0  # as_of: its own report

    def test_an_archive_closed_today_is_not_judged_in_today_s_tree(self, hunan: TestClient) -> None:
        merge(hunan, ["CS-A", "CS-B"], "CS-A")

        answer = one(hunan, "CS-B", year=2022, structure="current")

        assert (answer["status"], answer["rules"], reason_codes(answer)) == (None, [], ["not_open"])
        assert "closed on 2023-03-01" in answer["reasons"][0]["message"]

    def test_the_what_if_replaces_the_carried_figures_of_its_years(self, hunan: TestClient) -> None:
        merge(hunan, ["CS-A", "CS-B"], "CS-A")
        hypothetical = [{"year": 2023, "holdings_volumes": 2000, "digitized_volumes": 1000}]

        answer = what_if(hunan, "CS-A", hypothetical, year=2023, structure="current")

        reach = rule(answer, "reach_rate")
        # 30% in 2022 carried (600 of 2,000), 50% in 2023 as supposed: 20 points a year.
        assert (answer["structure"], reach["rate_pct"], reach["pace_pp_per_year"]) == ("current", 50.0, 20.0)
        series = {point["year"]: point for point in answer["series"]}
        assert (series[2022]["rate_pct"], series[2023]["rate_pct"]) == (30.0, 50.0)
        assert [reason["code"] for reason in series[2023]["reasons"]] == []

    def test_the_what_if_of_a_closed_archive_says_so(self, hunan: TestClient) -> None:
        merge(hunan, ["CS-A", "CS-B"], "CS-A")
        hypothetical = [{"year": 2023, "holdings_volumes": 1000, "digitized_volumes": 900}]

        answer = what_if(hunan, "CS-B", hypothetical, year=2023)

        assert (answer["status"], reason_codes(answer), answer["hypothetical_years"]) == (None, ["not_open"], [2023])
