"""Builders for compliance tests: a plan with its targets, reports at given rates, reads."""

from collections.abc import Mapping

from fastapi.testclient import TestClient

from app.domain.vocabulary import STATUSES_WORST_FIRST
from tests.factories import create_archive, create_plan, create_target, put_report

PLAN = "FYP14"  # 2021-2025


def fourteenth_plan(client: TestClient, *levels: str, reach: float = 80, growth: float | None = 10) -> None:
    """The 14th Five-Year Plan: reach `reach`% by volumes by 2025, `growth` points a year as its fallback."""
    create_plan(client, PLAN, start=2021, end=2025)
    for level in levels or ("municipal",):
        create_target(client, PLAN, rule="reach_rate", value=reach, unit="pct", basis="volumes", level=level)
        if growth is not None:
            create_target(client, PLAN, rule="min_growth", value=growth, unit="pp", basis="volumes", level=level)


def archive_with_reports(
    client: TestClient, code: str, digitized: Mapping[int, int], *, held: int = 1000, **archive: object
) -> None:
    """An archive holding `held` volumes, with the volumes digitized by each year-end."""
    create_archive(client, code, **archive)
    for year, done in digitized.items():
        put_report(client, code, year, holdings=held, digitized=done)


def compliance(client: TestClient, headers: Mapping[str, str] | None = None, **params: object) -> dict:
    response = client.get("/api/v1/compliance", params={"plan": PLAN, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def codes(answer: dict) -> list[str]:
    return [item["archive_code"] for item in answer["items"]]


def rule(item: dict, name: str) -> dict:
    """The item's result for one rule."""
    return next(result for result in item["rules"] if result["rule"] == name)


def no_other_statuses(counts: dict[str, int], **expected: int) -> bool:
    """The counts are `expected`, every other status 0."""
    return all(count == expected.get(status, 0) for status, count in counts.items()) and len(counts) == len(
        STATUSES_WORST_FIRST
    )
