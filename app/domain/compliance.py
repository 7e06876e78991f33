"""Compliance rules: is one archive on course for the digitization targets that bind it?

Pure functions of (plan, targets, year-end reports, as-of year Y); they never read the
clock, the settings or the database. Rates come from app.domain.rates; every comparison
is exact, and figures leave unrounded.

The rules live beside their data: target selection in app.domain.targets, rates in
app.domain.rates, min_growth in app.domain.growth, annual_quota in app.domain.quotas, result
types in app.domain.results; reach_rate and the overall verdict are here. This module is the
one the rest of the app imports.

reach_rate: rate T by plan end E; fallback G = the min_growth target, when one applies
  Ye = min(Y, E)
  1. no rate for Ye                                           -> no_data
  2. rate(Ye) >= T                                            -> achieved
  3. Y >= E                                                   -> missed
  4. Y0 = the earliest year with a rate in [Y-3, Y-1]; none   -> insufficient_data
     pace = (rate(Y) - rate(Y0)) / (Y - Y0) points a year
     projected = min(100, rate(Y) + pace x (E - Y)) >= T      -> on_track
  5. G applies and the growth from Y-1 to Y on G's basis meets G -> at_risk
  6. otherwise                                                -> off_track
min_growth: judged on its own only when no reach_rate applies (else it is the fallback)
  growth = rate(Y) - rate(Y-1) (unit "pp"), or (rate(Y) / rate(Y-1) - 1) x 100 (unit
  "relative_pct", where a rise from 0 is met and 0 to 0 is not)
  no rate for Y -> no_data; none for Y-1 -> insufficient_data; met -> on_track; else off_track
annual_quota: Q on metric m, for the quota's own year, or Y when it has none
  (a quota for a year after Y does not apply yet and is left out)
  added = m(year) - m(year-1); either unknown -> insufficient_data; added >= Q -> achieved;
  else off_track
A report with zero holdings or unknown figures on a target's basis gives no rate: for that
target it counts as no report, and a reason says why.
The overall status is the worst rule status in STATUSES_WORST_FIRST order.

Figures of a reach_rate result (every one the data allow, whatever decided the status)
  all at Ye, so that after the deadline they describe the plan's end year E:
  growth = rate(Ye) - rate(Ye-1), and relative to rate(Ye-1) unless that is 0;
  pace and projected as in step 4; the fallback's growth on G's basis;
  required_pp_per_year = (T - rate(Y)) / (E - Y) while Y < E and rate(Y) < T;
  required_per_year = that x holdings(Y) on the rate basis / 100;
  years_to_target = 0 once reached, else (T - rate) / pace while the pace is positive.
Comparisons are exact: rates are fractions, and a target value is read as the decimal it
was written as (80.1 means 801/10).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from app.domain.growth import check_growth, growth, growth_reasons, judge_min_growth
from app.domain.quotas import judge_annual_quota, quota_applies
from app.domain.rates import (
    YearFigures,
    denominator,
    exact_rates,
    figures_approved,
    float_or_none,
    quota_metric,
    rate_pct,
    series,
)
from app.domain.results import (
    STATUSES_WORST_FIRST,
    ArchiveResult,
    GrowthCheck,
    Reason,
    RuleResult,
    why_no_rate,
    worst_status,
)
from app.domain.targets import RULES, PlanSpec, TargetRow, TargetSpec, select_targets, target_value

__all__ = [
    "STATUSES_WORST_FIRST",
    "ArchiveResult",
    "GrowthCheck",
    "PlanSpec",
    "Reason",
    "RuleResult",
    "TargetRow",
    "TargetSpec",
    "YearFigures",
    "denominator",
    "evaluate_archive",
    "quota_metric",
    "rate_pct",
    "select_targets",
    "series",
    "worst_status",
]


def evaluate_archive(
    plan: PlanSpec,
    targets: Sequence[TargetSpec],
    reports: Mapping[int, YearFigures],
    as_of: int,
) -> ArchiveResult:
    """Judge every target that applies as of year as_of; the archive gets the worst status."""
    unknown = {target.rule for target in targets} - set(RULES)
    if unknown:
        raise ValueError(f"unknown target rule(s): {sorted(unknown)}")
    fallback = next((target for target in targets if target.rule == "min_growth"), None)
    has_reach_rate = any(target.rule == "reach_rate" for target in targets)
    results = []
    for target in targets:
        if target.rule == "reach_rate":
            results.append(_judge_reach_rate(plan, target, fallback, reports, as_of))
        elif target.rule == "min_growth" and not has_reach_rate:
            results.append(judge_min_growth(target, reports, as_of))
        elif target.rule == "annual_quota" and quota_applies(target, as_of):
            results.append(judge_annual_quota(target, reports, as_of))
    statuses = [result.status for result in results]
    return ArchiveResult(worst_status(statuses) if statuses else None, tuple(results))


# ---- reach_rate ----

# Pace is measured from the earliest year with a rate among the 3 before the judged year.
PACE_WINDOW_YEARS = 3


@dataclass(frozen=True, slots=True)
class _ReachCase:
    """A reach_rate target with the exact rates around its judged year Ye."""

    plan: PlanSpec
    target: TargetSpec
    reports: Mapping[int, YearFigures]
    as_of: int
    year: int
    rate: Fraction | None
    previous: Fraction | None
    pace_from: int | None
    pace: Fraction | None  # points a year from pace_from to year
    fallback: GrowthCheck | None

    @property
    def goal(self) -> Fraction:
        return target_value(self.target)


def _reach_case(
    plan: PlanSpec,
    target: TargetSpec,
    fallback: TargetSpec | None,
    reports: Mapping[int, YearFigures],
    as_of: int,
) -> _ReachCase:
    year = min(as_of, plan.end_year)
    rates = exact_rates(reports, target.basis)
    rate, previous = rates.get(year), rates.get(year - 1)
    pace_from = next((y for y in range(year - PACE_WINDOW_YEARS, year) if y in rates), None)
    pace = None
    if rate is None or pace_from is None:
        pace_from = None
    else:
        pace = (rate - rates[pace_from]) / (year - pace_from)
    check = None if fallback is None else check_growth(fallback, reports, year)
    return _ReachCase(plan, target, reports, as_of, year, rate, previous, pace_from, pace, check)


def _projection(rate: Fraction, pace: Fraction, years_left: int) -> Fraction:
    """The rate after years_left more years at the pace, capped at 100."""
    return min(Fraction(100), rate + pace * years_left)


def _projected(case: _ReachCase) -> Fraction | None:
    """The rate at the plan's end if the pace holds."""
    if case.rate is None or case.pace is None:
        return None
    return _projection(case.rate, case.pace, case.plan.end_year - case.year)


def _required_pp_per_year(case: _ReachCase) -> Fraction | None:
    """Points a year still needed to reach T by E: only before E, and only while short of T."""
    if case.rate is None or case.as_of >= case.plan.end_year or case.rate >= case.goal:
        return None
    return (case.goal - case.rate) / (case.plan.end_year - case.year)


def _required_per_year(case: _ReachCase) -> Fraction | None:
    """The same in holdings units on the rate basis (volumes, items or pages a year)."""
    required = _required_pp_per_year(case)
    if required is None:
        return None
    held = denominator(case.reports[case.year], case.target.basis)
    return None if held is None else required * held / 100


def _years_to_target(case: _ReachCase) -> Fraction | None:
    """0 once T is reached; else the years the pace needs, if the rate rises at all."""
    if case.rate is None:
        return None
    if case.rate >= case.goal:
        return Fraction(0)
    if case.pace is None or case.pace <= 0:
        return None
    return (case.goal - case.rate) / case.pace


def _reach_status(case: _ReachCase) -> tuple[str, tuple[Reason, ...]]:
    """Steps 1-3 of reach_rate, and step 4's want of a pace; the rest in _pace_status."""
    basis = case.target.basis
    if case.rate is None:
        return "no_data", why_no_rate(case.reports, [case.year], basis)
    facts = {"year": case.year, "basis": basis, "rate": float(case.rate), "target": case.target.value}
    if case.rate >= case.goal:
        return "achieved", (Reason("target_reached", facts),)
    if case.as_of >= case.plan.end_year:
        return "missed", (Reason("deadline_missed", {**facts, "gap": float(case.goal - case.rate)}),)
    if case.pace is None:
        window = range(case.year - PACE_WINDOW_YEARS, case.year)
        history = {**facts, "from_year": window[0], "to_year": window[-1]}
        return "insufficient_data", (
            Reason("no_pace_history", history),
            *why_no_rate(case.reports, window, basis, missing=None),
        )
    projected = _projection(case.rate, case.pace, case.plan.end_year - case.year)
    return _pace_status(case, facts, projected)


def _pace_status(case: _ReachCase, facts: dict[str, object], projected: Fraction) -> tuple[str, tuple[Reason, ...]]:
    """Steps 4-6: on pace for T, else at risk only if the fallback growth is met."""
    facts = {**facts, "pace": float_or_none(case.pace), "end_year": case.plan.end_year, "projected": float(projected)}
    if projected >= case.goal:
        return "on_track", (Reason("projected_reaches_target", facts),)
    short = Reason(
        "projected_short",
        {
            **facts,
            "gap": float(case.goal - projected),
            "required_pp_per_year": float_or_none(_required_pp_per_year(case)),
            "required_per_year": float_or_none(_required_per_year(case)),
        },
    )
    check = case.fallback
    if check is None:
        return "off_track", (short,)
    codes = ("fallback_growth_met", "fallback_growth_not_met")
    status = "at_risk" if check.met else "off_track"
    return status, (short, *growth_reasons(check, case.reports, case.year, codes))


def _reach_years_used(case: _ReachCase) -> list[int]:
    """The reports behind the figures: Ye, Ye-1 and Y0 where they give a rate, the fallback's."""
    years = [year for year, rate in ((case.year, case.rate), (case.year - 1, case.previous)) if rate is not None]
    if case.pace_from is not None:
        years.append(case.pace_from)
    if case.fallback is not None and case.fallback.met is not None:
        years += [case.year, case.year - 1]
    return years


def _judge_reach_rate(
    plan: PlanSpec,
    target: TargetSpec,
    fallback: TargetSpec | None,
    reports: Mapping[int, YearFigures],
    as_of: int,
) -> RuleResult:
    case = _reach_case(plan, target, fallback, reports, as_of)
    status, reasons = _reach_status(case)
    growth_pp, growth_relative = growth(case.rate, case.previous)
    return RuleResult(
        rule=target.rule,
        status=status,
        target=target,
        as_of_year=as_of,
        judged_year=case.year,
        rate_pct=float_or_none(case.rate),
        previous_rate_pct=float_or_none(case.previous),
        growth_pp=float_or_none(growth_pp),
        growth_relative_pct=float_or_none(growth_relative),
        pace_pp_per_year=float_or_none(case.pace),
        pace_from_year=case.pace_from,
        projected_rate_pct=float_or_none(_projected(case)),
        required_pp_per_year=float_or_none(_required_pp_per_year(case)),
        required_per_year=float_or_none(_required_per_year(case)),
        years_to_target=float_or_none(_years_to_target(case)),
        fallback=case.fallback,
        figures_approved=figures_approved(reports, _reach_years_used(case)),
        reasons=reasons,
    )
