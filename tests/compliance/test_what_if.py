"""POST /api/v1/archives/{code}/compliance/what-if: the result as if reports were stored; nothing saved."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from app.db import metadata
from app.models.compliance import WhatIfResult
from tests.compliance.builders import PLAN, archive_with_reports, compliance, fourteenth_plan, rule


def what_if(client: TestClient, code: str, reports: list[dict], **params: object):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/archives/{code}/compliance/what-if", params={"plan": PLAN, **params}, json={"reports": reports}
    )


def stored(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, to compare before and after."""
    with engine.connect() as connection:
        return {name: sorted(map(tuple, connection.execute(select(table)))) for name, table in metadata.tables.items()}


def volumes(year: int, digitized: int, held: int = 1000, **figures: object) -> dict:
    return {"year": year, "holdings_volumes": held, "digitized_volumes": digitized, **figures}


@pytest.fixture
def changsha(client: TestClient) -> TestClient:
    """HN-CS at 50% in 2022 and 55% in 2023: off track for 80% by 2025."""
    fourteenth_plan(client)
    archive_with_reports(client, "HN-CS", {2022: 500, 2023: 550})
    return client


class TestWhatIf:
    def test_coming_reports_change_the_result(self, changsha: TestClient) -> None:
        before = compliance(changsha)["items"][0]

        response = what_if(changsha, "HN-CS", [volumes(2024, 700), volumes(2025, 820)])

        assert response.status_code == 200, response.text
        answer = response.json()
        assert before["status"] == "off_track"
        assert (answer["status"], answer["year"], answer["hypothetical_years"]) == ("achieved", 2025, [2024, 2025])
        reach = rule(answer, "reach_rate")
        assert (reach["rate_pct"], reach["figures_approved"]) == (82.0, False)
        assert [point["year"] for point in answer["series"]] == [2022, 2023, 2024, 2025]
        assert WhatIfResult.model_validate(answer).series[-1].growth_pp == 12.0

    def test_nothing_is_saved(self, changsha: TestClient, engine: Engine) -> None:
        before_rows, before_answer = stored(engine), compliance(changsha)

        assert what_if(changsha, "HN-CS", [volumes(2023, 900), volumes(2024, 950)]).status_code == 200

        assert stored(engine) == before_rows
        assert compliance(changsha) == before_answer

    def test_a_hypothetical_report_replaces_the_stored_one_of_its_year(self, changsha: TestClient) -> None:
        answer = what_if(changsha, "HN-CS", [volumes(2023, 800)]).json()

        assert (answer["year"], rule(answer, "reach_rate")["rate_pct"], answer["status"]) == (2023, 80.0, "achieved")

    def test_the_as_of_year_can_be_given(self, changsha: TestClient) -> None:
        answer = what_if(changsha, "HN-CS", [volumes(2024, 700)], year=2023).json()

        assert (answer["year"], rule(answer, "reach_rate")["rate_pct"]) == (2023, 55.0)

    @pytest.mark.parametrize(
        ("reports", "error"),
        [
            ([volumes(2024, 1200)], "DigitizedExceedsHoldings"),
            ([volumes(2024, 700), volumes(2024, 710)], "ValidationError"),
            ([volumes(2024, -1)], "ValidationError"),
            ([volumes(1900, 10)], "ValidationError"),
            ([volumes(2024, 700, holdings_pages=10, digitized_pages=20)], "DigitizedExceedsHoldings"),
            ([volumes(2024, 700, colour="red")], "ValidationError"),
            ([], "ValidationError"),
        ],
    )
    def test_figures_are_checked_like_a_stored_report(
        self, changsha: TestClient, engine: Engine, reports: list[dict], error: str
    ) -> None:
        before = stored(engine)

        response = what_if(changsha, "HN-CS", reports)

        assert (response.status_code, response.json()["error"]) == (422, error)
        assert stored(engine) == before

    def test_an_unknown_archive_is_404(self, changsha: TestClient) -> None:
        response = what_if(changsha, "NOPE", [volumes(2024, 700)])

        assert (response.status_code, response.json()["error"]) == (404, "ArchiveNotFound")
