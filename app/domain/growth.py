"""The min_growth rule: did the rate grow enough from Y-1 to Y, on the target's own basis?

- Unit "pp": growth = rate(Y) - rate(Y-1) percentage points.
- Unit "relative_pct": growth = (rate(Y) / rate(Y-1) - 1) x 100; a rise from 0 counts as
  met (relative growth is then unbounded and reported as None), 0 to 0 does not.
- Met when growth >= the target value.
- Judged on its own (only when no reach_rate applies): no rate for Y -> no_data, none for
  Y-1 -> insufficient_data, met -> on_track, not met -> off_track. Beside a reach_rate it
  is only that rule's fallback (app.domain.compliance).
"""

from collections.abc import Mapping
from fractions import Fraction

from app.domain.rates import YearFigures, figures_approved, float_or_none, rate_at, rate_pct
from app.domain.results import GrowthCheck, Reason, RuleResult, why_no_rate
from app.domain.targets import TargetSpec, target_value

# min_growth on its own: whether the growth met it -> status.
GROWTH_STATUS = {True: "on_track", False: "off_track", None: "insufficient_data"}


def growth(current: Fraction | None, previous: Fraction | None) -> tuple[Fraction | None, Fraction | None]:
    """Growth in points, and relative to the previous rate (None from a rate of 0)."""
    if current is None or previous is None:
        return None, None
    return current - previous, (current / previous - 1) * 100 if previous else None


def _growth_met(target: TargetSpec, current: Fraction, previous: Fraction) -> bool:
    minimum = target_value(target)
    if target.unit == "pp":
        return current - previous >= minimum
    if target.unit != "relative_pct":
        raise ValueError(f"unknown min_growth unit: {target.unit!r}")
    if previous == 0:
        return current > 0
    return (current / previous - 1) * 100 >= minimum


def check_growth(target: TargetSpec, reports: Mapping[int, YearFigures], year: int) -> GrowthCheck:
    """The target judged on growth from year - 1 to year."""
    current, previous = rate_at(reports, year, target.basis), rate_at(reports, year - 1, target.basis)
    if current is None or previous is None:
        return GrowthCheck(target, None, None, None)
    growth_pp, growth_relative = growth(current, previous)
    met = _growth_met(target, current, previous)
    return GrowthCheck(target, float_or_none(growth_pp), float_or_none(growth_relative), met)


def growth_reasons(
    check: GrowthCheck, reports: Mapping[int, YearFigures], year: int, codes: tuple[str, str]
) -> tuple[Reason, ...]:
    """Why the growth met the target or not (codes = (met, not met)), or why it cannot be judged."""
    basis = check.target.basis
    if check.met is None:
        return _unjudged_growth_reasons(reports, year, basis)
    return (
        Reason(
            codes[0] if check.met else codes[1],
            {
                "year": year,
                "previous_year": year - 1,
                "basis": basis,
                "rate": rate_pct(reports[year], basis),
                "previous_rate": rate_pct(reports[year - 1], basis),
                "unit": check.target.unit,
                "minimum": check.target.value,
                "growth_pp": check.growth_pp,
                "growth_relative_pct": check.growth_relative_pct,
            },
        ),
    )


def _unjudged_growth_reasons(reports: Mapping[int, YearFigures], year: int, basis: str) -> tuple[Reason, ...]:
    """Growth needs a rate for the year and the one before; says which lacks it, and why."""
    reasons = why_no_rate(reports, [year], basis)
    if rate_at(reports, year - 1, basis) is None:
        reasons += (
            Reason("no_previous_year", {"year": year, "previous_year": year - 1, "basis": basis}),
            *why_no_rate(reports, [year - 1], basis, missing=None),
        )
    return reasons


def judge_min_growth(target: TargetSpec, reports: Mapping[int, YearFigures], as_of: int) -> RuleResult:
    """min_growth on its own, judged on growth from as_of - 1 to as_of."""
    check = check_growth(target, reports, as_of)
    rates = {year: rate_at(reports, year, target.basis) for year in (as_of - 1, as_of)}
    if rates[as_of] is None:
        status, reasons = "no_data", why_no_rate(reports, [as_of], target.basis)
    else:
        status = GROWTH_STATUS[check.met]
        reasons = growth_reasons(check, reports, as_of, ("growth_met", "growth_not_met"))
    return RuleResult(
        rule=target.rule,
        status=status,
        target=target,
        as_of_year=as_of,
        judged_year=as_of,
        rate_pct=float_or_none(rates[as_of]),
        previous_rate_pct=float_or_none(rates[as_of - 1]),
        growth_pp=check.growth_pp,
        growth_relative_pct=check.growth_relative_pct,
        figures_approved=figures_approved(reports, [y for y, rate in rates.items() if rate is not None]),
        reasons=reasons,
    )
