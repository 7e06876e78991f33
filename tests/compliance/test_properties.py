"""Properties: the statuses the API writes are those of an independent statement of the rules
(tests/domain/oracle.py), and its figures are the rules' own (evaluate_archive), rounded only in JSON."""

from datetime import date
from fractions import Fraction
from itertools import count

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.compliance import PlanSpec, RuleResult, TargetRow, YearFigures, evaluate_archive, select_targets
from tests.compliance.builders import PLAN
from tests.domain import oracle
from tests.factories import create_archive, create_plan, create_target

SPEC = PlanSpec(PLAN, 2021, 2025, 2020)
LAST_REPORT_YEAR = date.today().year  # the latest year a report may be stored for; the calendar year
PCT_FIELDS = (
    "rate_pct",
    "previous_rate_pct",
    "growth_pp",
    "growth_relative_pct",
    "pace_pp_per_year",
    "projected_rate_pct",
    "required_pp_per_year",
    "years_to_target",
    "holdings_trend_per_year",
)
EXACT_FIELDS = (
    "status",
    "judged_year",
    "pace_from_year",
    "growth_from_year",
    "quota_added",
    "figures_approved",
    "required_per_year",
    "required_per_year_with_growth",
    "shortfall_units",
)
numbering = count()


@st.composite
def figures(draw: st.DrawFn) -> dict[str, int]:
    """A report's volumes, and now and then its items (zero holdings included)."""
    held = draw(st.sampled_from([0, 1000]) | st.integers(1, 5000))
    report = {"holdings_volumes": held, "digitized_volumes": draw(st.integers(0, held))}
    if draw(st.booleans()):
        items = draw(st.integers(0, 3000))
        report |= {"holdings_items": items, "digitized_items": draw(st.integers(0, items))}
    return report


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[dict], dict[int, dict[str, int]], int]:
    """Targets for one archive, its reports, and an as-of year."""
    as_of = draw(st.integers(2020, 2027))
    basis = draw(st.sampled_from(["volumes", "volumes_items"]))
    targets = [{"rule": "reach_rate", "value": draw(st.integers(300, 1000)) / 10, "unit": "pct", "basis": basis}]
    if draw(st.booleans()):
        unit = draw(st.sampled_from(["pp", "relative_pct"]))
        targets.append({"rule": "min_growth", "value": draw(st.integers(1, 300)) / 10, "unit": unit, "basis": basis})
    if draw(st.booleans()):
        targets.append(
            {"rule": "annual_quota", "value": draw(st.integers(1, 500)), "unit": "volumes", "basis": "volumes"}
        )
    if draw(st.booleans()):
        targets = targets[1:]  # min_growth or a quota on its own
    years = draw(st.sets(st.integers(2017, min(as_of, LAST_REPORT_YEAR)), max_size=6))
    return targets, {year: draw(figures()) for year in sorted(years)}, as_of


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def as_written(result: RuleResult) -> dict:
    """A rule result as the JSON should write it."""
    written = {name: rounded(getattr(result, name)) for name in PCT_FIELDS}
    written |= {name: getattr(result, name) for name in EXACT_FIELDS}
    written["reasons"] = [reason.code for reason in result.reasons]
    return written


def as_answered(rule: dict) -> dict:
    answered = {name: rule[name] for name in (*PCT_FIELDS, *EXACT_FIELDS)}
    return answered | {"reasons": [reason["code"] for reason in rule["reasons"]]}


def store(client: TestClient, targets: list[dict], reports: dict[int, dict[str, int]]) -> tuple[str, list[TargetRow]]:
    """A fresh archive under a fresh parent, with its own targets and reports."""
    number = next(numbering)
    parent, code = f"G{number}", f"A{number}"
    create_archive(client, parent, level="provincial")
    create_archive(client, code, parent_code=parent)
    rows = [
        TargetRow(body["rule"], body["value"], body["unit"], body["basis"], None, None, code, created["id"])
        for body in targets
        for created in [create_target(client, PLAN, archive_code=code, **body)]
    ]
    for year, report in reports.items():
        assert client.put(f"/api/v1/archives/{code}/reports/{year}", json=report).status_code == 201
    return parent, rows


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases())
def test_the_json_figures_are_the_rules_figures(client: TestClient, case: tuple) -> None:
    targets, reports, as_of = case
    if client.get(f"/api/v1/plans/{PLAN}").status_code == 404:
        create_plan(client, PLAN, start=SPEC.start_year, end=SPEC.end_year)
    parent, rows = store(client, targets, reports)
    code = f"A{parent[1:]}"
    figures = {year: YearFigures(year, approved=False, **report) for year, report in reports.items()}
    chosen = select_targets(rows, chain=(code, parent), level="municipal", kind="comprehensive")
    expected = evaluate_archive(SPEC, chosen, figures, as_of, LAST_REPORT_YEAR)

    detail = client.get(f"/api/v1/archives/{code}/compliance", params={"plan": PLAN, "year": as_of}).json()
    listed = client.get("/api/v1/compliance", params={"plan": PLAN, "year": as_of, "parent_code": parent}).json()

    assert detail["status"] == expected.status
    assert [rule["status"] for rule in detail["rules"]] == oracle_statuses(targets, figures, as_of)
    assert [as_answered(rule) for rule in detail["rules"]] == [as_written(rule) for rule in expected.rules]
    assert listed["items"] == ([] if expected.status is None else [{key: detail[key] for key in listed["items"][0]}])


def oracle_statuses(targets: list[dict], reports: dict[int, YearFigures], as_of: int) -> list[str]:
    """Each applicable rule's status by the oracle, in the order the targets were set."""
    plan = oracle.Plan(SPEC.start_year, SPEC.end_year)
    growth = next(
        ((t["unit"], Fraction(str(t["value"])), t["basis"]) for t in targets if t["rule"] == "min_growth"), None
    )
    has_reach = any(target["rule"] == "reach_rate" for target in targets)
    statuses = []
    for target in targets:
        if target["rule"] == "reach_rate":
            goal = Fraction(str(target["value"]))
            statuses.append(oracle.reach_status(plan, goal, target["basis"], growth, reports, as_of))
        elif target["rule"] == "min_growth" and not has_reach:
            statuses.append(oracle.min_growth_status(plan, growth, reports, as_of))
        elif target["rule"] == "annual_quota":
            status = oracle.quota_status(plan, int(target["value"]), None, reports, as_of, LAST_REPORT_YEAR)
            statuses += [] if status is None else [status]
    return statuses
