"""An archive's yearly rate series, and why the rate moved from one year to the next.

For each year y with a rate, and a rate for y-1 on the same basis (H holdings, D digitized):
- growth_pp = rate(y) - rate(y-1);
- digitization_effect_pp = (D(y) - D(y-1)) / H(y) x 100: what the work done moved;
- holdings_effect_pp = D(y-1) x (1/H(y) - 1/H(y-1)) x 100: what new holdings moved;
  the two add up exactly to growth_pp.
- When the rate fell although D rose, a reason holdings_outgrew says so in numbers.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from app.domain.rates import YearFigures, denominator, digitized, exact_rate_pct, float_or_none
from app.domain.results import Reason


@dataclass(frozen=True, slots=True)
class SeriesYear:
    year: int
    rate_pct: float | None
    growth_pp: float | None = None
    digitization_effect_pp: float | None = None
    holdings_effect_pp: float | None = None
    reasons: tuple[Reason, ...] = ()


def rate_change_effects(before: YearFigures, after: YearFigures, basis: str) -> tuple[Fraction, Fraction] | None:
    """(digitization effect, holdings effect) in points from one report to the next, exactly;
    None unless both give a rate."""
    held_before, held_after = denominator(before, basis), denominator(after, basis)
    done_before, done_after = digitized(before, basis), digitized(after, basis)
    if not held_before or not held_after or done_before is None or done_after is None:
        return None
    work = Fraction(100 * (done_after - done_before), held_after)
    holdings = 100 * done_before * (Fraction(1, held_after) - Fraction(1, held_before))
    return work, holdings


def _point(reports: Mapping[int, YearFigures], year: int, basis: str) -> SeriesYear:
    after, before = reports[year], reports.get(year - 1)
    rate = exact_rate_pct(after, basis)
    effects = None if before is None else rate_change_effects(before, after, basis)
    if rate is None or before is None or effects is None:
        return SeriesYear(year, float_or_none(rate))
    work, holdings = effects
    change = work + holdings
    reasons: tuple[Reason, ...] = ()
    added = (digitized(after, basis) or 0) - (digitized(before, basis) or 0)
    if change < 0 < added:
        grown = (denominator(after, basis) or 0) - (denominator(before, basis) or 0)
        facts = {
            "year": year,
            "previous_year": year - 1,
            "basis": basis,
            "fall": float(-change),
            "digitized_added": added,
            "holdings_added": grown,
            "holdings_effect_pp": float(holdings),
        }
        reasons = (Reason("holdings_outgrew", facts),)
    return SeriesYear(year, float(rate), float(change), float(work), float(holdings), reasons)


def rate_series(reports: Mapping[int, YearFigures], basis: str) -> list[SeriesYear]:
    """One point per report, by year: its rate, its change over the year before and why."""
    return [_point(reports, year, basis) for year in sorted(reports)]
