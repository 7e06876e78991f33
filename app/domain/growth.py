"""The min_growth rule: did the rate grow enough into year Y, on the target's own basis?

- Growth compares Y with Yp, the nearest earlier year in [Y-3, Y-1] that has a rate,
  annualized over the n = Y - Yp years between (a gap of 1 or 2 years is bridged):
  - unit "pp": (rate(Y) - rate(Yp)) / n points a year; met when >= G;
  - unit "relative_pct": met when rate(Y) / rate(Yp) >= (1 + G/100)^n, compared exactly;
    the figure shown is the annualized ((rate(Y) / rate(Yp))^(1/n) - 1) x 100; a rise from
    0 counts as met (shown as None), 0 to 0 does not.
- Judged on its own (only when no reach_rate applies) for Ye = min(Y, E):
  before the plan's start -> not_started; no rate for Ye -> no_data, or missed with
  no_final_report once Y >= E; no Yp -> insufficient_data; met -> on_track (achieved once
  the plan has ended); not met -> off_track (missed once the plan has ended). Beside a
  reach_rate it is only that rule's fallback (app.domain.reach), and there a rate for Ye
  with no Yp is growth not shown: not met (False), with the reason fallback_no_previous_year.
"""

from collections.abc import Mapping

from app.domain.rates import (
    PACE_WINDOW_YEARS,
    Quotient,
    Rate,
    YearFigures,
    exact_rates,
    figures_approved,
    float_or_none,
    is_zero,
    nearest_earlier,
    points_a_year,
    rates_into,
    ratio,
    ratio_at_least,
)
from app.domain.results import GrowthCheck, Reason, RuleResult, why_no_rate
from app.domain.targets import PlanSpec, TargetSpec, target_value
from app.domain.vocabulary import Status, Unit

# min_growth on its own: (met, plan ended) -> status.
GROWTH_STATUS = {
    (True, False): Status.on_track,
    (False, False): Status.off_track,
    (True, True): Status.achieved,
    (False, True): Status.missed,
}


def annualized_growth(current: Rate | None, earlier: Rate | None, years: int) -> tuple[Quotient | None, float | None]:
    """Growth a year over `years` years: in points (exact), and relative (None from a rate of 0)."""
    if current is None or earlier is None:
        return None, None
    points = points_a_year(current, earlier, years)
    if is_zero(earlier):
        return points, None
    return points, (ratio(current, earlier) ** (1 / years) - 1) * 100


def growth_met(target: TargetSpec, current: Rate, earlier: Rate, years: int) -> bool:
    """Whether the growth over `years` years meets the target's minimum a year, exactly.

    On whole numbers (rate = 100 x done / held, minimum = p / q): in points, current - earlier
    >= minimum x years; relative, current / earlier >= ((100q + p) / 100q) ^ years."""
    minimum = target_value(target)
    p, q = minimum.numerator, minimum.denominator
    if target.unit == Unit.pp:
        rise = 100 * (current.done * earlier.held - earlier.done * current.held)
        return ratio_at_least(rise, current.held * earlier.held, p * years, q)
    if target.unit != Unit.relative_pct:
        raise ValueError(f"unknown min_growth unit: {target.unit!r}")
    if is_zero(earlier):
        return current.done > 0
    return ratio_at_least(
        current.done * earlier.held, current.held * earlier.done, (100 * q + p) ** years, (100 * q) ** years
    )


def check_growth(
    target: TargetSpec,
    reports: Mapping[int, YearFigures],
    year: int,
    *,
    as_fallback: bool = False,
    rates: Mapping[int, Rate] | None = None,
) -> GrowthCheck:
    """The target judged on growth into `year` from the nearest earlier year with a rate.

    As a reach_rate's fallback, a rate for `year` with none in the 3 years before is growth
    not shown, so the fallback is not met (False); on its own it cannot be judged (None).
    rates: rates_into(reports, target.basis, year), when the caller has them already."""
    if rates is None:
        rates = rates_into(reports, target.basis, year)
    current, from_year = rates.get(year), nearest_earlier(rates, year)
    if current is None or from_year is None:
        met = False if as_fallback and current is not None else None
        return GrowthCheck(target, None, None, met, from_year)
    earlier, years = rates[from_year], year - from_year
    points, relative = annualized_growth(current, earlier, years)
    return GrowthCheck(target, float_or_none(points), relative, growth_met(target, current, earlier, years), from_year)


def growth_reasons(
    check: GrowthCheck,
    reports: Mapping[int, YearFigures],
    year: int,
    codes: tuple[str, str],
    rates: Mapping[int, Rate] | None = None,
) -> tuple[Reason, ...]:
    """Why the growth met the target or not (codes = (met, not met)), or why it cannot be judged.
    rates: rates_into(reports, check.target.basis, year), when the caller has them already."""
    basis = check.target.basis
    if check.met is False and check.from_year is None:  # a fallback with no earlier rate: not met, and why
        window = range(year - PACE_WINDOW_YEARS, year)
        facts = {"year": year, "from_year": window[0], "to_year": window[-1], "basis": basis}
        return (Reason("fallback_no_previous_year", facts), *why_no_rate(reports, window, basis, missing=None))
    if check.met is None or check.from_year is None:
        return _unjudged_growth_reasons(reports, year, basis)
    if rates is None:
        rates = exact_rates(reports, basis, (year, check.from_year))
    return (
        Reason(
            codes[0] if check.met else codes[1],
            {
                "year": year,
                "previous_year": check.from_year,
                "basis": basis,
                "rate": float(rates[year]),
                "previous_rate": float(rates[check.from_year]),
                "unit": check.target.unit,
                "minimum": check.target.value,
                "growth_pp": check.growth_pp,
                "growth_relative_pct": check.growth_relative_pct,
            },
        ),
    )


def _unjudged_growth_reasons(reports: Mapping[int, YearFigures], year: int, basis: str) -> tuple[Reason, ...]:
    """Growth needs a rate for the year and one in the 3 before; says which lacks it, and why."""
    reasons = why_no_rate(reports, [year], basis)
    window = range(year - PACE_WINDOW_YEARS, year)
    if nearest_earlier(rates_into(reports, basis, year), year) is None:
        reasons += (
            Reason("no_previous_year", {"year": year, "from_year": window[0], "to_year": window[-1], "basis": basis}),
            *why_no_rate(reports, window, basis, missing=None),
        )
    return reasons


def judge_min_growth(plan: PlanSpec, target: TargetSpec, reports: Mapping[int, YearFigures], as_of: int) -> RuleResult:
    """min_growth on its own, judged on growth into min(as_of, E)."""
    year = min(as_of, plan.end_year)
    rates = rates_into(reports, target.basis, year)
    check = check_growth(target, reports, year, rates=rates)
    status, reasons = _growth_status(plan, target, check, reports, as_of, year, rates)
    used = [y for y in (year, check.from_year) if y is not None and y in rates]
    return RuleResult(
        rule=target.rule,
        status=status,
        target=target,
        as_of_year=as_of,
        judged_year=year,
        rate_pct=float_or_none(rates.get(year)),
        previous_rate_pct=None if check.from_year is None else float_or_none(rates.get(check.from_year)),
        growth_from_year=check.from_year,
        growth_pp=check.growth_pp,
        growth_relative_pct=check.growth_relative_pct,
        figures_approved=figures_approved(reports, used),
        reasons=reasons,
    )


def _growth_status(
    plan: PlanSpec,
    target: TargetSpec,
    check: GrowthCheck,
    reports: Mapping[int, YearFigures],
    as_of: int,
    year: int,
    rates: Mapping[int, Rate],
) -> tuple[Status, tuple[Reason, ...]]:
    if as_of < plan.start_year:
        return Status.not_started, (not_started_reason(plan, as_of),)
    if year not in rates:
        if as_of >= plan.end_year:
            return Status.missed, (no_final_report(plan, reports, target.basis),)
        return Status.no_data, why_no_rate(reports, [year], target.basis)
    reasons = growth_reasons(check, reports, year, ("growth_met", "growth_not_met"), rates)
    if check.met is None:
        return Status.insufficient_data, reasons
    return GROWTH_STATUS[(check.met, as_of > plan.end_year)], reasons


def not_started_reason(plan: PlanSpec, as_of: int) -> Reason:
    return Reason("plan_not_started", {"plan": plan.code, "year": as_of, "start_year": plan.start_year})


def no_final_report(plan: PlanSpec, reports: Mapping[int, YearFigures], basis: str) -> Reason:
    """No rate for the plan's end year: says the latest rate there is, and its year."""
    rates = exact_rates(reports, basis, [year for year in reports if year <= plan.end_year])
    years = list(rates)
    latest = max(years) if years else None
    return Reason(
        "no_final_report",
        {
            "year": plan.end_year,
            "basis": basis,
            "latest_year": latest,
            "latest_rate": None if latest is None else float(rates[latest]),
        },
    )
