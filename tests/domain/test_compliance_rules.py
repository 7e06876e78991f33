"""The compliance rules as tables of cases (tests/domain/rule_cases.py): plain values in, statuses, figures and reasons out."""

from collections.abc import Mapping

import pytest

from app.domain.compliance import (
    TargetSpec,
    YearFigures,
    evaluate_archive,
)
from tests.domain.rule_builders import (
    CATALOG_QUOTA,
    GROWTH_10PP,
    GROWTH_10REL,
    PAGES_QUOTA_2024,
    PLAN,
    REACH_80,
    Case,
    by_volumes,
    catalog,
    pages,
    with_catalog,
    with_report,
)
from tests.domain.rule_cases import ALL_CASES, first_rule


@pytest.mark.parametrize("case", ALL_CASES)
def test_rule_status_reasons_and_figures(case: Case) -> None:
    result = first_rule(case)
    assert result.status == case.status
    assert tuple(reason.code for reason in result.reasons) == case.reasons
    assert {name: getattr(result, name) for name in case.figures} == pytest.approx(case.figures)


@pytest.mark.parametrize(
    "targets, reports, as_of, status, rule_statuses",
    [
        pytest.param(
            (REACH_80, CATALOG_QUOTA),
            with_catalog(by_volumes({2022: 50, 2023: 70}), {2022: 0, 2023: 1}),
            2023,
            "off_track",
            ("on_track", "off_track"),
            id="quota-off-track-beats-on-track",
        ),
        pytest.param(
            (REACH_80, GROWTH_10PP, CATALOG_QUOTA),
            with_catalog(by_volumes({2022: 40, 2023: 50}), {2022: 0, 2023: 700_000}),
            2023,
            "at_risk",
            ("at_risk", "achieved"),
            id="min-growth-only-as-fallback-beside-reach-rate",
        ),
        pytest.param(
            (REACH_80, CATALOG_QUOTA),
            with_catalog(by_volumes({2024: 70, 2025: 75}), {2024: 0, 2025: 1}),
            2025,
            "missed",
            ("missed", "off_track"),
            id="missed-is-worst",
        ),
        pytest.param(
            (REACH_80, CATALOG_QUOTA),
            by_volumes({2022: 50}),
            2023,
            "no_data",
            ("no_data", "insufficient_data"),
            id="no-data-beats-insufficient-data",
        ),
        pytest.param(
            (GROWTH_10PP, GROWTH_10REL),
            by_volumes({2022: 40, 2023: 44}),
            2023,
            "off_track",
            ("off_track", "on_track"),
            id="min-growth-targets-judged-alone",
        ),
        pytest.param(
            (PAGES_QUOTA_2024,),
            pages({2022: 0, 2023: 1}),
            2023,
            None,
            (),
            id="year-bound-quota-before-its-year-left-out",
        ),
        pytest.param((), by_volumes({2023: 50}), 2023, None, (), id="no-targets"),
    ],
)
def test_overall_status_is_the_worst_rule_status(targets, reports, as_of, status, rule_statuses) -> None:
    result = evaluate_archive(PLAN, targets, reports, as_of)
    assert result.status == status
    assert tuple(rule.status for rule in result.rules) == rule_statuses


def test_fallback_is_reported_inside_the_reach_rate_result() -> None:
    result = first_rule(Case((REACH_80, GROWTH_10REL), by_volumes({2022: 40, 2023: 44}), 2023, "", ()))
    assert result.fallback is not None
    assert (result.fallback.target, result.fallback.met) == (GROWTH_10REL, True)
    assert (result.fallback.growth_pp, result.fallback.growth_relative_pct) == pytest.approx((4, 10))


def test_unknown_rule_or_growth_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown target rule"):
        evaluate_archive(PLAN, [TargetSpec("reach_by", 80.0, "pct", "volumes")], {}, 2023)
    with pytest.raises(ValueError, match="unknown min_growth unit"):
        evaluate_archive(
            PLAN, [TargetSpec("min_growth", 10.0, "pct", "volumes")], by_volumes({2022: 40, 2023: 44}), 2023
        )


def unapproved(reports: Mapping[int, YearFigures], year: int) -> dict[int, YearFigures]:
    return with_report(reports, reports[year]._replace(approved=False))


@pytest.mark.parametrize(
    "targets, reports, expected",
    [
        pytest.param((REACH_80,), by_volumes({2021: 30, 2022: 40, 2023: 44}), True, id="all-approved"),
        pytest.param(
            (REACH_80,),
            unapproved(by_volumes({2021: 30, 2022: 40, 2023: 44}), 2021),
            False,
            id="pace-year-not-approved",
        ),
        pytest.param(
            (REACH_80,), unapproved(by_volumes({2019: 30, 2023: 44}), 2019), True, id="unused-report-not-approved"
        ),
        pytest.param((REACH_80,), by_volumes({2019: 30}), None, id="no-report-used"),
        pytest.param(
            (CATALOG_QUOTA,),
            unapproved(catalog({2022: 0, 2023: 1}), 2022),
            False,
            id="quota-previous-year-not-approved",
        ),
    ],
)
def test_figures_approved_covers_the_reports_used(targets, reports, expected) -> None:
    assert evaluate_archive(PLAN, targets, reports, 2023).rules[0].figures_approved is expected
