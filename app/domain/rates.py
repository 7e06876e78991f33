"""Rates and counts read off an archive's year-end reports.

Rules stated here:
- A digitization rate on a basis is sum(digitized) / sum(holdings) x 100 over the
  fields RATE_BASIS_FIELDS names for that basis.
- An unknown figure (None) is never read as 0: a rate that needs one is unknown.
- A report with zero holdings on a basis gives no rate on that basis.
- A quota metric is one cumulative count (QUOTA_METRIC_FIELDS); what was added in
  a year is its count minus the previous year's.
- Inside the rules a rate is exact, so that a comparison at a boundary (a rise of
  exactly 10 points, a rate of exactly 80%) never turns on float error; public figures
  are plain floats, never rounded. A Rate keeps the report's two whole numbers: a
  comparison cross-multiplies whole numbers (as exact as Fractions, and far cheaper),
  and a figure worked out from rates is a Quotient of two whole numbers, whose float() is
  the very float its Fraction gives.
"""

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import NamedTuple, SupportsFloat

from app.domain.figures import COUNT_NAMES, METRIC_FIGURES, PAIRED
from app.domain.vocabulary import Basis

# Pace and growth look back at most this many years for an earlier rate.
PACE_WINDOW_YEARS = 3


class YearFigures(NamedTuple):
    """One archive's year-end cumulative report; None = unknown (never treat as 0).

    A named tuple: a whole country's reports are built, hashed and compared at C speed. Its
    figures are the counts of app.domain.figures, in their order (tests/test_figures_declared_once.py):
    built from a mapping of them with `of`, or positionally from columns read in that order."""

    year: int
    holdings_volumes: int | None
    digitized_volumes: int | None
    holdings_items: int | None = None
    digitized_items: int | None = None
    holdings_pages: int | None = None
    digitized_pages: int | None = None
    catalog_entries: int | None = None
    fulltext_pages: int | None = None
    approved: bool = False

    @classmethod
    def of(cls, year: int, figures: Mapping[str, object], approved: bool = False) -> "YearFigures":
        """The report as the rules read it, from its figures by name (a missing one is unknown)."""
        return cls._make((year, *(figures.get(name) for name in COUNT_NAMES), approved))


# Rate basis -> the units (pairs of figures, app.domain.figures) it counts: volumes+items sums both.
RATE_BASIS_PAIRS: dict[str, tuple[str, ...]] = {
    Basis.volumes: ("volumes",),
    Basis.items: ("items",),
    Basis.volumes_items: ("volumes", "items"),
    Basis.pages: ("pages",),
}
# Rate basis -> (digitized fields, holdings fields); rate = sum(digitized) / sum(holdings) x 100.
RATE_BASIS_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    basis: (tuple(PAIRED[pair, "digitized"] for pair in pairs), tuple(PAIRED[pair, "holdings"] for pair in pairs))
    for basis, pairs in RATE_BASIS_PAIRS.items()
}

# The same fields as their places in a YearFigures (read by place: a tuple's item is cheaper than its name).
_PLACES: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    basis: (tuple(map(YearFigures._fields.index, done)), tuple(map(YearFigures._fields.index, held)))
    for basis, (done, held) in RATE_BASIS_FIELDS.items()
}

# Quota metric -> the cumulative count it reads (each figure declares its metric).
QUOTA_METRIC_FIELDS: dict[str, str] = {str(metric): key for metric, key in METRIC_FIGURES.items()}


def _sum_known(figures: YearFigures, places: tuple[int, ...]) -> int | None:
    """The sum of the figures at the places, or None if any of them is unknown."""
    total = 0
    for place in places:
        value = figures[place]
        if value is None:
            return None
        total += value
    return total


def denominator(figures: YearFigures, basis: str) -> int | None:
    """Holdings on the rate basis; None if a needed figure is unknown."""
    return _sum_known(figures, _PLACES[basis][1])


def digitized(figures: YearFigures, basis: str) -> int | None:
    """Digitized holdings on the rate basis; None if a needed figure is unknown."""
    return _sum_known(figures, _PLACES[basis][0])


class Rate(NamedTuple):
    """A rate in percent, exactly 100 x done / held, as the two whole numbers (held > 0).

    Never compare two Rates with == or read one as a bool (it is a tuple): use at_least,
    is_zero, float() or exact."""

    done: int
    held: int

    @property
    def exact(self) -> Fraction:
        return Fraction(100 * self.done, self.held)

    def __float__(self) -> float:
        # int / int is correctly rounded: the very float that float(self.exact) gives.
        return 100 * self.done / self.held


def rate_of(figures: YearFigures, basis: str) -> Rate | None:
    """The report's rate on the basis; None if a figure is unknown or holdings are 0."""
    done_places, held_places = _PLACES[basis]
    held, done = _sum_known(figures, held_places), _sum_known(figures, done_places)
    if not held or done is None:
        return None
    return Rate(done, held) if held > 0 else Rate(-done, -held)


def ratio_at_least(num: int, den: int, value_num: int, value_den: int) -> bool:
    """num / den >= value_num / value_den, exactly, by cross-multiplying whole numbers
    (den != 0, value_den > 0)."""
    if den < 0:
        num, den = -num, -den
    return num * value_den >= value_num * den


def at_least(rate: Rate, value: Fraction) -> bool:
    """rate >= value, exactly."""
    return ratio_at_least(100 * rate.done, rate.held, value.numerator, value.denominator)


def is_zero(rate: Rate) -> bool:
    return rate.done == 0


class Quotient(NamedTuple):
    """num / den exactly, as the two whole numbers (den > 0, not reduced): a figure worked out
    from rates, as exact as a Fraction and far cheaper to make.

    Never compare two Quotients with == or read one as a bool (it is a tuple): use float(),
    exact, or app.domain.reach_figures."""

    num: int
    den: int

    @property
    def exact(self) -> Fraction:
        return Fraction(self.num, self.den)

    def __float__(self) -> float:
        # int / int is correctly rounded: the very float that float(self.exact) gives.
        return self.num / self.den


def points_a_year(now: Rate, then: Rate, years: int) -> Quotient:
    """(now - then) / years in points (years > 0), exactly, as one fraction of whole numbers."""
    return Quotient(100 * (now.done * then.held - then.done * now.held), now.held * then.held * years)


def points_to(rate: Rate, goal: Fraction, years: int = 1) -> Quotient:
    """(goal - rate) / years in points (years > 0), exactly, as one fraction of whole numbers."""
    short = goal.numerator * rate.held - 100 * rate.done * goal.denominator
    return Quotient(short, goal.denominator * rate.held * years)


def ratio(now: Rate, then: Rate) -> float:
    """now / then (then not 0), the very float that float(Fraction(now / then)) gives."""
    return now.done * then.held / (now.held * then.done)


def exact_rate_pct(figures: YearFigures, basis: str) -> Fraction | None:
    """The rate as an exact fraction; None if a figure is unknown or holdings are 0."""
    rate = rate_of(figures, basis)
    return None if rate is None else rate.exact


def rate_pct(figures: YearFigures, basis: str) -> float | None:
    """The digitization rate in percent; None if a figure is unknown or holdings are 0."""
    rate = rate_of(figures, basis)
    return None if rate is None else float(rate)


def no_rate_cause(figures: YearFigures, basis: str) -> str | None:
    """Why a report gives no rate: "zero_denominator", "unknown_figures", or None if it gives one."""
    held = denominator(figures, basis)
    if held == 0:
        return "zero_denominator"
    if held is None or digitized(figures, basis) is None:
        return "unknown_figures"
    return None


def quota_metric(figures: YearFigures, metric: str) -> int | None:
    """The cumulative count a quota metric reads; None if unknown."""
    count: int | None = getattr(figures, QUOTA_METRIC_FIELDS[metric])
    return count


def rate_at(reports: Mapping[int, YearFigures], year: int, basis: str) -> Rate | None:
    """The exact rate for a year; None if there is no report or it gives no rate."""
    figures = reports.get(year)
    return None if figures is None else rate_of(figures, basis)


def exact_rates(reports: Mapping[int, YearFigures], basis: str, years: Iterable[int] | None = None) -> dict[int, Rate]:
    """Year -> exact rate, for the years (every year reported, unless given) whose report gives a
    rate on the basis."""
    rates = {year: rate_at(reports, year, basis) for year in (reports if years is None else years)}
    return {year: rate for year, rate in rates.items() if rate is not None}


def rates_into(reports: Mapping[int, YearFigures], basis: str, year: int) -> dict[int, Rate]:
    """The exact rates of `year` and the PACE_WINDOW_YEARS before it: all that pace and growth read."""
    rates = {}
    for each in range(year - PACE_WINDOW_YEARS, year + 1):
        figures = reports.get(each)
        rate = None if figures is None else rate_of(figures, basis)
        if rate is not None:
            rates[each] = rate
    return rates


def figures_approved(reports: Mapping[int, YearFigures], years: Iterable[int]) -> bool | None:
    """True if every report used is approved, False if one is not, None if none was used."""
    approvals = [reports[year].approved for year in set(years)]
    return all(approvals) if approvals else None


def float_or_none(value: SupportsFloat | None) -> float | None:
    return None if value is None else float(value)


def ceil_div(num: int, den: int) -> int:
    """num / den (den > 0) rounded up to a whole unit."""
    return -(-num // den)


def nearest_earlier(rates: Mapping[int, Rate], year: int) -> int | None:
    """The nearest year before `year`, at most PACE_WINDOW_YEARS before, that has a rate."""
    for earlier in range(year - 1, year - PACE_WINDOW_YEARS - 1, -1):
        if earlier in rates:
            return earlier
    return None


def earliest_earlier(rates: Mapping[int, Rate], year: int) -> int | None:
    """The earliest year before `year`, at most PACE_WINDOW_YEARS before, that has a rate."""
    for earlier in range(year - PACE_WINDOW_YEARS, year):
        if earlier in rates:
            return earlier
    return None
