"""The reach_rate figures (app.domain.reach) worked out on whole numbers instead of Fractions.

Each is the very value the Fraction arithmetic of reach.py's docstring gives: a figure that
is a fraction is a Quotient of two whole numbers (app.domain.rates), whose float() divides
them, rounded correctly as Fraction.__float__ rounds (the same number, however written, is the
same float); a count rounded up divides whole numbers with ceil_div, exactly.
tests/domain/test_whole_number_reach.py holds each against its Fraction formula.

The target T = p / q (q > 0); every denominator made here is positive (a Rate's held is), so
comparisons cross-multiply.
"""

from app.domain.rates import Quotient, Rate, ceil_div

NO_POINTS, _ALL = Quotient(0, 1), Quotient(100, 1)


def projected_of(now: Rate, pace: Quotient, years: int) -> Quotient:
    """now + pace x years, kept within [0, 100]."""
    num = 100 * now.done * pace.den + pace.num * years * now.held
    den = now.held * pace.den
    if num < 0:
        return NO_POINTS
    if num > 100 * den:
        return _ALL
    return Quotient(num, den)


def reaches(value: Quotient, p: int, q: int) -> bool:
    """value >= p / q."""
    return value.num * q >= p * value.den


def short_of(value: Quotient, p: int, q: int) -> Quotient:
    """p / q - value."""
    return Quotient(p * value.den - value.num * q, q * value.den)


def units_for(points: Quotient, held: int) -> int:
    """points / 100 x held units, rounded up."""
    return ceil_div(points.num * held, 100 * points.den)


def years_at_pace(short: Quotient, pace: Quotient) -> Quotient:
    """short / pace years (pace > 0)."""
    return Quotient(short.num * pace.den, short.den * pace.num)


def trend_of(held: int, held_then: int, years: int) -> Quotient:
    """Holdings units gained a year over `years` years (years > 0), floored at 0."""
    return Quotient(max(0, held - held_then), years)


def units_a_year_with_growth(p: int, q: int, held: int, trend: Quotient, done: int, years: int) -> int:
    """(p / q / 100 x (held + trend x years) - done) / years units a year (years > 0), rounded up:
    on whole numbers, (p x (held x t + trend.num x years) - 100q x t x done) / (100q x t x years)
    for t = trend.den."""
    final = held * trend.den + trend.num * years
    return ceil_div(p * final - 100 * q * trend.den * done, 100 * q * trend.den * years)
