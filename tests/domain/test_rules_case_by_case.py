"""The compliance rules, point by point, as tables of cases: plain values in, statuses,
figures and reasons out, no database."""

from collections.abc import Mapping
from datetime import date

import pytest

from app.domain.compliance import (
    PlanSpec,
    TargetRow,
    TargetSpec,
    YearFigures,
    evaluate_archive,
    not_bound,
    plan_binds,
    rate_series,
    select_targets,
)
from app.domain.reasons import REASON_TEMPLATES, render_reason
from app.domain.succession import not_open, with_carried_reason
from app.domain.vocabulary import STATUSES_WORST_FIRST
from tests.domain.test_compliance_rules import ALL_CASES, first_rule
from tests.domain.test_fallbacks_ties_and_ended_years import loose_end_reasons

PLAN = PlanSpec("FYP14", start_year=2021, end_year=2025, baseline_year=2020)
REACH_80 = TargetSpec("reach_rate", 80.0, "pct", "volumes")
PP_10 = TargetSpec("min_growth", 10.0, "pp", "volumes")
REL_10 = TargetSpec("min_growth", 10.0, "relative_pct", "volumes")
QUOTA_2023 = TargetSpec("annual_quota", 100, "volumes", "volumes", year=2023)
QUOTA_EVERY_YEAR = TargetSpec("annual_quota", 100, "volumes", "volumes")


def rates(by_year: Mapping[int, float], held: int = 1000) -> dict[int, YearFigures]:
    return {year: YearFigures(year, held, round(rate * held / 100)) for year, rate in by_year.items()}


def counts(by_year: Mapping[int, tuple[int, int]]) -> dict[int, YearFigures]:
    """(held, digitized) volumes per year."""
    return {year: YearFigures(year, held, done) for year, (held, done) in by_year.items()}


def judge(targets, reports, as_of):
    return evaluate_archive(PLAN, targets, reports, as_of)


# ---- 1. where a plan and a target apply ----

# County defaults: plan-wide 80, under the province 75, under the city 70; an override 60.
ROWS = [
    TargetRow("reach_rate", 80, "pct", "volumes", "county", None, None, 1),
    TargetRow("reach_rate", 75, "pct", "volumes", "county", None, None, 2, under="HB"),
    TargetRow("reach_rate", 70, "pct", "volumes", "county", None, None, 3, under="HB-XY"),
    TargetRow("reach_rate", 65, "pct", "volumes", "county", "urban_construction", None, 4, under="HB"),
    TargetRow("reach_rate", 60, "pct", "volumes", None, None, "HB-XY-NZ", 5),
]


@pytest.mark.parametrize(
    "chain, kind, target_id, scope",
    [
        pytest.param(("HB-XY-GC", "HB-XY", "HB"), "comprehensive", 3, "default", id="nearest-under-wins"),
        pytest.param(("HB-WH-X", "HB-WH", "HB"), "comprehensive", 2, "default", id="province-default-below-it"),
        pytest.param(("HN-CS-X", "HN-CS", "HN"), "comprehensive", 1, "default", id="plan-wide-elsewhere"),
        pytest.param(("HB-XY-NZ", "HB-XY", "HB"), "comprehensive", 5, "override", id="override-beats-nested-defaults"),
        pytest.param(("HB-XY-UC", "HB-XY", "HB"), "urban_construction", 3, "default", id="nearer-under-beats-kind"),
        pytest.param(("HB-WH-UC", "HB-WH", "HB"), "urban_construction", 4, "default", id="kind-wins-at-same-under"),
    ],
)
def test_the_nearest_under_applies(chain, kind, target_id, scope) -> None:
    [chosen] = select_targets(ROWS, chain=chain, level="county", kind=kind)
    assert (chosen.target_id, chosen.scope) == (target_id, scope)


@pytest.mark.parametrize(
    "under, chain, binds",
    [
        (None, ("SC-MY", "SC"), True),
        ("HN", ("HN",), True),
        ("HN", ("HN-CS-X", "HN-CS", "HN"), True),
        ("HN", ("HB-XY", "HB"), False),
        ("HN-CS", ("HN",), False),
    ],
)
def test_a_plan_binds_its_under_and_below(under, chain, binds) -> None:
    assert plan_binds(PlanSpec("P", 2017, 2017, under=under), chain) is binds


def test_an_unbound_archive_has_no_status_and_says_why() -> None:
    result = not_bound(PlanSpec("HN2017", 2017, 2017, under="HN"), "HB-XY")
    assert (result.status, result.rules, [reason.code for reason in result.reasons]) == (None, (), ["not_bound"])
    assert render_reason(result.reasons[0], "en") == "plan HN2017 does not bind archive HB-XY (it applies under HN)"


# ---- 2-8: statuses, reasons and figures ----

CASES = [
    # 2. phases
    pytest.param(
        (REACH_80, PP_10),
        rates({2019: 40, 2020: 50}),
        2020,
        ["not_started"],
        ["plan_not_started"],
        {"rate_pct": 50, "required_pp_per_year": 6, "required_per_year": 60, "judged_year": 2020},
        id="2-reach-before-start-shows-rate-and-pace-needed",
    ),
    pytest.param(
        (PP_10,), rates({2019: 40}), 2019, ["not_started"], ["plan_not_started"], {}, id="2-growth-before-start"
    ),
    pytest.param((QUOTA_2023,), rates({2021: 10, 2022: 20}), 2022, [], [], {}, id="2-quota-left-out-before-its-year"),
    pytest.param(
        (QUOTA_2023,), rates({2022: 20, 2023: 25}), 2023, ["off_track"], ["quota_short"], {}, id="2-quota-in-its-year"
    ),
    pytest.param(
        (QUOTA_2023,), rates({2022: 20, 2023: 25}), 2027, ["missed"], ["quota_short"], {}, id="2-quota-closed-missed"
    ),
    pytest.param(
        (QUOTA_2023,), rates({2022: 20, 2023: 35}), 2027, ["achieved"], ["quota_met"], {}, id="2-quota-closed-achieved"
    ),
    pytest.param(
        (QUOTA_2023,), rates({2022: 20}), 2024, ["missed"], ["quota_missing_year"], {}, id="2-closed-quota-unreported"
    ),
    pytest.param((QUOTA_EVERY_YEAR,), rates({2019: 1, 2020: 50}), 2020, [], [], {}, id="2-yearly-quota-before-start"),
    pytest.param(
        (QUOTA_EVERY_YEAR,),
        rates({2023: 20, 2024: 25}),
        2024,
        ["off_track"],
        ["quota_short"],
        {"judged_year": 2024},
        id="2-yearly-quota-during-plan",
    ),
    pytest.param(
        (QUOTA_EVERY_YEAR,),
        rates({2024: 20, 2025: 25, 2027: 90}),
        2027,
        ["missed"],
        ["quota_short"],
        {"judged_year": 2025},
        id="2-yearly-quota-after-end-judged-for-end",
    ),
    # 4. no reward for not reporting
    pytest.param(
        (REACH_80,),
        rates({2023: 60, 2024: 70}),
        2025,
        ["missed"],
        ["no_final_report"],
        {"rate_pct": None},
        id="4-no-final-report-is-missed",
    ),
    pytest.param((REACH_80,), rates({2023: 60}), 2024, ["no_data"], ["no_report"], {}, id="4-before-end-no-data"),
    pytest.param((PP_10,), rates({2024: 60}), 2026, ["missed"], ["no_final_report"], {}, id="4-growth-alone-missed"),
    # 5. growth across a gap
    pytest.param(
        (REACH_80, PP_10),
        rates({2021: 20, 2024: 50}),
        2024,
        ["at_risk"],
        ["projected_short", "fallback_growth_met"],
        {"growth_from_year": 2021, "growth_pp": 10, "previous_rate_pct": 20},
        id="5-gap-of-two-years-points",
    ),
    pytest.param(
        (REACH_80, REL_10),
        rates({2021: 40, 2023: 48.4}),
        2023,
        ["at_risk"],
        ["projected_short", "fallback_growth_met"],
        {"growth_from_year": 2021, "growth_relative_pct": 10},
        id="5-gap-of-one-year-relative-compounded-exactly",
    ),
    pytest.param(
        (REACH_80, REL_10),
        rates({2021: 40, 2023: 48.3}),
        2023,
        ["off_track"],
        ["projected_short", "fallback_growth_not_met"],
        {},
        id="5-relative-just-short-of-compounded",
    ),
    pytest.param(
        (REACH_80, PP_10),
        rates({2019: 10, 2020: 20, 2023: 50}),
        2023,
        ["at_risk"],
        ["projected_short", "fallback_growth_met"],
        {"growth_from_year": 2020, "growth_pp": 10, "pace_from_year": 2020},
        id="5-nearest-earlier-year-within-three",
    ),
    pytest.param(
        (PP_10,),
        rates({2019: 10, 2023: 50}),
        2023,
        ["insufficient_data"],
        ["no_previous_year"],
        {"growth_from_year": None},
        id="5-no-earlier-rate-within-three-years",
    ),
    pytest.param(
        (REL_10,), rates({2022: 0, 2024: 1}), 2024, ["on_track"], ["growth_met"], {}, id="5-from-zero-across-a-gap"
    ),
    # 6. what holdings growth does
    pytest.param(
        (REACH_80,),
        counts({2021: (100_000, 50_000), 2023: (140_000, 80_000)}),
        2023,
        ["off_track"],
        ["projected_short"],
        {
            "holdings_trend_per_year": 20_000,
            "required_per_year": 16_000,  # (112,000 - 80,000) / 2
            "required_per_year_with_growth": 32_000,  # (0.8 x 180,000 - 80,000) / 2
            "shortfall_units": 32_000,
        },
        id="6-growth-raises-what-must-be-funded",
    ),
    pytest.param(
        (REACH_80,),
        counts({2022: (150_000, 50_000), 2023: (140_000, 80_000)}),
        2023,
        ["on_track"],
        ["projected_reaches_target"],
        {"holdings_trend_per_year": 0, "required_per_year_with_growth": 16_000},
        id="6-shrinking-holdings-trend-floored-at-zero",
    ),
    pytest.param(
        (REACH_80,),
        counts({2024: (10**15 - 1, 10**15 // 2)}),
        2024,
        ["insufficient_data"],
        ["no_pace_history"],
        {
            "required_per_year": 299_999_999_999_999,
            "shortfall_units": 299_999_999_999_999,
            "holdings_trend_per_year": None,
        },
        id="6-exact-ceiling-for-huge-holdings",
    ),
    # 8. honest figures
    pytest.param(
        (REACH_80,),
        rates({2021: 90, 2024: 10}),
        2024,
        ["off_track"],
        ["projected_short"],
        {"projected_rate_pct": 0, "years_to_target": None},
        id="8-projection-clamped-at-zero",
    ),
    pytest.param(
        (REACH_80,),
        counts({2024: (100_000, 79_000), 2025: (100_000, 79_996)}),
        2025,
        ["missed"],
        ["deadline_missed"],
        {"years_to_target": None, "shortfall_units": 4},
        id="8-after-end-no-years-to-target",
    ),
]


@pytest.mark.parametrize("targets, reports, as_of, statuses, reasons, figures", CASES)
def test_statuses_reasons_and_figures_by_case(targets, reports, as_of, statuses, reasons, figures) -> None:
    result = judge(targets, reports, as_of)
    assert [rule.status for rule in result.rules] == statuses
    if result.rules:
        first = result.rules[0]
        assert [reason.code for reason in first.reasons] == reasons
        assert {name: getattr(first, name) for name in figures} == pytest.approx(figures)
    else:
        assert result.status is None


def test_statuses_worst_first_put_not_reporting_below_reporting() -> None:
    assert STATUSES_WORST_FIRST == (
        "missed",
        "no_data",
        "off_track",
        "insufficient_data",
        "at_risk",
        "on_track",
        "not_started",
        "achieved",
    )


@pytest.mark.parametrize(
    "targets, reports, as_of, code, en",
    [
        pytest.param(
            (REACH_80,),
            counts({2025: (100_000, 79_996)}),
            2025,
            "deadline_missed",
            "the plan ended in 2025 with 79,996 of 100,000 volumes digitized: 4 volumes short of 80%",
            id="tie-says-units",
        ),
        pytest.param(
            (REACH_80,),
            rates({2023: 60, 2024: 70}),
            2026,
            "no_final_report",
            "no rate by volumes for 2025, the plan's end year; latest: 70.0% in 2024",
            id="no-final-report-gives-latest",
        ),
        pytest.param(
            (PP_10,),
            rates({2021: 20, 2023: 40}),
            2023,
            "growth_met",
            "2021-2023: growth 10.0 points a year (target: at least 10.0 percentage points a year), met",
            id="growth-annualized-over-the-gap",
        ),
        pytest.param(
            (PP_10,),
            rates({2020: 10, 2024: 50}),
            2024,
            "no_previous_year",
            "no rate by volumes for 2021-2023, so growth into 2024 cannot be judged",
            id="no-earlier-rate",
        ),
    ],
)
def test_a_reason_reads_as_a_sentence(targets, reports, as_of, code, en) -> None:
    reasons = {reason.code: reason for reason in judge(targets, reports, as_of).rules[0].reasons}
    assert render_reason(reasons[code], "en") == en
    assert render_reason(reasons[code], "zh")


# ---- 7. why a rate moved ----


def test_the_series_splits_a_fall_into_work_and_holdings() -> None:
    points = rate_series(counts({2022: (100_000, 60_000), 2023: (140_000, 80_000)}), "volumes")
    second = points[1]
    assert second.growth_pp == pytest.approx(80_000 / 1400 - 60)  # -2.857...
    assert second.digitization_effect_pp == pytest.approx(20_000 / 1400)
    assert second.holdings_effect_pp == pytest.approx(60_000 * (1 / 140_000 - 1 / 100_000) * 100)
    [reason] = second.reasons
    assert render_reason(reason, "en") == (
        "the rate fell 2.9 points in 2023 although 20,000 volumes were digitized:"
        " holdings grew by 40,000 volumes, -17.1 points"
    )
    assert points[0].reasons == () and points[0].digitization_effect_pp is None


def test_a_rise_needs_no_explaining() -> None:
    [_, second] = rate_series(counts({2022: (100_000, 60_000), 2023: (100_000, 70_000)}), "volumes")
    assert (second.digitization_effect_pp, second.holdings_effect_pp, second.reasons) == (10, 0, ())


# ---- the reason catalogue ----


def emitted():
    for case in ALL_CASES:
        yield from first_rule(case.values[0]).reasons
    for case in CASES:
        targets, reports, as_of = case.values[:3]
        for rule in judge(targets, reports, as_of).rules:
            yield from rule.reasons
    yield from rate_series(counts({2022: (100_000, 60_000), 2023: (140_000, 80_000)}), "volumes")[1].reasons
    yield from not_bound(PlanSpec("HN2017", 2017, 2017, under="HN"), "HB-XY").reasons
    yield from loose_end_reasons()
    targets, reports, as_of = CASES[0].values[:3]  # figures carried into today's structure say so
    carried = {year: frozenset({"A", "B"}) for year in range(2000, 2031)}
    for rule in with_carried_reason(judge(targets, reports, as_of), carried).rules:
        yield from rule.reasons
    year_end, renamed, merged = date(2016, 12, 31), date(2017, 4, 9), date(2010, 11, 26)
    for opened, closed in ((renamed, None), (None, merged), (renamed, merged), (None, None)):
        yield from not_open("HN-CS-NX", year_end, opened, closed).reasons  # not in the tree judged


def test_an_archive_not_open_names_the_day_and_when_it_opened_or_closed() -> None:
    [reason] = not_open("HB-XF", date(2016, 12, 31), date(2018, 1, 1), date(2010, 11, 26)).reasons

    assert render_reason(reason, "en") == (
        "archive HB-XF was not open on 2016-12-31 (closed on 2010-11-26, opened on 2018-01-01)"
    )
    assert render_reason(reason, "zh") == "档案馆HB-XF在2016-12-31不在册（2010-11-26撤销，2018-01-01设立）"


def test_reason_catalogue_is_exactly_the_codes_emitted() -> None:
    codes = {code for code in REASON_TEMPLATES if ":" not in code}
    assert {reason.code for reason in emitted()} == codes


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_emitted_reason_renders(lang) -> None:
    for reason in emitted():
        text = render_reason(reason, lang)
        assert text and "{" not in text and "None" not in text, (reason, text)
