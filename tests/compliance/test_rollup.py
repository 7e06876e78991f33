"""GET /api/v1/archives/{code}/rollup: an archive and everything below it, taken together."""

import pytest
from fastapi.testclient import TestClient

from app.models.compliance import RollupAnswer
from tests.compliance.builders import PLAN, archive_with_reports, fourteenth_plan, no_other_statuses
from tests.conftest import ClientFactory, TokenFactory
from tests.factories import create_archive


def rollup(client: TestClient, code: str, **params: object) -> dict:
    response = client.get(f"/api/v1/archives/{code}/rollup", params={"plan": PLAN, **params})
    assert response.status_code == 200, response.text
    return response.json()


def hunan_database(client: TestClient, _token_for: TokenFactory) -> None:
    """HN 90% > (CS 40% > CS-X 20%), (YY 85%); 2022 and 2023 reported, 80% by 2025 the target."""
    fourteenth_plan(client, "provincial", "municipal", "county", growth=None)
    archive_with_reports(client, "HN", {2022: 800, 2023: 900}, held=1000, level="provincial")
    archive_with_reports(client, "CS", {2022: 1050, 2023: 1200}, held=3000, parent_code="HN")
    archive_with_reports(client, "CS-X", {2022: 50, 2023: 100}, held=500, parent_code="CS", level="county")
    archive_with_reports(client, "YY", {2022: 1500, 2023: 1700}, held=2000, parent_code="HN")


pytestmark = pytest.mark.built_by.with_args(hunan_database)  # built once a run, copied for each test


@pytest.fixture
def hunan(client: TestClient) -> TestClient:
    """The admin's client on this test's copy of hunan_database."""
    return client


class TestRollup:
    def test_the_aggregate_rate_is_the_sum_of_numerators_over_the_sum_of_denominators(self, hunan: TestClient) -> None:
        answer = rollup(hunan, "HN")

        # (900 + 1200 + 100 + 1700) / (1000 + 3000 + 500 + 2000) = 3900 / 6500 = 60%, not the mean of rates 58.75%.
        assert answer["aggregate_rate_pct"] == 60.0
        assert (answer["archives"], answer["reported_archives"], answer["basis"]) == (4, 4, "volumes")
        assert (answer["year"], answer["rate_year"]) == (2023, 2023)

    def test_counts_and_shares_cover_the_whole_subtree(self, hunan: TestClient) -> None:
        answer = rollup(hunan, "HN")

        # HN 90% and YY 85% achieved; CS 35 -> 40 and CS-X 10 -> 20 cannot reach 80 at their pace.
        assert no_other_statuses(answer["counts"], achieved=2, off_track=2)
        assert (answer["share_achieved_pct"], answer["share_achieved_or_on_track_pct"]) == (50.0, 50.0)

    def test_each_child_has_its_own_subtree_aggregate(self, hunan: TestClient) -> None:
        children = {child["archive_code"]: child for child in rollup(hunan, "HN")["children"]}

        assert sorted(children) == ["CS", "YY"]
        # CS with CS-X: (1200 + 100) / (3000 + 500) = 37.142857...%
        assert (children["CS"]["archives"], children["CS"]["aggregate_rate_pct"]) == (2, 37.14)
        assert no_other_statuses(children["CS"]["counts"], off_track=2)
        assert (children["YY"]["archives"], children["YY"]["aggregate_rate_pct"]) == (1, 85.0)
        assert children["YY"]["share_achieved_pct"] == 100.0

    def test_furthest_behind_comes_largest_gap_first(self, hunan: TestClient) -> None:
        behind = rollup(hunan, "HN")["furthest_behind"]

        assert [(row["archive_code"], row["gap_pp"], row["target_pct"]) for row in behind] == [
            ("CS-X", 60.0, 80.0),
            ("CS", 40.0, 80.0),
        ]

    def test_a_subtree_rollup_leaves_the_rest_out(self, hunan: TestClient) -> None:
        answer = rollup(hunan, "CS", year=2022)

        # 2022: (1050 + 50) / (3000 + 500) = 31.428571...%
        assert (answer["archives"], answer["aggregate_rate_pct"], answer["year"]) == (2, 31.43, 2022)
        assert [child["archive_code"] for child in answer["children"]] == ["CS-X"]

    def test_archives_without_figures_count_but_add_nothing_to_the_rate(self, hunan: TestClient) -> None:
        create_archive(hunan, "YY-X", level="county", parent_code="YY")

        answer = rollup(hunan, "HN")

        assert (answer["archives"], answer["reported_archives"], answer["aggregate_rate_pct"]) == (5, 4, 60.0)
        assert answer["counts"]["no_data"] == 1 and answer["share_achieved_pct"] == 40.0

    def test_approved_only_aggregates_approved_figures_alone(self, hunan: TestClient, client_as: ClientFactory) -> None:
        approver = client_as("admin", name="second-admin")  # four eyes: not the token that wrote them
        assert approver.post("/api/v1/archives/YY/reports/2023/approve").status_code == 200

        answer = rollup(hunan, "HN", approved_only="true")

        assert (answer["year"], answer["approved_only"], answer["archives"]) == (2023, True, 4)
        assert (answer["reported_archives"], answer["aggregate_rate_pct"]) == (1, 85.0)

    def test_the_answer_matches_its_declared_schema(self, hunan: TestClient) -> None:
        assert RollupAnswer.model_validate(rollup(hunan, "HN")).archives == 4

    def test_an_unknown_archive_is_404(self, hunan: TestClient) -> None:
        response = hunan.get("/api/v1/archives/NOPE/rollup", params={"plan": PLAN})

        assert (response.status_code, response.json()["error"]) == (404, "ArchiveNotFound")


class TestRollupSeries:
    """years=FIRST-LAST: one rollup per year, oldest first, each the same as asking with year=."""

    def test_one_entry_per_year_each_as_the_single_year_answer(self, hunan: TestClient) -> None:
        answer = rollup(hunan, "HN", years="2021-2023")

        assert [entry["year"] for entry in answer["series"]] == [2021, 2022, 2023]
        for entry in answer["series"]:
            assert entry | {"series": None} == rollup(hunan, "HN", year=entry["year"])
        # 2022: (800 + 1050 + 50 + 1500) / 6500; 2023: 60%, as above
        assert [entry["aggregate_rate_pct"] for entry in answer["series"][1:]] == [52.31, 60.0]
        assert answer | {"series": None} == rollup(hunan, "HN", year=2023)

    def test_the_series_matches_its_declared_schema(self, hunan: TestClient) -> None:
        answer = RollupAnswer.model_validate(rollup(hunan, "HN", years="2022-2023"))
        assert answer.series is not None and [entry.year for entry in answer.series] == [2022, 2023]
        assert rollup(hunan, "HN", year=2023)["series"] is None  # year= answers a single rollup (series: null)

    def test_a_single_year_range(self, hunan: TestClient) -> None:
        assert [entry["year"] for entry in rollup(hunan, "HN", years="2023-2023")["series"]] == [2023]

    @pytest.mark.parametrize(
        "params",
        [
            {"years": "2025-2021"},  # reversed
            {"years": "2021-2051"},  # 31 years
            {"years": "2021"},
            {"years": "2021-25"},
            {"years": "2021..2025"},
            {"years": "１９９９-2000"},
            {"years": "1900-1910"},
            {"years": "2021-2025", "year": 2023},
        ],
    )
    def test_a_malformed_reversed_or_too_long_range_is_422_naming_years(self, hunan: TestClient, params: dict) -> None:
        response = hunan.get("/api/v1/archives/HN/rollup", params={"plan": PLAN, **params})

        assert (response.status_code, response.json()["error"]) == (422, "ValidationError")
        assert "years" in response.json()["detail"].split(":")[0]

    def test_thirty_years_is_the_most(self, hunan: TestClient) -> None:
        assert len(rollup(hunan, "HN", years="2000-2029")["series"]) == 30
