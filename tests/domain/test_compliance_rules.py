"""The compliance rules as tables of cases: plain values in, statuses, figures and reasons out."""

from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from app.domain.compliance import (
    STATUSES_WORST_FIRST,
    PlanSpec,
    TargetRow,
    TargetSpec,
    YearFigures,
    denominator,
    evaluate_archive,
    quota_metric,
    rate_pct,
    rate_series,
    select_targets,
    worst_status,
)
from app.domain.reasons import render_reason
from app.domain.vocabulary import STATUS_LABELS

PLAN = PlanSpec("14th", start_year=2021, end_year=2025, baseline_year=2020)
REACH_80 = TargetSpec("reach_rate", 80.0, "pct", "volumes")
GROWTH_10PP = TargetSpec("min_growth", 10.0, "pp", "volumes")
GROWTH_10REL = TargetSpec("min_growth", 10.0, "relative_pct", "volumes")
CATALOG_QUOTA = TargetSpec("annual_quota", 640_000, "entries", "catalog_entries")
PAGES_QUOTA_2024 = TargetSpec("annual_quota", 500_000, "pages", "pages", year=2024)


def by_volumes(rates: Mapping[int, float], held: int = 1000) -> dict[int, YearFigures]:
    """Approved reports holding `held` volumes, digitized to the given rate per year."""
    return {year: YearFigures(year, held, round(rate * held / 100), approved=True) for year, rate in rates.items()}


def with_report(reports: Mapping[int, YearFigures], figures: YearFigures) -> dict[int, YearFigures]:
    return {**reports, figures.year: figures}


def by_volumes_and_pages(volumes: Mapping[int, float], pages: Mapping[int, int]) -> dict[int, YearFigures]:
    """Volumes at the given rate of 1,000; pages digitized of 1,000,000 held."""
    return {
        year: YearFigures(
            year, 1000, round(volumes[year] * 10), holdings_pages=1_000_000, digitized_pages=pages[year], approved=True
        )
        for year in volumes
    }


def by_volumes_and_items(digitized: Mapping[int, tuple[int, int]]) -> dict[int, YearFigures]:
    """1,000 volumes and 1,000 items held; (volumes, items) digitized per year."""
    return {
        year: YearFigures(year, 1000, volumes, holdings_items=1000, digitized_items=items)
        for year, (volumes, items) in digitized.items()
    }


def catalog(entries: Mapping[int, int | None]) -> dict[int, YearFigures]:
    return {year: YearFigures(year, 1000, 500, catalog_entries=count, approved=True) for year, count in entries.items()}


def with_catalog(reports: Mapping[int, YearFigures], entries: Mapping[int, int]) -> dict[int, YearFigures]:
    return {year: figures._replace(catalog_entries=entries.get(year)) for year, figures in reports.items()}


def pages(counts: Mapping[int, int]) -> dict[int, YearFigures]:
    return {
        year: YearFigures(year, 1000, 500, holdings_pages=10_000_000, digitized_pages=count)
        for year, count in counts.items()
    }


@dataclass(frozen=True)
class Case:
    targets: tuple[TargetSpec, ...]
    reports: Mapping[int, YearFigures]
    as_of: int
    status: str
    reasons: tuple[str, ...]  # reason codes of the (first) rule result
    figures: Mapping[str, object] = field(default_factory=dict)  # its fields


REACH_CASES = [
    pytest.param(
        Case(
            (REACH_80, GROWTH_10PP),
            by_volumes({2021: 60, 2022: 75, 2023: 82}),
            2023,
            "achieved",
            ("target_reached",),
            {
                "judged_year": 2023,
                "rate_pct": 82,
                "previous_rate_pct": 75,
                "growth_pp": 7,
                "growth_relative_pct": 700 / 75,
                "pace_from_year": 2021,
                "pace_pp_per_year": 11,
                "projected_rate_pct": 100,
                "required_pp_per_year": None,
                "required_per_year": None,
                "years_to_target": 0,
            },
        ),
        id="achieved-before-deadline-still-carries-growth-and-pace",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            by_volumes({2019: 10, 2020: 30, 2022: 50, 2023: 60}),
            2023,
            "on_track",
            ("projected_reaches_target",),
            {
                "pace_from_year": 2020,
                "pace_pp_per_year": 10,
                "projected_rate_pct": 80,
                "required_pp_per_year": 10,
                "required_per_year": 100,
                "years_to_target": 2,
            },
        ),
        id="on-track-exactly-with-y0-the-earliest-in-window",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            by_volumes({2022: 50, 2023: 79}),
            2023,
            "on_track",
            ("projected_reaches_target",),
            {"pace_pp_per_year": 29, "projected_rate_pct": 100, "years_to_target": 1 / 29},
        ),
        id="on-track-projection-capped-at-100",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            with_report(by_volumes({2021: 30, 2023: 60}), YearFigures(2020, 0, 0)),
            2023,
            "on_track",
            ("projected_reaches_target",),
            {"pace_from_year": 2021, "pace_pp_per_year": 15, "projected_rate_pct": 90},
        ),
        id="on-track-y0-skips-a-year-with-zero-holdings",
    ),
    pytest.param(
        Case(
            (REACH_80, GROWTH_10PP),
            by_volumes({2020: 30, 2022: 32, 2023: 42}),
            2023,
            "at_risk",
            ("projected_short", "fallback_growth_met"),
            {
                "growth_pp": 10,
                "pace_pp_per_year": 4,
                "projected_rate_pct": 50,
                "required_pp_per_year": 19,
                "required_per_year": 190,
                "years_to_target": 9.5,
            },
        ),
        id="at-risk-pp-growth-exactly-met",
    ),
    pytest.param(
        Case(
            (REACH_80, GROWTH_10PP),
            by_volumes({2022: 40 / 3, 2023: 70 / 3}, held=300),
            2023,
            "at_risk",
            ("projected_short", "fallback_growth_met"),
            {"growth_pp": 10, "required_pp_per_year": 85 / 3, "required_per_year": 85},
        ),
        id="at-risk-growth-of-exactly-10-points-between-thirds",
    ),
    pytest.param(
        Case(
            (REACH_80, GROWTH_10PP),
            by_volumes({2022: 40, 2023: 44}),
            2023,
            "off_track",
            ("projected_short", "fallback_growth_not_met"),
            {
                "growth_pp": 4,
                "growth_relative_pct": 10,
                "projected_rate_pct": 52,
                "required_pp_per_year": 18,
                "required_per_year": 180,
                "years_to_target": 9,
            },
        ),
        id="off-track-pp-growth-short",
    ),
    pytest.param(
        Case(
            (REACH_80, GROWTH_10REL),
            by_volumes({2022: 40, 2023: 44}),
            2023,
            "at_risk",
            ("projected_short", "fallback_growth_met"),
            {"growth_relative_pct": 10},
        ),
        id="at-risk-same-data-relative-growth-met",
    ),
    pytest.param(
        Case(
            (REACH_80, GROWTH_10REL),
            by_volumes({2022: 50, 2023: 54}),
            2023,
            "off_track",
            ("projected_short", "fallback_growth_not_met"),
            {"growth_relative_pct": 8},
        ),
        id="off-track-relative-growth-short",
    ),
    pytest.param(
        Case(
            (REACH_80, GROWTH_10REL),
            by_volumes({2022: 0, 2023: 5}),
            2023,
            "at_risk",
            ("projected_short", "fallback_growth_met"),
            {"growth_pp": 5, "growth_relative_pct": None},
        ),
        id="at-risk-relative-growth-from-zero-is-met",
    ),
    pytest.param(
        Case(
            (REACH_80, GROWTH_10REL),
            by_volumes({2022: 0, 2023: 0}),
            2023,
            "off_track",
            ("projected_short", "fallback_growth_not_met"),
            {"pace_pp_per_year": 0, "required_pp_per_year": 40, "years_to_target": None},
        ),
        id="off-track-relative-growth-zero-to-zero-not-met",
    ),
    pytest.param(
        Case(
            (REACH_80, GROWTH_10PP),
            by_volumes({2021: 40, 2023: 44}),
            2023,
            "off_track",
            ("projected_short", "fallback_growth_not_met"),
            {"previous_rate_pct": 40, "growth_from_year": 2021, "growth_pp": 2, "pace_pp_per_year": 2},
        ),
        id="off-track-fallback-bridges-a-one-year-gap",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            by_volumes({2022: 40, 2023: 44}),
            2023,
            "off_track",
            ("projected_short",),
            {"fallback": None},
        ),
        id="off-track-without-a-fallback-target",
    ),
    pytest.param(
        Case(
            (REACH_80, TargetSpec("min_growth", 10.0, "pp", "pages")),
            by_volumes_and_pages({2022: 40, 2023: 42}, {2022: 300_000, 2023: 450_000}),
            2023,
            "at_risk",
            ("projected_short", "fallback_growth_met"),
            {"growth_pp": 2},
        ),
        id="at-risk-fallback-growth-on-its-own-pages-basis",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            by_volumes({2024: 70, 2025: 75}),
            2025,
            "missed",
            ("deadline_missed",),
            {
                "judged_year": 2025,
                "rate_pct": 75,
                "pace_pp_per_year": 5,
                "required_pp_per_year": None,
                "required_per_year": None,
                "years_to_target": None,
            },
        ),
        id="missed-at-the-deadline",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            by_volumes({2025: 75, 2026: 85}),
            2026,
            "missed",
            ("deadline_missed",),
            {"as_of_year": 2026, "judged_year": 2025, "rate_pct": 75},
        ),
        id="missed-after-deadline-judged-at-plan-end",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            by_volumes({2025: 80, 2026: 70}),
            2027,
            "achieved",
            ("target_reached",),
            {"judged_year": 2025, "rate_pct": 80, "years_to_target": 0},
        ),
        id="achieved-at-plan-end-seen-after-deadline",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            by_volumes({2022: 50}),
            2023,
            "no_data",
            ("no_report",),
            {"rate_pct": None, "previous_rate_pct": 50, "pace_pp_per_year": None, "years_to_target": None},
        ),
        id="no-data-without-report-for-the-year",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            by_volumes({2024: 70, 2026: 90}),
            2026,
            "missed",
            ("no_final_report",),
            {"judged_year": 2025},
        ),
        id="missed-after-deadline-without-plan-end-report",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            with_report(by_volumes({2022: 50}), YearFigures(2023, 0, 0)),
            2023,
            "no_data",
            ("zero_denominator",),
        ),
        id="no-data-zero-holdings",
    ),
    pytest.param(
        Case(
            (TargetSpec("reach_rate", 80.0, "pct", "items"),),
            by_volumes({2022: 50, 2023: 60}),
            2023,
            "no_data",
            ("unknown_figures",),
        ),
        id="no-data-items-basis-with-items-unknown",
    ),
    pytest.param(
        Case(
            (TargetSpec("reach_rate", 80.0, "pct", "volumes_items"),),
            by_volumes({2022: 50, 2023: 60}),
            2023,
            "no_data",
            ("unknown_figures",),
        ),
        id="no-data-volumes-items-basis-with-items-unknown",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            by_volumes({2019: 20, 2023: 50}),
            2023,
            "insufficient_data",
            ("no_pace_history",),
            {
                "pace_pp_per_year": None,
                "pace_from_year": None,
                "projected_rate_pct": None,
                "required_pp_per_year": 15,
                "required_per_year": 150,
                "years_to_target": None,
            },
        ),
        id="insufficient-data-no-year-in-pace-window",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            with_report(by_volumes({2023: 50}), YearFigures(2021, 0, 0)),
            2023,
            "insufficient_data",
            ("no_pace_history", "zero_denominator"),
        ),
        id="insufficient-data-window-year-with-zero-holdings",
    ),
    pytest.param(
        Case(
            (TargetSpec("reach_rate", 80.0, "pct", "pages"),),
            by_volumes_and_pages({2022: 90, 2023: 90}, {2022: 400_000, 2023: 500_000}),
            2023,
            "off_track",
            ("projected_short",),
            {"rate_pct": 50, "projected_rate_pct": 70, "required_pp_per_year": 15, "required_per_year": 150_000},
        ),
        id="pages-basis-reads-pages-not-volumes",
    ),
    pytest.param(
        Case(
            (REACH_80,),
            by_volumes_and_pages({2022: 90, 2023: 90}, {2022: 400_000, 2023: 500_000}),
            2023,
            "achieved",
            ("target_reached",),
            {"rate_pct": 90},
        ),
        id="volumes-basis-reads-volumes-not-pages",
    ),
    pytest.param(
        Case(
            (TargetSpec("reach_rate", 80.0, "pct", "volumes_items"),),
            by_volumes_and_items({2022: (200, 600), 2023: (300, 700)}),
            2023,
            "off_track",
            ("projected_short",),
            {"rate_pct": 50, "previous_rate_pct": 40, "required_pp_per_year": 15, "required_per_year": 300},
        ),
        id="volumes-items-basis-sums-both",
    ),
]

MIN_GROWTH_CASES = [
    pytest.param(
        Case(
            (GROWTH_10PP,),
            by_volumes({2022: 40, 2023: 50}),
            2023,
            "on_track",
            ("growth_met",),
            {
                "judged_year": 2023,
                "rate_pct": 50,
                "previous_rate_pct": 40,
                "growth_pp": 10,
                "growth_relative_pct": 25,
                "fallback": None,
            },
        ),
        id="min-growth-pp-met",
    ),
    pytest.param(
        Case(
            (GROWTH_10PP,),
            by_volumes({2022: 40, 2023: 44}),
            2023,
            "off_track",
            ("growth_not_met",),
            {"growth_pp": 4},
        ),
        id="min-growth-pp-short",
    ),
    pytest.param(
        Case(
            (GROWTH_10REL,),
            by_volumes({2022: 40, 2023: 44}),
            2023,
            "on_track",
            ("growth_met",),
            {"growth_relative_pct": 10},
        ),
        id="min-growth-relative-met",
    ),
    pytest.param(
        Case(
            (GROWTH_10REL,),
            by_volumes({2022: 0, 2023: 1}),
            2023,
            "on_track",
            ("growth_met",),
            {"growth_relative_pct": None},
        ),
        id="min-growth-relative-from-zero-met",
    ),
    pytest.param(
        Case(
            (GROWTH_10REL,),
            by_volumes({2022: 0, 2023: 0}),
            2023,
            "off_track",
            ("growth_not_met",),
        ),
        id="min-growth-relative-zero-to-zero-not-met",
    ),
    pytest.param(
        Case(
            (GROWTH_10PP,),
            by_volumes({2021: 30, 2023: 44}),
            2023,
            "off_track",
            ("growth_not_met",),
            {"previous_rate_pct": 30, "growth_from_year": 2021, "growth_pp": 7},
        ),
        id="min-growth-across-a-one-year-gap",
    ),
    pytest.param(
        Case(
            (GROWTH_10PP,),
            with_report(by_volumes({2023: 44}), YearFigures(2022, 0, 0)),
            2023,
            "insufficient_data",
            ("no_previous_year", "zero_denominator"),
        ),
        id="min-growth-previous-year-with-zero-holdings",
    ),
    pytest.param(
        Case(
            (GROWTH_10PP,),
            by_volumes({2022: 40}),
            2023,
            "no_data",
            ("no_report",),
        ),
        id="min-growth-without-report-for-the-year",
    ),
]

QUOTA_CASES = [
    pytest.param(
        Case(
            (CATALOG_QUOTA,),
            catalog({2022: 100_000, 2023: 750_000}),
            2023,
            "achieved",
            ("quota_met",),
            {"judged_year": 2023, "quota_added": 650_000, "rate_pct": None},
        ),
        id="quota-met",
    ),
    pytest.param(
        Case(
            (CATALOG_QUOTA,),
            catalog({2022: 100_000, 2023: 740_000}),
            2023,
            "achieved",
            ("quota_met",),
            {"quota_added": 640_000},
        ),
        id="quota-met-exactly",
    ),
    pytest.param(
        Case(
            (CATALOG_QUOTA,),
            catalog({2022: 100_000, 2023: 600_000}),
            2023,
            "off_track",
            ("quota_short",),
            {"quota_added": 500_000},
        ),
        id="quota-short",
    ),
    pytest.param(
        Case(
            (CATALOG_QUOTA,),
            catalog({2023: 600_000}),
            2023,
            "insufficient_data",
            ("quota_missing_year",),
            {"quota_added": None, "figures_approved": None},
        ),
        id="quota-missing-previous-year",
    ),
    pytest.param(
        Case(
            (CATALOG_QUOTA,),
            catalog({2022: None, 2023: 600_000}),
            2023,
            "insufficient_data",
            ("unknown_metric",),
        ),
        id="quota-metric-unknown",
    ),
    pytest.param(
        Case(
            (PAGES_QUOTA_2024,),
            pages({2023: 1_000_000, 2024: 1_600_000, 2025: 1_700_000}),
            2025,
            "achieved",
            ("quota_met",),
            {"as_of_year": 2025, "judged_year": 2024, "quota_added": 600_000},
        ),
        id="year-bound-quota-judged-in-its-year-after-it",
    ),
    pytest.param(
        Case(
            (PAGES_QUOTA_2024,),
            pages({2023: 1_000_000, 2024: 1_400_000}),
            2024,
            "off_track",
            ("quota_short",),
            {"quota_added": 400_000},
        ),
        id="year-bound-quota-in-its-year",
    ),
]

ALL_CASES = REACH_CASES + MIN_GROWTH_CASES + QUOTA_CASES


def first_rule(case: Case):
    return evaluate_archive(PLAN, case.targets, case.reports, case.as_of).rules[0]


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


ROWS = [
    TargetRow("reach_rate", 70.0, "pct", "volumes", "county", None, None, target_id=1),
    TargetRow("reach_rate", 80.0, "pct", "volumes", "city", None, None, target_id=2),
    TargetRow("reach_rate", 60.0, "pct", "volumes", "county", "urban_construction", None, target_id=3),
    TargetRow("reach_rate", 85.0, "pct", "volumes", None, None, "A", target_id=4),
    TargetRow("reach_rate", 99.0, "pct", "volumes", "county", None, "B", target_id=5),
    TargetRow("min_growth", 10.0, "pp", "volumes", "county", None, None, target_id=6),
    TargetRow("min_growth", 10.0, "relative_pct", "volumes", "county", "comprehensive", None, target_id=7),
    TargetRow("annual_quota", 500_000, "pages", "pages", "county", None, None, target_id=8, year=2017),
    TargetRow("annual_quota", 300_000, "pages", "pages", "county", None, None, target_id=9),
    TargetRow("annual_quota", 600_000, "pages", "pages", None, None, "A", target_id=10, year=2017),
]


@pytest.mark.parametrize(
    "archive_code, level, kind, expected",
    [
        pytest.param(
            "A",
            "county",
            "comprehensive",
            [(4, "override"), (7, "default"), (10, "override"), (9, "default")],
            id="override-beats-default",
        ),
        pytest.param(
            "C",
            "county",
            "comprehensive",
            [(1, "default"), (7, "default"), (8, "default"), (9, "default")],
            id="level-default-kind-specific-first",
        ),
        pytest.param(
            "D",
            "county",
            "urban_construction",
            [(3, "default"), (6, "default"), (8, "default"), (9, "default")],
            id="default-of-another-kind-ignored",
        ),
        pytest.param("E", "city", "comprehensive", [(2, "default")], id="defaults-of-another-level-ignored"),
        pytest.param("B", "city", "comprehensive", [(5, "override")], id="row-for-the-archive-beats-level"),
    ],
)
def test_select_targets(archive_code, level, kind, expected) -> None:
    chosen = select_targets(ROWS, chain=(archive_code,), level=level, kind=kind)
    assert sorted((spec.target_id, spec.scope) for spec in chosen) == sorted(expected)


def test_select_targets_copies_the_row() -> None:
    [quota] = [spec for spec in select_targets(ROWS, chain=("A",), level="county", kind="x") if spec.year == 2017]
    assert quota == TargetSpec("annual_quota", 600_000, "pages", "pages", "override", 10, 2017)


FULL = YearFigures(
    2023,
    holdings_volumes=1000,
    digitized_volumes=250,
    holdings_items=3000,
    digitized_items=1750,
    holdings_pages=400_000,
    digitized_pages=100_000,
    catalog_entries=640_000,
    fulltext_pages=3_140_000,
)


@pytest.mark.parametrize(
    "figures, basis, rate, held",
    [
        pytest.param(FULL, "volumes", 25, 1000, id="volumes"),
        pytest.param(FULL, "items", 1750 / 30, 3000, id="items"),
        pytest.param(FULL, "volumes_items", 50, 4000, id="volumes-items"),
        pytest.param(FULL, "pages", 25, 400_000, id="pages"),
        pytest.param(YearFigures(2023, 0, 0), "volumes", None, 0, id="zero-holdings"),
        pytest.param(YearFigures(2023, 1000, None), "volumes", None, 1000, id="digitized-unknown"),
        pytest.param(YearFigures(2023, 1000, 500), "volumes_items", None, None, id="items-unknown"),
    ],
)
def test_rate_and_denominator(figures, basis, rate, held) -> None:
    assert rate_pct(figures, basis) == pytest.approx(rate)
    assert denominator(figures, basis) == held


@pytest.mark.parametrize(
    "metric, count",
    [
        ("pages", 100_000),
        ("volumes", 250),
        ("items", 1750),
        ("catalog_entries", 640_000),
        ("fulltext_pages", 3_140_000),
    ],
)
def test_quota_metric(metric, count) -> None:
    assert quota_metric(FULL, metric) == count


def test_series_gives_rate_and_growth_by_year() -> None:
    reports = {**by_volumes({2023: 50, 2020: 20, 2021: 30}), 2022: YearFigures(2022, 0, 0)}
    rows = rate_series(reports, "volumes")
    assert [row.year for row in rows] == [2020, 2021, 2022, 2023]
    assert [row.rate_pct for row in rows] == pytest.approx([20, 30, None, 50])
    assert [row.growth_pp for row in rows] == pytest.approx([None, 10, None, None])


@pytest.mark.parametrize(
    "statuses, worst",
    [
        (["achieved", "on_track"], "on_track"),
        (["at_risk", "insufficient_data", "achieved"], "insufficient_data"),
        (["insufficient_data", "no_data"], "no_data"),
        (["no_data", "off_track"], "no_data"),
        (["not_started", "on_track"], "on_track"),
        (list(reversed(STATUSES_WORST_FIRST)), "missed"),
    ],
)
def test_worst_status(statuses, worst) -> None:
    assert worst_status(statuses) == worst


def emitted_reasons():
    for case in ALL_CASES:
        yield from first_rule(case.values[0]).reasons


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_emitted_reason_renders(lang) -> None:
    for reason in emitted_reasons():
        text = render_reason(reason, lang)
        assert text and "{" not in text and "None" not in text, (reason, text)


def reasons_of(case: Case) -> dict[str, tuple[str, str]]:
    return {r.code: (render_reason(r, "en"), render_reason(r, "zh")) for r in first_rule(case).reasons}


@pytest.mark.parametrize(
    "case, code, en, zh",
    [
        pytest.param(
            Case((REACH_80,), by_volumes({2021: 30, 2023: 60}), 2023, "", ()),
            "projected_reaches_target",
            "rate 60.0% in 2023; at 15.0 points a year it reaches 90.0% by 2025 >= 80.0%",
            "2023年数字化率60.0%；按每年15.0个百分点的进度，到2025年可达90.0%，不低于目标80.0%",
            id="projected-reaches-target",
        ),
        pytest.param(
            Case((REACH_80, GROWTH_10PP), by_volumes({2022: 40, 2023: 44}), 2023, "", ()),
            "projected_short",
            "rate 44.0% in 2023; at 4.0 points a year it reaches 52.0% by 2025, 28.0 points short"
            " of 80.0%; reaching it needs 18.0 points a year (about 180 volumes a year)",
            "2023年数字化率44.0%；按每年4.0个百分点的进度，到2025年只能达到52.0%，距目标80.0%差28.0"
            "个百分点；需每年提高18.0个百分点（约每年180卷）",
            id="projected-short-states-gap-and-requirement",
        ),
        pytest.param(
            Case((REACH_80, GROWTH_10PP), by_volumes({2022: 40, 2023: 44}), 2023, "", ()),
            "fallback_growth_not_met",
            "2022-2023: growth 4.0 points a year (target: at least 10.0 percentage points a year);"
            " the minimum-growth fallback is not met either",
            "2022—2023年数字化率年均增长4.0个百分点（目标：每年至少增长10.0个百分点），也未满足最低增速要求",
            id="fallback-in-points",
        ),
        pytest.param(
            Case((REACH_80, GROWTH_10REL), by_volumes({2022: 50, 2023: 54}), 2023, "", ()),
            "fallback_growth_not_met",
            "2022-2023: growth 8.0% a year relative (target: at least 10.0% relative growth a year);"
            " the minimum-growth fallback is not met either",
            "2022—2023年数字化率年均相对增长8.0%（目标：每年相对增长至少10.0%），也未满足最低增速要求",
            id="fallback-relative",
        ),
        pytest.param(
            Case((GROWTH_10REL,), by_volumes({2022: 0, 2023: 1}), 2023, "", ()),
            "growth_met",
            "2022-2023: growth from 0.0% to 1.0% (target: at least 10.0% relative growth a year), met",
            "2022—2023年数字化率从0.0%变为1.0%（目标：每年相对增长至少10.0%），已达到最低增速",
            id="relative-growth-from-zero",
        ),
        pytest.param(
            Case((CATALOG_QUOTA,), catalog({2022: 100_000, 2023: 600_000}), 2023, "", ()),
            "quota_short",
            "500,000 catalog entries added in 2023 < quota 640,000, 140,000 short",
            "2023年新增目录条目500,000，未达定额640,000，差140,000",
            id="quota-counts-with-thousands-separators",
        ),
        pytest.param(
            Case((REACH_80,), with_report({}, YearFigures(2023, 0, 0)), 2023, "", ()),
            "zero_denominator",
            "the 2023 report has zero holdings by volumes, so it gives no rate",
            "2023年报表按卷计的馆藏为0，无法计算数字化率",
            id="zero-holdings-names-year-and-basis",
        ),
    ],
)
def test_reason_text(case, code, en, zh) -> None:
    assert reasons_of(case)[code] == (en, zh)


def test_render_reason_refuses_an_unknown_language() -> None:
    [reason] = first_rule(Case((REACH_80,), by_volumes({2023: 90}), 2023, "", ())).reasons
    with pytest.raises(ValueError, match="unknown language"):
        render_reason(reason, "fr")


def test_status_labels_name_every_status() -> None:
    assert set(STATUS_LABELS) == set(STATUSES_WORST_FIRST)
    assert {status: label["zh"] for status, label in STATUS_LABELS.items()} == {
        "achieved": "已达标",
        "on_track": "进度正常",
        "at_risk": "存在风险",
        "off_track": "进度滞后",
        "missed": "未达标",
        "no_data": "未报送",
        "insufficient_data": "数据不足",
        "not_started": "规划未开始",
    }
