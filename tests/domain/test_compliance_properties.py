"""Properties the compliance rules keep for any figures, checked with hypothesis."""

from dataclasses import replace

from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.domain.compliance import (
    STATUSES_WORST_FIRST,
    PlanSpec,
    TargetSpec,
    YearFigures,
    evaluate_archive,
    rate_pct,
    worst_status,
)
from app.domain.reasons import render_reason

PLAN = PlanSpec("14th", start_year=2021, end_year=2025, baseline_year=2020)
RANK = {status: rank for rank, status in enumerate(STATUSES_WORST_FIRST)}  # higher is better
DETERMINISTIC = settings(max_examples=200, derandomize=True, deadline=None, database=None)

as_of_years = st.integers(PLAN.start_year - 1, PLAN.end_year + 1)
# Targets as people write them: percent with one decimal.
percentages = st.integers(0, 1000).map(lambda tenths: tenths / 10)


def digitized_of(draw: st.DrawFn, held: int) -> int:
    """Digitized volumes of `held`, often none or all of them."""
    return draw(st.sampled_from([0, held]) | st.integers(0, held))


@st.composite
def histories(draw: st.DrawFn, as_of: int) -> dict[int, YearFigures]:
    """Reports for some of the 4 years before as_of (now and then with zero holdings) and
    one for as_of with holdings."""
    reports = {}
    for year in sorted(draw(st.sets(st.integers(as_of - 4, as_of - 1), min_size=1))):
        held = draw(st.sampled_from([0, 1000, 3000]) | st.integers(1, 5000))
        reports[year] = YearFigures(year, held, digitized_of(draw, held))
    held = draw(st.integers(1, 5000))
    reports[as_of] = YearFigures(as_of, held, digitized_of(draw, held))
    return reports


@st.composite
def archives(draw: st.DrawFn) -> tuple[TargetSpec, float, dict[int, YearFigures], int]:
    """A reach_rate target, a minimum growth a year, and a history up to as_of."""
    as_of = draw(as_of_years)
    reach = TargetSpec("reach_rate", draw(st.integers(300, 950)) / 10, "pct", "volumes")
    return reach, draw(st.integers(0, 300)) / 10, draw(histories(as_of)), as_of


def target_sets(reach: TargetSpec, minimum_growth: float) -> list[tuple[TargetSpec, ...]]:
    """reach_rate alone, and with a min_growth fallback in each unit."""
    return [(reach,)] + [
        (reach, TargetSpec("min_growth", minimum_growth, unit, "volumes")) for unit in ("pp", "relative_pct")
    ]


def reach_rate_status(targets, reports, as_of) -> str:
    return evaluate_archive(PLAN, targets, reports, as_of).rules[0].status


ZERO_TO_ZERO = (
    TargetSpec("reach_rate", 80.0, "pct", "volumes"),
    10.0,
    {2022: YearFigures(2022, 1000, 0), 2023: YearFigures(2023, 1000, 0)},
    2023,
)


@DETERMINISTIC
@given(archive=archives(), raise_by=st.integers(0, 5000))
@example(archive=ZERO_TO_ZERO, raise_by=1).via("relative growth: 0 to 0 is not met, 0 to more is")
def test_a_higher_rate_never_makes_the_status_worse(archive, raise_by) -> None:
    reach, minimum_growth, reports, as_of = archive
    report = reports[as_of]
    more = min(report.holdings_volumes, report.digitized_volumes + raise_by)
    raised = {**reports, as_of: replace(report, digitized_volumes=more)}
    for targets in target_sets(reach, minimum_growth):
        before = reach_rate_status(targets, reports, as_of)
        after = reach_rate_status(targets, raised, as_of)
        assert RANK[after] >= RANK[before], (targets, before, after)


# (holdings, digitized) with holdings > 0, so the year gives a rate.
rated_counts = st.integers(1, 5000).flatmap(lambda held: st.tuples(st.just(held), st.integers(0, held)))


@DETERMINISTIC
@given(
    as_of=as_of_years,
    counts=rated_counts,
    target=percentages,
    others=st.dictionaries(st.integers(2016, 2027), rated_counts),
)
@example(as_of=2023, counts=(1000, 805), target=80.5, others={}).via("rate exactly at target")
@example(as_of=2023, counts=(3, 2), target=66.7, others={}).via("two thirds, just under")
def test_achieved_exactly_when_the_judged_rate_reaches_the_target(as_of, counts, target, others) -> None:
    judged = min(as_of, PLAN.end_year)
    reports = {year: YearFigures(year, *pair) for year, pair in others.items()}
    reports[judged] = YearFigures(judged, *counts)
    status = reach_rate_status((TargetSpec("reach_rate", target, "pct", "volumes"),), reports, as_of)
    assert (status == "achieved") == (rate_pct(reports[judged], "volumes") >= target)


statuses = st.lists(st.sampled_from(STATUSES_WORST_FIRST), min_size=1)


@DETERMINISTIC
@given(statuses=statuses, extra=st.sampled_from(STATUSES_WORST_FIRST))
def test_worst_status_is_the_minimum_by_order(statuses, extra) -> None:
    worst = worst_status(statuses)
    assert worst in statuses
    assert all(RANK[worst] <= RANK[status] for status in statuses)
    assert worst_status(reversed(statuses)) == worst
    assert RANK[worst_status([*statuses, extra])] <= RANK[worst]


@DETERMINISTIC
@given(archive=archives())
def test_every_result_explains_itself_in_both_languages(archive) -> None:
    reach, minimum_growth, reports, as_of = archive
    for targets in target_sets(reach, minimum_growth):
        for rule in evaluate_archive(PLAN, targets, reports, as_of).rules:
            assert rule.reasons
            for reason in rule.reasons:
                assert render_reason(reason, "en") and render_reason(reason, "zh")
