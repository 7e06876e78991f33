"""Properties the compliance rules keep for any figures, checked with hypothesis; the
statuses and figures are checked against an independent statement of the rules
(tests/domain/oracle.py), never against the rules themselves."""

from fractions import Fraction

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
from app.domain.series import rate_change_effects
from app.domain.targets import TargetRow, select_targets
from tests.domain import oracle

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
    raised = {**reports, as_of: report._replace(digitized_volumes=more)}
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
    started = as_of >= PLAN.start_year
    assert (status == "achieved") == (started and rate_pct(reports[judged], "volumes") >= target)


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


ORACLE_PLAN = oracle.Plan(PLAN.start_year, PLAN.end_year)


@st.composite
def gappy_histories(draw: st.DrawFn) -> tuple[dict[int, YearFigures], int]:
    """Reports for any of the years 2016-2027 (gaps of 1, 2 or more years), holdings that
    grow or shrink, items now and then, and an as-of year before, during or after the plan."""
    as_of = draw(st.integers(PLAN.start_year - 2, PLAN.end_year + 2))
    reports = {}
    for year in sorted(draw(st.sets(st.integers(2016, as_of), max_size=7))):
        held = draw(st.sampled_from([0, 1000]) | st.integers(1, 100_000))
        items = draw(st.none() | st.integers(0, 50_000))
        reports[year] = YearFigures(
            year,
            held,
            digitized_of(draw, held),
            holdings_items=items,
            digitized_items=None if items is None else digitized_of(draw, items),
        )
    return reports, as_of


growths = st.none() | st.tuples(
    st.sampled_from(["pp", "relative_pct"]), st.integers(0, 300), st.sampled_from(["volumes", "volumes_items"])
)


def as_targets(goal_tenths: int, basis: str, growth) -> tuple[TargetSpec, ...]:
    reach = TargetSpec("reach_rate", goal_tenths / 10, "pct", basis)
    if growth is None:
        return (reach,)
    unit, tenths, growth_basis = growth
    return reach, TargetSpec("min_growth", tenths / 10, unit, growth_basis)


def oracle_growth(growth):
    return None if growth is None else (growth[0], Fraction(growth[1], 10), growth[2])


@DETERMINISTIC
@given(
    history=gappy_histories(),
    goal=st.integers(1, 1000),
    basis=st.sampled_from(["volumes", "volumes_items"]),
    growth=growths,
)
def test_reach_rate_agrees_with_the_oracle(history, goal, basis, growth) -> None:
    reports, as_of = history
    result = evaluate_archive(PLAN, as_targets(goal, basis, growth), reports, as_of).rules[0]
    expected = oracle.reach_status(ORACLE_PLAN, Fraction(goal, 10), basis, oracle_growth(growth), reports, as_of)
    assert result.status == expected
    figures = oracle.reach_figures(ORACLE_PLAN, Fraction(goal, 10), basis, reports, as_of)
    assert {name: getattr(result, name) for name in figures} == {
        name: None if value is None else float(value) for name, value in figures.items()
    }
    if result.projected_rate_pct is not None:
        assert 0 <= result.projected_rate_pct <= 100


TWO_YEAR_GAP = ({2021: YearFigures(2021, 1000, 500), 2023: YearFigures(2023, 1000, 604)}, 2023)


@DETERMINISTIC
@given(history=gappy_histories(), growth=growths.filter(lambda growth: growth is not None))
@example(history=TWO_YEAR_GAP, growth=("relative_pct", 100, "volumes")).via("1.208 < 1.1^2: compounded, not linear")
@example(history=TWO_YEAR_GAP, growth=("pp", 52, "volumes")).via("10.4 points over 2 years: 5.2 a year, met")
def test_min_growth_on_its_own_agrees_with_the_oracle(history, growth) -> None:
    reports, as_of = history
    [target] = as_targets(500, "volumes", growth)[1:]
    result = evaluate_archive(PLAN, (target,), reports, as_of)
    assert result.status == oracle.min_growth_status(ORACLE_PLAN, oracle_growth(growth), reports, as_of)


@DETERMINISTIC
@given(history=gappy_histories(), quota=st.integers(1, 5000), year=st.none() | st.integers(2021, 2025))
def test_annual_quota_agrees_with_the_oracle(history, quota, year) -> None:
    reports, as_of = history
    target = TargetSpec("annual_quota", quota, "volumes", "volumes", year=year)
    result = evaluate_archive(PLAN, (target,), reports, as_of)
    assert result.status == oracle.quota_status(ORACLE_PLAN, quota, year, reports, as_of)


@DETERMINISTIC
@given(history=gappy_histories(), goal=st.integers(1, 1000), growth=growths, reported=rated_counts)
def test_reporting_nothing_for_the_end_year_is_never_better_than_a_rate_below_target(
    history, goal, growth, reported
) -> None:
    reports, _ = history
    as_of = PLAN.end_year + 1
    held, done = reported
    if Fraction(100 * done, held) >= Fraction(goal, 10):
        done = 0 if goal > 0 else done
    silent = {year: figures for year, figures in reports.items() if year != PLAN.end_year}
    spoken = {**silent, PLAN.end_year: YearFigures(PLAN.end_year, held, done, holdings_items=0, digitized_items=0)}
    targets = as_targets(goal, "volumes", growth)
    for as_of in (PLAN.end_year, PLAN.end_year + 1):
        said = evaluate_archive(PLAN, targets, spoken, as_of).status
        unsaid = evaluate_archive(PLAN, targets, silent, as_of).status
        assert RANK[unsaid] <= RANK[said], (said, unsaid)


counts_pairs = st.integers(1, 10**12).flatmap(lambda held: st.tuples(st.just(held), st.integers(0, held)))


@DETERMINISTIC
@given(before=counts_pairs, after=counts_pairs)
def test_the_two_effects_add_up_to_the_rate_change_exactly(before, after) -> None:
    first, second = YearFigures(2022, *before), YearFigures(2023, *after)
    work, holdings = rate_change_effects(first, second, "volumes")
    assert work + holdings == Fraction(100 * after[1], after[0]) - Fraction(100 * before[1], before[0])


@st.composite
def regions(draw: st.DrawFn) -> tuple[tuple[str, ...], list[TargetRow]]:
    """An archive's chain (itself up to a root) and county defaults under random archives."""
    chain = tuple(f"R{depth}" for depth in range(draw(st.integers(1, 5))))
    places = st.none() | st.sampled_from([*chain, "ELSEWHERE"])
    unders = draw(st.lists(places, min_size=1, max_size=6, unique=True))
    rows = [
        TargetRow("reach_rate", 50 + n, "pct", "volumes", "county", None, None, n, None, under)
        for n, under in enumerate(unders)
    ]
    return chain, rows


@DETERMINISTIC
@given(region=regions())
def test_the_applicable_default_is_the_one_with_the_nearest_under(region) -> None:
    chain, rows = region
    [chosen] = select_targets(rows, chain=chain, level="county", kind="comprehensive") or [None]
    containing = [row for row in rows if row.under is None or row.under in chain]
    if not containing:
        assert chosen is None
        return
    depth = {code: len(chain) - index for index, code in enumerate(chain)}  # the archive itself is deepest
    nearest = max(containing, key=lambda row: -1 if row.under is None else depth[row.under])
    assert chosen.target_id == nearest.target_id
