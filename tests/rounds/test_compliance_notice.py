"""Rounds in the compliance answers: no_data because an expected archive has not reported says so."""

import pytest
from fastapi.testclient import TestClient

from tests.compliance.builders import PLAN, archive_with_reports, fourteenth_plan
from tests.factories import create_archive
from tests.rounds.world import create_round


@pytest.fixture
def hunan(client: TestClient) -> TestClient:
    """Two cities judged for 2025: Changsha reported, Yueyang did not; a round for 2025 due long ago."""
    fourteenth_plan(client)
    create_archive(client, "HN", level="provincial")
    archive_with_reports(client, "HN-CS", {2024: 500, 2025: 600}, parent_code="HN")
    archive_with_reports(client, "HN-YY", {2024: 300}, parent_code="HN")
    return client


def items(client: TestClient) -> dict[str, dict]:
    answer = client.get("/api/v1/compliance", params={"plan": PLAN, "year": 2025}).json()
    return {item["archive_code"]: item for item in answer["items"]}


def test_an_expected_archive_that_has_not_reported_says_not_reported(hunan: TestClient) -> None:
    created = create_round(hunan, under="HN", opens_on="2025-01-01", due_on="2025-03-31")
    found = items(hunan)
    assert found["HN-YY"]["status"] == "missed"  # 2025 is the plan's end year: no final report
    notice = found["HN-YY"]["not_reported"]
    assert (notice["reason"], notice["round_id"], notice["due_on"]) == ("not_reported", created["id"], "2025-03-31")
    assert notice["days_late"] > 300
    assert found["HN-CS"]["not_reported"] is None
    detail = hunan.get("/api/v1/archives/HN-YY/compliance", params={"plan": PLAN, "year": 2025}).json()
    assert detail["not_reported"]["round_id"] == created["id"]


def test_without_a_round_no_data_is_just_no_data(hunan: TestClient) -> None:
    assert items(hunan)["HN-YY"]["not_reported"] is None


def test_a_round_of_another_year_or_not_expecting_it_says_nothing(hunan: TestClient) -> None:
    create_round(hunan, under="HN", year=2024)
    create_round(hunan, under="HN", levels=["county"])
    assert items(hunan)["HN-YY"]["not_reported"] is None


def test_a_round_opened_after_a_list_was_read_shows_at_once(hunan: TestClient) -> None:
    assert items(hunan)["HN-YY"]["not_reported"] is None  # no round for 2025: known, and kept
    created = create_round(hunan, under="HN", opens_on="2025-01-01", due_on="2025-03-31")
    assert items(hunan)["HN-YY"]["not_reported"]["round_id"] == created["id"]
