"""The reach_rate figures are worked out on whole numbers (app.domain.reach_figures) instead of
Fractions; on any whole numbers, negative counts included, each gives exactly the value of its
Fraction formula (reach.py's docstring), and so the very same float."""

import math
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.domain.rates import Quotient, Rate, points_a_year, points_to
from app.domain.reach_figures import (
    projected_of,
    reaches,
    short_of,
    trend_of,
    units_a_year_with_growth,
    units_for,
    years_at_pace,
)

DETERMINISTIC = settings(max_examples=500, derandomize=True, deadline=None, database=None)

whole = st.integers(-(10**15), 10**15) | st.sampled_from([0, 1, -1, 100, 10**12])
positive = st.integers(1, 10**15) | st.sampled_from([1, 3, 1000, 10**12])
years = st.integers(1, 6)
# Targets as people write them (one or more decimals), and a few wilder ones.
goals = (
    st.integers(-1000, 10**6).map(lambda tenths: Fraction(tenths, 10))
    | st.sampled_from([Fraction(0), Fraction(80), Fraction(801, 10), Fraction(100), Fraction(1, 10**7)])
    | st.fractions(min_value=-200, max_value=1000, max_denominator=10**9)
)


@st.composite
def rates(draw: st.DrawFn) -> Rate:
    """A Rate as rate_of makes it: held > 0, done any whole number."""
    return Rate(draw(whole), draw(positive))


@st.composite
def quotients(draw: st.DrawFn) -> Quotient:
    return Quotient(draw(whole), draw(positive))


def exact(rate: Rate) -> Fraction:
    return Fraction(100 * rate.done, rate.held)


def same(value: Quotient, expected: Fraction) -> bool:
    """The Quotient is the fraction, and its float the fraction's."""
    return value.den > 0 and value.exact == expected and float(value) == float(expected)


@DETERMINISTIC
@given(now=rates(), then=rates(), pace_years=years, left=st.integers(0, 6))
def test_the_projection_is_the_fraction_arithmetic_kept_within_0_and_100(
    now: Rate, then: Rate, pace_years: int, left: int
) -> None:
    pace = points_a_year(now, then, pace_years)
    expected = max(Fraction(0), min(Fraction(100), exact(now) + pace.exact * left))
    assert same(projected_of(now, pace, left), expected)


@DETERMINISTIC
@given(value=quotients(), goal=goals)
def test_reaching_and_falling_short_are_the_fraction_arithmetic(value: Quotient, goal: Fraction) -> None:
    p, q = goal.numerator, goal.denominator
    assert reaches(value, p, q) == (value.exact >= goal)
    assert same(short_of(value, p, q), goal - value.exact)


@DETERMINISTIC
@given(points=quotients(), held=whole)
def test_units_for_points_are_the_fraction_rounded_up(points: Quotient, held: int) -> None:
    assert units_for(points, held) == math.ceil(points.exact * held / 100)


@DETERMINISTIC
@given(rate=rates(), goal=goals, then=rates(), pace_years=years)
def test_years_at_pace_are_the_fraction_arithmetic(rate: Rate, goal: Fraction, then: Rate, pace_years: int) -> None:
    pace = points_a_year(rate, then, pace_years)
    assume(pace.num > 0)
    short = points_to(rate, goal)
    assert same(years_at_pace(short, pace), short.exact / pace.exact)


@DETERMINISTIC
@given(held=whole, held_then=whole, trend_years=years)
def test_the_holdings_trend_is_the_fraction_floored_at_0(held: int, held_then: int, trend_years: int) -> None:
    assert same(trend_of(held, held_then, trend_years), max(Fraction(0), Fraction(held - held_then, trend_years)))


@DETERMINISTIC
@given(goal=goals, held=whole, held_then=whole, trend_years=years, done=whole, left=years)
def test_units_a_year_with_growth_are_the_fraction_rounded_up(
    goal: Fraction, held: int, held_then: int, trend_years: int, done: int, left: int
) -> None:
    trend = trend_of(held, held_then, trend_years)
    expected = math.ceil((goal * (held + trend.exact * left) / 100 - done) / left)
    assert units_a_year_with_growth(goal.numerator, goal.denominator, held, trend, done, left) == expected
