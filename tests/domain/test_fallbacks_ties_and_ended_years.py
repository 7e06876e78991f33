"""The rules' fallbacks, ties and ended years, as tables of cases: plain values in, statuses,
figures and reasons out, no database, no clock (the calendar year is passed in)."""

from collections.abc import Iterator, Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.compliance import (
    PlanSpec,
    Reason,
    TargetSpec,
    YearFigures,
    evaluate_archive,
    needing_every_year,
    needs_every_year,
)
from app.domain.reasons import render_reason

PLAN = PlanSpec("FYP14", start_year=2021, end_year=2025, baseline_year=2020)
REACH_80 = TargetSpec("reach_rate", 80.0, "pct", "volumes")
PP_10 = TargetSpec("min_growth", 10.0, "pp", "volumes")
PP_10_ITEMS = TargetSpec("min_growth", 10.0, "pp", "items")
QUOTA_EVERY_YEAR = TargetSpec("annual_quota", 100, "volumes", "volumes")


def counts(by_year: Mapping[int, tuple[int, int]]) -> dict[int, YearFigures]:
    """(held, digitized) volumes per year."""
    return {year: YearFigures(year, held, done) for year, (held, done) in by_year.items()}


def rates(by_year: Mapping[int, float], held: int = 1000) -> dict[int, YearFigures]:
    return counts({year: (held, round(rate * held / 100)) for year, rate in by_year.items()})


# ---- 12. a fallback with no earlier rate is not met, and names its own growth year ----


@pytest.mark.parametrize(
    "targets, reports, met, from_year, codes",
    [
        pytest.param(
            (REACH_80, PP_10),
            rates({2019: 10, 2023: 50, 2024: 55}),
            False,
            2023,
            ["projected_short", "fallback_growth_not_met"],
            id="judged-from-the-nearest-year",
        ),
        pytest.param(
            (REACH_80, PP_10_ITEMS),
            {
                2022: YearFigures(2022, 1000, 400, 1000, None),
                2023: YearFigures(2023, 1000, 500, 1000, 100),
                2024: YearFigures(2024, 1000, 550, 1000, 300),
            },
            True,
            2023,
            ["projected_short", "fallback_growth_met"],
            id="own-basis-own-year",
        ),
        pytest.param(
            (REACH_80, PP_10_ITEMS),
            {
                2022: YearFigures(2022, 1000, 400, 1000, None),
                2023: YearFigures(2023, 1000, 500, 1000, None),
                2024: YearFigures(2024, 1000, 550, 1000, 300),
            },
            False,
            None,
            ["projected_short", "fallback_no_previous_year", "unknown_figures", "unknown_figures"],
            id="no-earlier-rate-on-its-basis-is-not-met",
        ),
    ],
)
def test_the_fallback(targets, reports, met, from_year, codes) -> None:
    [rule] = evaluate_archive(PLAN, targets, reports, 2024).rules
    assert rule.fallback is not None
    assert (rule.fallback.met, rule.fallback.from_year) == (met, from_year)
    assert [reason.code for reason in rule.reasons] == codes


def test_a_fallback_without_an_earlier_rate_is_false_not_null() -> None:
    reports = {
        2023: YearFigures(2023, 1000, 500, 1000, None),
        2024: YearFigures(2024, 1000, 550, 1000, 300),
    }
    [rule] = evaluate_archive(PLAN, (REACH_80, PP_10_ITEMS), reports | rates({2022: 40}), 2024).rules
    assert rule.fallback is not None and rule.fallback.met is False and rule.fallback.from_year is None
    assert rule.growth_from_year == 2023  # the target's own basis has one
    fallback = next(reason for reason in rule.reasons if reason.code == "fallback_no_previous_year")
    assert render_reason(fallback, "en") == (
        "no rate by items for 2021-2023 to measure growth into 2024 from: the minimum-growth fallback is not met"
    )
    assert "件" in render_reason(fallback, "zh")


# ---- 13. no final report: the latest rate of any earlier year ----


@pytest.mark.parametrize(
    "reports, latest",
    [
        pytest.param(rates({2021: 45}), "latest: 45.0% in 2021", id="four-years-before"),
        pytest.param(rates({2018: 30}), "latest: 30.0% in 2018", id="before-the-plan"),
        pytest.param(rates({2026: 90}), "no rate in the years before it either", id="only-after-the-end"),
    ],
)
def test_no_final_report_gives_the_latest_rate_of_any_year(reports, latest) -> None:
    [rule] = evaluate_archive(PLAN, (REACH_80,), reports, 2026).rules
    [reason] = rule.reasons
    assert (rule.status, reason.code) == ("missed", "no_final_report")
    assert render_reason(reason, "en").endswith(latest)


@pytest.mark.parametrize(
    "targets, reports, as_of, needed",
    [
        pytest.param((REACH_80,), rates({2024: 50}), 2025, True, id="no-final-report"),
        pytest.param((REACH_80,), rates({2025: 50}), 2025, False, id="final-report"),
        pytest.param((REACH_80,), rates({2023: 50}), 2024, False, id="before-the-end"),
        pytest.param((QUOTA_EVERY_YEAR,), rates({2024: 50}), 2025, False, id="no-rate-rule"),
    ],
)
def test_every_year_is_read_only_when_the_final_rate_is_missing(targets, reports, as_of, needed) -> None:
    assert needs_every_year(PLAN, targets, reports, as_of) is needed


maybe_count = st.one_of(st.none(), st.integers(min_value=0, max_value=50))
year_figures = st.builds(
    YearFigures,
    year=st.integers(min_value=2022, max_value=2026),
    holdings_volumes=maybe_count,
    digitized_volumes=maybe_count,
    holdings_items=maybe_count,
    digitized_items=maybe_count,
    holdings_pages=maybe_count,
    digitized_pages=maybe_count,
)
target_sets = st.lists(
    st.sampled_from(
        [REACH_80, PP_10, PP_10_ITEMS, QUOTA_EVERY_YEAR, TargetSpec("reach_rate", 60.0, "pct", "volumes_items")]
    ),
    max_size=3,
).map(tuple)


@given(
    archives=st.lists(st.tuples(target_sets, st.lists(year_figures, max_size=5)), max_size=8),
    as_of=st.integers(min_value=2023, max_value=2027),
)
def test_many_archives_at_once_are_needing_every_year_as_each_alone(archives, as_of) -> None:
    """needing_every_year (a whole list's archives at once) names exactly those needs_every_year does."""
    given_ = []
    for number, (targets, figures) in enumerate(archives):
        by_year = {f.year: f for f in figures}
        given_.append((f"A{number}", targets, tuple(sorted(by_year.values()))))
    alone = [
        code for code, targets, rows in given_ if needs_every_year(PLAN, targets, {f.year: f for f in rows}, as_of)
    ]

    assert needing_every_year(PLAN, as_of, given_) == alone


# ---- 14. a tie says the shortfall in units, wherever it shows ----


def test_a_projection_that_ties_its_target_says_the_units_short() -> None:
    reports = counts({2023: (100_000, 79_000), 2024: (100_000, 79_490)})  # projects 79.98% by 2025
    [rule] = evaluate_archive(PLAN, (REACH_80,), reports, 2024).rules
    [reason] = rule.reasons
    text = render_reason(reason, "en")
    assert reason.code == "projected_short" and rule.status == "off_track"
    assert "falls just short of 80% by 2025: 20 volumes short" in text, text
    assert "80.0%" not in text.split("short of")[1].split(":")[0]
    assert "还差20" in render_reason(reason, "zh")


@given(st.integers(1, 10_000), st.integers(1_000, 10**7))
def test_a_tie_never_reads_as_two_equal_figures(short, held) -> None:
    """79.95% <= rate < 80%: the rate reads 80.0%; the sentence gives the units short instead."""
    done = held * 8 // 10 - short
    if done <= 0 or (held * 80 - done * 100) * 20 > held:  # keep to rates that read 80.0%
        return
    [rule] = evaluate_archive(PLAN, (REACH_80,), counts({2025: (held, done)}), 2025).rules
    text = render_reason(rule.reasons[0], "en")
    assert "80.0%" not in text and f"{-(-(held * 80 - done * 100) // 100):,} volumes short" in text


# ---- 19. a quota for a year that has ended is final; a fallback met at the deadline says so ----


@pytest.mark.parametrize(
    "reports, as_of, current_year, status",
    [
        pytest.param(rates({2023: 20, 2024: 25}), 2024, 2024, "off_track", id="year-still-running"),
        pytest.param(rates({2023: 20, 2024: 25}), 2024, 2026, "missed", id="year-over-short"),
        pytest.param(rates({2023: 20, 2024: 40}), 2024, 2026, "achieved", id="year-over-met"),
        pytest.param(rates({2023: 20}), 2024, 2026, "missed", id="year-over-unreported"),
        pytest.param(rates({2023: 20}), 2024, 2024, "insufficient_data", id="year-running-unreported"),
        pytest.param(rates({2023: 20, 2024: 25}), 2024, None, "off_track", id="no-clock-given"),
    ],
)
def test_a_quota_judged_for_an_ended_year_is_final(reports, as_of, current_year, status) -> None:
    [rule] = evaluate_archive(PLAN, (QUOTA_EVERY_YEAR,), reports, as_of, current_year).rules
    assert rule.status == status


@given(st.integers(0, 300), st.integers(2021, 2025), st.integers(2021, 2030))
def test_an_ended_year_is_never_off_track(added, year, now) -> None:
    reports = counts({year - 1: (10_000, 1000), year: (10_000, 1000 + added)})
    [rule] = evaluate_archive(PLAN, (QUOTA_EVERY_YEAR,), reports, year, now).rules
    if year < now:
        assert rule.status == ("achieved" if added >= 100 else "missed")
    else:
        assert rule.status in ("achieved", "off_track")


def test_a_missed_deadline_says_the_fallback_was_met_but_no_longer_counts() -> None:
    [rule] = evaluate_archive(PLAN, (REACH_80, PP_10), rates({2024: 50, 2025: 62}), 2025).rules
    assert rule.status == "missed"
    assert [reason.code for reason in rule.reasons] == ["deadline_missed", "fallback_met_at_deadline"]
    assert render_reason(rule.reasons[1], "en") == (
        "2024-2025: growth 12.0 points a year (target: at least 10.0 percentage points a year);"
        " the minimum-growth fallback is met, but at the plan's end only the target counts"
    )
    assert "规划期末只看目标" in render_reason(rule.reasons[1], "zh")


def loose_end_reasons() -> Iterator[Reason]:
    """Every reason this file's cases give (for the catalogue's check)."""
    reports = {2023: YearFigures(2023, 1000, 500, 1000, None), 2024: YearFigures(2024, 1000, 550, 1000, 300)}
    yield from evaluate_archive(PLAN, (REACH_80, PP_10_ITEMS), reports, 2024).rules[0].reasons
    yield from evaluate_archive(PLAN, (REACH_80, PP_10), rates({2024: 50, 2025: 62}), 2025).rules[0].reasons
    tie = counts({2023: (100_000, 79_000), 2024: (100_000, 79_490)})
    yield from evaluate_archive(PLAN, (REACH_80,), tie, 2024).rules[0].reasons
