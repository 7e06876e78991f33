"""The reach_rate rule: rate T by the plan's end year E, with a min_growth target G as fallback.

  Ye = min(Y, E); rates on the target's basis
  0. Y before the plan's start_year                              -> not_started
  1. no rate for Ye: Y >= E -> missed (no_final_report, with the latest rate of any
     earlier year); else                                         -> no_data
  2. rate(Ye) >= T                                               -> achieved
  3. Y >= E                                                      -> missed (a fallback met
     is said, but at the deadline only the target counts)
  4. Y0 = the earliest year with a rate in [Y-3, Y-1]; none      -> insufficient_data
     pace = (rate(Y) - rate(Y0)) / (Y - Y0) points a year
     projected = rate(Y) + pace x (E - Y), within [0, 100]; >= T -> on_track
  5. G applies and is met into Ye (app.domain.growth)            -> at_risk
  6. otherwise                                                   -> off_track

Figures (every one the data allow, whatever decided the status), all at Ye, on the basis
(H holdings, D digitized):
  growth: from the nearest earlier year with a rate within 3 (growth_from_year), annualized;
  required_pp_per_year = (T - rate) / (E - Y), and required_per_year = ceil((T/100 x H - D)
    / (E - Y)) units a year, while Y < E and rate < T;
  holdings_trend_per_year = max(0, (H(Y) - H(Y0)) / (Y - Y0)) (null without Y0);
  required_per_year_with_growth = ceil((T/100 x (H + trend x (E - Y)) - D) / (E - Y)),
    while Y < E, rate < T and the trend is known;
  shortfall_units = ceil(T/100 x H - D), 0 once reached;
  years_to_target = 0 once reached; null when Y >= E or the pace is not positive;
    else (T - rate) / pace.
"""

from collections.abc import Mapping
from typing import NamedTuple

from app.domain.growth import annualized_growth, check_growth, growth_reasons, no_final_report, not_started_reason
from app.domain.rates import (
    PACE_WINDOW_YEARS,
    Quotient,
    Rate,
    YearFigures,
    ceil_div,
    denominator,
    digitized,
    earliest_earlier,
    figures_approved,
    float_or_none,
    nearest_earlier,
    points_a_year,
    points_to,
    rates_into,
)
from app.domain.reach_figures import (
    NO_POINTS,
    projected_of,
    reaches,
    short_of,
    trend_of,
    units_a_year_with_growth,
    units_for,
    years_at_pace,
)
from app.domain.results import GrowthCheck, Reason, RuleResult, why_no_rate
from app.domain.targets import PlanSpec, TargetSpec, target_value
from app.domain.vocabulary import Status


class ReachCase(NamedTuple):
    """A reach_rate target with the exact figures around its judged year Ye, each worked out once
    (reach_case), on whole numbers (app.domain.reach_figures). A named tuple: made once an archive,
    at C speed."""

    plan: PlanSpec
    target: TargetSpec
    reports: Mapping[int, YearFigures]
    as_of: int
    year: int
    rates: Mapping[int, Rate]  # Ye and the PACE_WINDOW_YEARS before it, where they have a rate, on T's basis
    fallback: GrowthCheck | None
    fallback_rates: Mapping[int, Rate]  # the same on the fallback's basis (none without a fallback)
    p: int  # T = p / q
    q: int
    rate: Rate | None  # at Ye
    held: int  # H at Ye (0 without a rate)
    done: int  # D at Ye (0 without a rate)
    reached: bool  # rate >= T
    pace_from: int | None  # Y0
    growth_from: int | None  # Yp
    pace: Quotient | None
    projected: Quotient | None
    required_pp_per_year: Quotient | None
    required_per_year: int | None
    shortfall_units: int | None

    @property
    def years_left(self) -> int:
        return self.plan.end_year - self.as_of

    def held_in(self, year: int) -> int:
        """Holdings on the basis in a year that has a rate."""
        return denominator(self.reports[year], self.target.basis) or 0


def reach_case(
    plan: PlanSpec, target: TargetSpec, fallback: TargetSpec | None, reports: Mapping[int, YearFigures], as_of: int
) -> ReachCase:
    year = min(as_of, plan.end_year)
    basis = target.basis
    rates = rates_into(reports, basis, year)
    fallback_rates: Mapping[int, Rate] = {}
    check = None
    if fallback is not None:
        fallback_rates = rates if fallback.basis == basis else rates_into(reports, fallback.basis, year)
        check = check_growth(fallback, reports, year, as_fallback=True, rates=fallback_rates)
    goal = target_value(target)
    p, q = goal.numerator, goal.denominator
    rate = rates.get(year)
    pace_from = pace = projected = required_pp = required = shortfall = None
    held = done = 0
    reached = False
    if rate is not None:
        figures = reports[year]
        held, done = denominator(figures, basis) or 0, digitized(figures, basis) or 0
        reached = 100 * rate.done * q >= p * rate.held
        pace_from = earliest_earlier(rates, year)
        if pace_from is not None:
            pace = points_a_year(rate, rates[pace_from], year - pace_from)
            projected = projected_of(rate, pace, plan.end_year - year)
        years_left = plan.end_year - as_of
        if reached:
            shortfall = 0
        else:
            shortfall = _units_short(p, q, held, done)
            if years_left > 0:
                required_pp = points_to(rate, goal, years_left)
                required = _units_short(p, q, held, done, years_left)
    return ReachCase(
        plan,
        target,
        reports,
        as_of,
        year,
        rates,
        check,
        fallback_rates,
        p,
        q,
        rate,
        held,
        done,
        reached,
        pace_from,
        nearest_earlier(rates, year),
        pace,
        projected,
        required_pp,
        required,
        shortfall,
    )


def _units_short(p: int, q: int, held: int, done: int, years: int = 1) -> int:
    """(T/100 x H - D) / years units at today's holdings H, rounded up; on whole numbers,
    (p x H - 100q x D) / (100q x years) for T = p/q."""
    return ceil_div(p * held - 100 * q * done, 100 * q * years)


def holdings_trend(case: ReachCase) -> Quotient | None:
    """Holdings units gained a year since the pace's start year, floored at 0."""
    start = case.pace_from
    if start is None:
        return None
    return trend_of(case.held, case.held_in(start), case.year - start)


def required_per_year_with_growth(case: ReachCase, trend: Quotient | None) -> int | None:
    """Units a year still to digitize if holdings keep growing at their trend, rounded up."""
    if case.required_per_year is None or trend is None:  # not still short of T with years left
        return None
    return units_a_year_with_growth(case.p, case.q, case.held, trend, case.done, case.years_left)


def years_to_target(case: ReachCase) -> Quotient | None:
    rate = case.rate
    if rate is None:
        return None
    if case.reached:
        return NO_POINTS
    pace = case.pace
    if case.years_left <= 0 or pace is None or pace.num <= 0:
        return None
    return years_at_pace(points_to(rate, target_value(case.target)), pace)


def reach_status(case: ReachCase) -> tuple[Status, tuple[Reason, ...]]:
    """Steps 0-4 of reach_rate; the rest in _pace_status."""
    basis = case.target.basis
    if case.as_of < case.plan.start_year:
        return Status.not_started, (not_started_reason(case.plan, case.as_of),)
    if case.rate is None:
        if case.as_of >= case.plan.end_year:
            return Status.missed, (no_final_report(case.plan, case.reports, basis),)
        return Status.no_data, why_no_rate(case.reports, [case.year], basis)
    # The facts every reason from here says, first; each path adds its own to this fresh dict.
    facts = {"year": case.year, "basis": basis, "rate": float(case.rate), "target": case.target.value}
    if case.reached:
        return Status.achieved, (Reason("target_reached", facts),)
    if case.as_of >= case.plan.end_year:
        gap = float(points_to(case.rate, target_value(case.target)))
        facts |= _units(case)
        facts["gap"] = gap
        return Status.missed, (Reason("deadline_missed", facts), *_fallback_at_deadline(case))
    if case.pace is None:
        window = range(case.year - PACE_WINDOW_YEARS, case.year)
        facts |= {"from_year": window[0], "to_year": window[-1]}
        reasons = (Reason("no_pace_history", facts), *why_no_rate(case.reports, window, basis, missing=None))
        return Status.insufficient_data, reasons + _fallback_beside(case, reasons)
    return _pace_status(case, facts)


def _fallback_reasons(case: ReachCase, check: GrowthCheck, codes: tuple[str, str]) -> tuple[Reason, ...]:
    return growth_reasons(check, case.reports, case.year, codes, case.fallback_rates)


def _fallback_beside(case: ReachCase, given: tuple[Reason, ...]) -> tuple[Reason, ...]:
    """The fallback's own reasons, where the pace cannot be measured: met or not, and why
    (those already given left out)."""
    check = case.fallback
    if check is None or check.met is None:
        return ()
    codes = ("fallback_growth_met", "fallback_growth_not_met")
    return tuple(reason for reason in _fallback_reasons(case, check, codes) if reason not in given)


def _fallback_at_deadline(case: ReachCase) -> tuple[Reason, ...]:
    """At the deadline only the target counts: a fallback met says so, and that it no longer helps."""
    check = case.fallback
    if check is None or not check.met:
        return ()
    return _fallback_reasons(case, check, ("fallback_met_at_deadline", "fallback_growth_not_met"))


def _units(case: ReachCase) -> dict[str, object]:
    """The counts behind the rate, for a reason that must say the shortfall in units."""
    return {"done": case.done, "held": case.held, "shortfall_units": case.shortfall_units}


def _pace_status(case: ReachCase, facts: dict[str, object]) -> tuple[Status, tuple[Reason, ...]]:
    """Steps 4-6: on pace for T, else at risk only if the fallback growth is met (facts: reach_status's,
    added to)."""
    at_end = NO_POINTS if case.projected is None else case.projected
    facts |= {"pace": float_or_none(case.pace), "end_year": case.plan.end_year, "projected": float(at_end)}
    if reaches(at_end, case.p, case.q):
        return Status.on_track, (Reason("projected_reaches_target", facts),)
    gap = short_of(at_end, case.p, case.q)
    facts |= _units(case)
    facts |= {
        "projected_shortfall_units": units_for(gap, case.held),
        "gap": float(gap),
        "required_pp_per_year": float_or_none(case.required_pp_per_year),
        "required_per_year": case.required_per_year,
    }
    short = Reason("projected_short", facts)
    check = case.fallback
    if check is None:
        return Status.off_track, (short,)
    codes = ("fallback_growth_met", "fallback_growth_not_met")
    status = Status.at_risk if check.met else Status.off_track
    return status, (short, *_fallback_reasons(case, check, codes))


def _years_used(case: ReachCase) -> list[int]:
    """The reports behind the figures: Ye, Y0 and Yp where they give a rate, the fallback's."""
    years = [year for year in (case.year, case.pace_from, case.growth_from) if year is not None and year in case.rates]
    check = case.fallback
    if check is not None and check.met is not None and check.from_year is not None:
        years += [case.year, check.from_year]
    return years


def _growth(case: ReachCase) -> tuple[float | None, float | None]:
    """Growth into Ye from Yp on T's basis, in points and relative, a year: the fallback's own
    figures when it is judged on the same rates."""
    check, growth_from = case.fallback, case.growth_from
    if check is not None and case.fallback_rates is case.rates:
        return check.growth_pp, check.growth_relative_pct
    earlier = None if growth_from is None else case.rates[growth_from]
    points, relative = annualized_growth(case.rate, earlier, case.year - (growth_from or 0))
    return float_or_none(points), relative


def judge_reach_rate(
    plan: PlanSpec, target: TargetSpec, fallback: TargetSpec | None, reports: Mapping[int, YearFigures], as_of: int
) -> RuleResult:
    case = reach_case(plan, target, fallback, reports, as_of)
    status, reasons = reach_status(case)
    growth_from = case.growth_from
    growth_pp, growth_relative = _growth(case)
    trend = holdings_trend(case)
    return RuleResult(
        rule=target.rule,
        status=status,
        target=target,
        as_of_year=as_of,
        judged_year=case.year,
        rate_pct=float_or_none(case.rate),
        previous_rate_pct=None if growth_from is None else float(case.rates[growth_from]),
        growth_from_year=growth_from,
        growth_pp=growth_pp,
        growth_relative_pct=growth_relative,
        pace_pp_per_year=float_or_none(case.pace),
        pace_from_year=case.pace_from,
        projected_rate_pct=float_or_none(case.projected),
        required_pp_per_year=float_or_none(case.required_pp_per_year),
        required_per_year=case.required_per_year,
        required_per_year_with_growth=required_per_year_with_growth(case, trend),
        holdings_trend_per_year=float_or_none(trend),
        shortfall_units=case.shortfall_units,
        years_to_target=float_or_none(years_to_target(case)),
        fallback=case.fallback,
        figures_approved=figures_approved(reports, _years_used(case)),
        reasons=reasons,
    )
