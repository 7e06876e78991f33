"""The rules compare and work out rates on whole numbers (app.domain.rates.Rate) instead of
Fractions; on any whole numbers, zero and unknown figures and negative holdings included,
each helper gives exactly what the Fraction arithmetic gives."""

import math
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.growth import annualized_growth, growth_met
from app.domain.rates import (
    Rate,
    YearFigures,
    at_least,
    ceil_div,
    exact_rate_pct,
    is_zero,
    points_a_year,
    points_to,
    rate_of,
    rate_pct,
    ratio,
    ratio_at_least,
)
from app.domain.targets import TargetSpec, target_value

DETERMINISTIC = settings(max_examples=500, derandomize=True, deadline=None, database=None)

whole = st.integers(-(10**15), 10**15) | st.sampled_from([0, 1, -1, 100, 10**12])
nonzero = whole.filter(bool)
positive = st.integers(1, 10**15) | st.sampled_from([1, 3, 1000, 10**12])
counts = st.none() | st.integers(0, 10**12) | st.sampled_from([0, 1, 1000])
# Targets as people write them (one or more decimals), and a few wilder ones.
target_values = (
    st.integers(-1000, 10**6).map(lambda tenths: tenths / 10)
    | st.floats(-200, 1000, allow_nan=False, allow_infinity=False)
    | st.sampled_from([0.0, 10.0, 80.0, 80.1, 33.3, 100.0, 1e-7])
)


@st.composite
def rates(draw: st.DrawFn, *, signed: bool = False) -> Rate:
    """A Rate as rate_of makes it: held > 0 (done may be negative only when signed)."""
    held = draw(positive)
    done = draw(whole if signed else st.integers(0, 10**15))
    return Rate(done, held)


def exact(rate: Rate) -> Fraction:
    return Fraction(100 * rate.done, rate.held)


@DETERMINISTIC
@given(num=whole, den=nonzero, value_num=whole, value_den=positive)
def test_ratio_at_least_is_the_fraction_comparison(num: int, den: int, value_num: int, value_den: int) -> None:
    assert ratio_at_least(num, den, value_num, value_den) == (Fraction(num, den) >= Fraction(value_num, value_den))


@DETERMINISTIC
@given(rate=rates(signed=True), value=target_values)
def test_a_rate_at_least_a_target_is_the_fraction_comparison(rate: Rate, value: float) -> None:
    goal = Fraction(str(value))
    assert at_least(rate, goal) == (exact(rate) >= goal)
    assert at_least(rate, exact(rate))


@DETERMINISTIC
@given(
    held_volumes=counts,
    done_volumes=counts,
    held_items=counts,
    done_items=counts,
    negative=st.booleans(),
    basis=st.sampled_from(["volumes", "items", "volumes_items"]),
)
def test_a_report_rate_is_the_fraction_of_its_counts(
    held_volumes: int | None,
    done_volumes: int | None,
    held_items: int | None,
    done_items: int | None,
    negative: bool,
    basis: str,
) -> None:
    if negative and held_volumes:  # figures the app refuses, kept exact all the same
        held_volumes = -held_volumes
    figures = YearFigures(2024, held_volumes, done_volumes, held_items, done_items)
    fields = {"volumes": ("volumes",), "items": ("items",), "volumes_items": ("volumes", "items")}[basis]
    held = [getattr(figures, f"holdings_{field}") for field in fields]
    done = [getattr(figures, f"digitized_{field}") for field in fields]
    expected = None if None in held or None in done or sum(held) == 0 else Fraction(100 * sum(done), sum(held))
    rate = rate_of(figures, basis)
    assert (rate is None) == (expected is None)
    assert exact_rate_pct(figures, basis) == expected
    if rate is not None and expected is not None:
        assert rate.held > 0
        assert rate.exact == expected
        assert float(rate) == float(expected) == rate_pct(figures, basis)
        assert is_zero(rate) == (expected == 0)


@DETERMINISTIC
@given(now=rates(signed=True), then=rates(signed=True), years=st.integers(1, 5))
def test_points_a_year_and_the_ratio_are_the_fraction_arithmetic(now: Rate, then: Rate, years: int) -> None:
    points = points_a_year(now, then, years)
    assert points.den > 0
    assert points.exact == (exact(now) - exact(then)) / years
    assert float(points) == float(points.exact)
    if then.done:
        assert ratio(now, then) == float(exact(now) / exact(then))


@DETERMINISTIC
@given(rate=rates(signed=True), value=target_values, years=st.integers(1, 5))
def test_points_to_a_target_are_the_fraction_arithmetic(rate: Rate, value: float, years: int) -> None:
    goal = Fraction(str(value))
    assert points_to(rate, goal, years).exact == (goal - exact(rate)) / years
    assert points_to(rate, goal).exact == goal - exact(rate)
    assert points_to(rate, goal, years).den > 0
    assert float(points_to(rate, goal, years)) == float((goal - exact(rate)) / years)


@DETERMINISTIC
@given(num=whole, den=positive)
def test_ceil_div_is_the_fraction_rounded_up(num: int, den: int) -> None:
    assert ceil_div(num, den) == math.ceil(Fraction(num, den))


@DETERMINISTIC
@given(
    now=rates(signed=True),
    then=rates(signed=True) | st.builds(Rate, st.just(0), positive),
    years=st.integers(1, 3),
    unit=st.sampled_from(["pp", "relative_pct"]),
    minimum=target_values,
)
def test_growth_met_is_the_fraction_comparison(now: Rate, then: Rate, years: int, unit: str, minimum: float) -> None:
    target = TargetSpec("min_growth", minimum, unit, "volumes")
    value = target_value(target)
    if unit == "pp":
        expected = exact(now) - exact(then) >= value * years
    elif exact(then) == 0:
        expected = exact(now) > 0
    else:
        expected = exact(now) / exact(then) >= (1 + value / 100) ** years
    assert growth_met(target, now, then, years) == expected


@DETERMINISTIC
@given(now=rates(), then=rates() | st.builds(Rate, st.just(0), positive), years=st.integers(1, 3))
def test_annualized_growth_is_the_fraction_arithmetic(now: Rate, then: Rate, years: int) -> None:
    points, relative = annualized_growth(now, then, years)
    assert points is not None
    assert points.exact == (exact(now) - exact(then)) / years
    assert float(points) == float(points.exact)
    expected = None if exact(then) == 0 else (float(exact(now) / exact(then)) ** (1 / years) - 1) * 100
    assert relative == expected
