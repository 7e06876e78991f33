"""Compliance rules: is one archive on course for the digitization targets that bind it?

Pure functions of (plan, targets, year-end reports, as-of year Y); they never read the
clock, the settings or the database. Rates come from app.domain.rates; every comparison
is exact, and figures leave unrounded.

Which targets bind an archive is app.domain.targets.select_targets.

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
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from app.domain.rates import (
    YearFigures,
    denominator,
    exact_rate_pct,
    exact_rates,
    no_rate_cause,
    quota_metric,
    rate_pct,
    series,
)
from app.domain.targets import RULES, PlanSpec, TargetRow, TargetSpec, select_targets

__all__ = [
    "STATUSES_WORST_FIRST", "ArchiveResult", "GrowthCheck", "PlanSpec", "Reason", "RuleResult",
    "TargetRow", "TargetSpec", "YearFigures", "denominator", "evaluate_archive", "quota_metric",
    "rate_pct", "select_targets", "series", "worst_status",
]

# The overall status is the first of these that any rule has.
STATUSES_WORST_FIRST = (
    "missed", "off_track", "no_data", "insufficient_data", "at_risk", "on_track", "achieved",
)
_STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES_WORST_FIRST)}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a status is what it is; rendered by app.domain.reasons.render_reason."""

    code: str
    params: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class GrowthCheck:
    """A min_growth target judged for one year, on its own basis."""

    target: TargetSpec
    growth_pp: float | None
    growth_relative_pct: float | None
    met: bool | None  # None = cannot be judged (no rate for Y-1 or Y)


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule: str
    status: str
    target: TargetSpec
    as_of_year: int
    judged_year: int | None = None  # Ye for reach_rate, the quota's year, else Y
    rate_pct: float | None = None  # at judged_year
    previous_rate_pct: float | None = None  # at judged_year - 1
    growth_pp: float | None = None
    growth_relative_pct: float | None = None
    pace_pp_per_year: float | None = None
    pace_from_year: int | None = None
    projected_rate_pct: float | None = None  # at the plan's end year
    required_pp_per_year: float | None = None
    required_per_year: float | None = None  # in holdings units on the rate basis
    years_to_target: float | None = None
    quota_added: int | None = None
    fallback: GrowthCheck | None = None
    figures_approved: bool | None = None  # None if no report was used
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class ArchiveResult:
    status: str | None  # None when no rule applies
    rules: tuple[RuleResult, ...]


def worst_status(statuses: Iterable[str]) -> str:
    """The worst of the statuses (ValueError if there are none)."""
    return min(statuses, key=_STATUS_RANK.__getitem__)


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
            results.append(_judge_min_growth(target, reports, as_of))
        elif target.rule == "annual_quota" and (target.year is None or target.year <= as_of):
            results.append(_judge_annual_quota(target, reports, as_of))
    statuses = [result.status for result in results]
    return ArchiveResult(worst_status(statuses) if statuses else None, tuple(results))


def _exact(value: float) -> Fraction:
    """A target value as the decimal it was written as: 80.1 is 801/10, not the nearest float."""
    return Fraction(str(value))


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _rate_at(reports: Mapping[int, YearFigures], year: int, basis: str) -> Fraction | None:
    figures = reports.get(year)
    return None if figures is None else exact_rate_pct(figures, basis)


def _figures_approved(reports: Mapping[int, YearFigures], years: Iterable[int]) -> bool | None:
    """True if every report used is approved, False if one is not, None if none was used."""
    approvals = [reports[year].approved for year in set(years)]
    return all(approvals) if approvals else None


def _why_no_rate(
    reports: Mapping[int, YearFigures], years: Iterable[int], basis: str,
    missing: str | None = "no_report",
) -> tuple[Reason, ...]:
    """A reason per year without a rate: zero holdings, unknown figures, or `missing` report."""
    reasons = []
    for year in years:
        figures = reports.get(year)
        cause = missing if figures is None else no_rate_cause(figures, basis)
        if cause is not None:
            reasons.append(Reason(cause, {"year": year, "basis": basis}))
    return tuple(reasons)


# ---- growth: min_growth on its own, or as the fallback of a reach_rate ----

def _growth(
    current: Fraction | None, previous: Fraction | None
) -> tuple[Fraction | None, Fraction | None]:
    """Growth in points, and relative to the previous rate (None from a rate of 0)."""
    if current is None or previous is None:
        return None, None
    return current - previous, (current / previous - 1) * 100 if previous else None


def _growth_met(target: TargetSpec, current: Fraction, previous: Fraction) -> bool:
    """pp: the rise in points; relative_pct: the rise as a share of the previous rate."""
    minimum = _exact(target.value)
    if target.unit == "pp":
        return current - previous >= minimum
    if target.unit != "relative_pct":
        raise ValueError(f"unknown min_growth unit: {target.unit!r}")
    if previous == 0:
        return current > 0
    return (current / previous - 1) * 100 >= minimum


def _check_growth(
    target: TargetSpec, reports: Mapping[int, YearFigures], year: int
) -> GrowthCheck:
    current, previous = _rate_at(reports, year, target.basis), _rate_at(reports, year - 1, target.basis)
    if current is None or previous is None:
        return GrowthCheck(target, None, None, None)
    growth_pp, growth_relative = _growth(current, previous)
    met = _growth_met(target, current, previous)
    return GrowthCheck(target, _float(growth_pp), _float(growth_relative), met)


def _growth_reasons(
    check: GrowthCheck, reports: Mapping[int, YearFigures], year: int, codes: tuple[str, str]
) -> tuple[Reason, ...]:
    """Why the growth met G or not (codes = (met, not met)), or why it cannot be judged."""
    basis = check.target.basis
    if check.met is None:
        return _unjudged_growth_reasons(reports, year, basis)
    return (Reason(codes[0] if check.met else codes[1], {
        "year": year, "previous_year": year - 1, "basis": basis,
        "rate": rate_pct(reports[year], basis), "previous_rate": rate_pct(reports[year - 1], basis),
        "unit": check.target.unit, "minimum": check.target.value,
        "growth_pp": check.growth_pp, "growth_relative_pct": check.growth_relative_pct,
    }),)


def _unjudged_growth_reasons(
    reports: Mapping[int, YearFigures], year: int, basis: str
) -> tuple[Reason, ...]:
    """Growth needs a rate for the year and the one before; says which lacks it, and why."""
    reasons = _why_no_rate(reports, [year], basis)
    if _rate_at(reports, year - 1, basis) is None:
        reasons += (
            Reason("no_previous_year", {"year": year, "previous_year": year - 1, "basis": basis}),
            *_why_no_rate(reports, [year - 1], basis, missing=None),
        )
    return reasons


# min_growth on its own: whether the growth met it -> status.
_GROWTH_STATUS = {True: "on_track", False: "off_track", None: "insufficient_data"}


def _judge_min_growth(
    target: TargetSpec, reports: Mapping[int, YearFigures], as_of: int
) -> RuleResult:
    check = _check_growth(target, reports, as_of)
    rates = {year: _rate_at(reports, year, target.basis) for year in (as_of - 1, as_of)}
    if rates[as_of] is None:
        status, reasons = "no_data", _why_no_rate(reports, [as_of], target.basis)
    else:
        status = _GROWTH_STATUS[check.met]
        reasons = _growth_reasons(check, reports, as_of, ("growth_met", "growth_not_met"))
    return RuleResult(
        rule=target.rule, status=status, target=target, as_of_year=as_of, judged_year=as_of,
        rate_pct=_float(rates[as_of]), previous_rate_pct=_float(rates[as_of - 1]),
        growth_pp=check.growth_pp, growth_relative_pct=check.growth_relative_pct,
        figures_approved=_figures_approved(reports, [y for y, r in rates.items() if r is not None]),
        reasons=reasons,
    )


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
        return _exact(self.target.value)


def _reach_case(
    plan: PlanSpec, target: TargetSpec, fallback: TargetSpec | None,
    reports: Mapping[int, YearFigures], as_of: int,
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
    check = None if fallback is None else _check_growth(fallback, reports, year)
    return _ReachCase(plan, target, reports, as_of, year, rate, previous, pace_from, pace, check)


def _projected(case: _ReachCase) -> Fraction | None:
    """The rate at the plan's end if the pace holds, capped at 100."""
    if case.rate is None or case.pace is None:
        return None
    return min(Fraction(100), case.rate + case.pace * (case.plan.end_year - case.year))


def _required_pp_per_year(case: _ReachCase) -> Fraction | None:
    """Points a year still needed to reach T by E: only before E, and only while short of T."""
    if case.rate is None or case.as_of >= case.plan.end_year or case.rate >= case.goal:
        return None
    return (case.goal - case.rate) / (case.plan.end_year - case.year)


def _required_per_year(case: _ReachCase) -> Fraction | None:
    """The same in holdings units on the rate basis (volumes, items or pages a year)."""
    required = _required_pp_per_year(case)
    held = denominator(case.reports[case.year], case.target.basis) if case.rate else None
    if required is None or held is None:
        return None
    return required * held / 100


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
        return "no_data", _why_no_rate(case.reports, [case.year], basis)
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
            *_why_no_rate(case.reports, window, basis, missing=None),
        )
    return _pace_status(case, facts)


def _pace_status(case: _ReachCase, facts: dict[str, object]) -> tuple[str, tuple[Reason, ...]]:
    """Steps 4-6: on pace for T, else at risk only if the fallback growth is met."""
    projected = _projected(case)
    facts = {**facts, "pace": _float(case.pace), "end_year": case.plan.end_year,
             "projected": _float(projected)}
    if projected is not None and projected >= case.goal:
        return "on_track", (Reason("projected_reaches_target", facts),)
    short = Reason("projected_short", {
        **facts, "gap": float(case.goal - projected) if projected is not None else None,
        "required_pp_per_year": _float(_required_pp_per_year(case)),
        "required_per_year": _float(_required_per_year(case)),
    })
    check = case.fallback
    if check is None:
        return "off_track", (short,)
    codes = ("fallback_growth_met", "fallback_growth_not_met")
    status = "at_risk" if check.met else "off_track"
    return status, (short, *_growth_reasons(check, case.reports, case.year, codes))


def _reach_years_used(case: _ReachCase) -> list[int]:
    """The reports behind the figures: Ye, Ye-1 and Y0 where they give a rate, the fallback's."""
    years = [year for year, rate in ((case.year, case.rate), (case.year - 1, case.previous))
             if rate is not None]
    if case.pace_from is not None:
        years.append(case.pace_from)
    if case.fallback is not None and case.fallback.met is not None:
        years += [case.year, case.year - 1]
    return years


def _judge_reach_rate(
    plan: PlanSpec, target: TargetSpec, fallback: TargetSpec | None,
    reports: Mapping[int, YearFigures], as_of: int,
) -> RuleResult:
    case = _reach_case(plan, target, fallback, reports, as_of)
    status, reasons = _reach_status(case)
    growth_pp, growth_relative = _growth(case.rate, case.previous)
    return RuleResult(
        rule=target.rule, status=status, target=target, as_of_year=as_of, judged_year=case.year,
        rate_pct=_float(case.rate), previous_rate_pct=_float(case.previous),
        growth_pp=_float(growth_pp), growth_relative_pct=_float(growth_relative),
        pace_pp_per_year=_float(case.pace), pace_from_year=case.pace_from,
        projected_rate_pct=_float(_projected(case)),
        required_pp_per_year=_float(_required_pp_per_year(case)),
        required_per_year=_float(_required_per_year(case)),
        years_to_target=_float(_years_to_target(case)),
        fallback=case.fallback,
        figures_approved=_figures_approved(reports, _reach_years_used(case)),
        reasons=reasons,
    )


# ---- annual_quota ----

def _judge_annual_quota(
    target: TargetSpec, reports: Mapping[int, YearFigures], as_of: int
) -> RuleResult:
    """The year judged is the quota's own year, or as_of for a quota for every year."""
    year = as_of if target.year is None else target.year
    counts = [_count_at(reports, counted, target.basis) for counted in (year - 1, year)]
    before, after = counts
    added = None if before is None or after is None else after - before
    status, reasons = _quota_status(target, reports, year, added)
    return RuleResult(
        rule=target.rule, status=status, target=target, as_of_year=as_of, judged_year=year,
        quota_added=added,
        figures_approved=None if added is None else _figures_approved(reports, [year - 1, year]),
        reasons=reasons,
    )


def _count_at(reports: Mapping[int, YearFigures], year: int, metric: str) -> int | None:
    figures = reports.get(year)
    return None if figures is None else quota_metric(figures, metric)


def _quota_status(
    target: TargetSpec, reports: Mapping[int, YearFigures], year: int, added: int | None
) -> tuple[str, tuple[Reason, ...]]:
    if added is None:
        return "insufficient_data", _why_no_count(reports, year, target.basis)
    facts = {"year": year, "metric": target.basis, "added": added, "quota": target.value}
    if added >= _exact(target.value):
        return "achieved", (Reason("quota_met", facts),)
    shortfall = float(_exact(target.value) - added)
    return "off_track", (Reason("quota_short", {**facts, "shortfall": shortfall}),)


def _why_no_count(
    reports: Mapping[int, YearFigures], year: int, metric: str
) -> tuple[Reason, ...]:
    """A reason per year, of the quota's year and the one before, lacking a report or count."""
    reasons = []
    for counted in (year - 1, year):
        figures = reports.get(counted)
        if figures is None:
            facts = {"year": counted, "quota_year": year, "metric": metric}
            reasons.append(Reason("quota_missing_year", facts))
        elif quota_metric(figures, metric) is None:
            reasons.append(Reason("unknown_metric", {"year": counted, "metric": metric}))
    return tuple(reasons)
