"""GET /api/v1/archives/{code}/compliance: one archive's standing and its yearly series."""

import pytest
from fastapi.testclient import TestClient

from app.models.compliance import ArchiveComplianceDetail
from tests.compliance.builders import PLAN, archive_with_reports, compliance, fourteenth_plan, rule
from tests.conftest import ClientFactory
from tests.factories import create_archive, put_report


def archive_compliance(client: TestClient, code: str, **params: object) -> dict:
    response = client.get(f"/api/v1/archives/{code}/compliance", params={"plan": PLAN, **params})
    assert response.status_code == 200, response.text
    return response.json()


def point(entry: dict) -> tuple:
    """A series point's year, rate, change, and the change's two effects."""
    fields = ("year", "rate_pct", "growth_pp", "digitization_effect_pp", "holdings_effect_pp")
    return tuple(entry[name] for name in fields)


class TestArchiveCompliance:
    def test_the_item_is_the_one_the_list_shows(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2021: 400, 2022: 500, 2023: 600})
        archive_with_reports(client, "HN-YY", {2023: 900})

        detail = archive_compliance(client, "HN-CS")
        listed = compliance(client)["items"][0]

        assert {key: detail[key] for key in listed} == listed
        assert (detail["plan"], detail["year"], detail["approved_only"]) == (PLAN, 2023, False)

    def test_the_series_gives_each_year_its_rate_and_growth(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2019: 250, 2021: 400, 2022: 500, 2023: 650})

        detail = archive_compliance(client, "HN-CS", year=2022)

        assert detail["series_basis"] == "volumes"
        assert [point(entry) for entry in detail["series"]] == [
            (2019, 25.0, None, None, None),
            (2021, 40.0, None, None, None),
            (2022, 50.0, 10.0, 10.0, 0.0),
            (2023, 65.0, 15.0, 15.0, 0.0),
        ]
        assert rule(detail, "reach_rate")["rate_pct"] == 50.0

    def test_zero_holdings_give_no_rate_and_say_why(self, client: TestClient) -> None:
        fourteenth_plan(client)
        create_archive(client, "NEW")
        put_report(client, "NEW", 2023, holdings=0, digitized=0)

        detail = archive_compliance(client, "NEW")

        reach = rule(detail, "reach_rate")
        assert (reach["status"], reach["rate_pct"]) == ("no_data", None)
        assert [reason["code"] for reason in reach["reasons"]] == ["zero_denominator"]
        assert [point(entry) for entry in detail["series"]] == [(2023, None, None, None, None)]

    def test_an_archive_no_target_applies_to_has_no_status(self, client: TestClient) -> None:
        fourteenth_plan(client, "county")
        archive_with_reports(client, "HN-CS", {2023: 600})

        detail = archive_compliance(client, "HN-CS")

        assert (detail["status"], detail["rules"]) == (None, [])
        assert ArchiveComplianceDetail.model_validate(detail).series[0].rate_pct == 60.0

    def test_approved_only_reads_approved_reports_alone(self, client: TestClient, client_as: ClientFactory) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2022: 500, 2023: 600})
        approver = client_as("admin", name="second-admin")  # four eyes: not the token that wrote them
        assert approver.post("/api/v1/archives/HN-CS/reports/2022/approve").status_code == 200

        detail = archive_compliance(client, "HN-CS", approved_only="true")

        assert (detail["year"], detail["approved_only"]) == (2022, True)
        assert [point(entry) for entry in detail["series"]] == [(2022, 50.0, None, None, None)]
        assert rule(detail, "reach_rate")["figures_approved"] is True

    @pytest.mark.parametrize(
        ("code", "params", "status", "error"),
        [
            ("NOPE", {"plan": PLAN}, 404, "ArchiveNotFound"),
            ("HN-CS", {"plan": "NOPE"}, 404, "PlanNotFound"),
            ("HN-CS", {"plan": PLAN, "year": 3000}, 422, "ValidationError"),
        ],
    )
    def test_bad_requests_are_refused_by_name(
        self, client: TestClient, code: str, params: dict, status: int, error: str
    ) -> None:
        fourteenth_plan(client)
        create_archive(client, "HN-CS")

        response = client.get(f"/api/v1/archives/{code}/compliance", params=params)

        assert (response.status_code, response.json()["error"]) == (status, error)
