"""Compliance rules: is one archive on course for the digitization targets that bind it?

Pure functions of (plan, targets, year-end reports, as-of year Y); they never read the
clock, the settings or the database. Rates come from app.domain.rates; every comparison
is exact, and figures leave unrounded (counts of units to digitize are rounded up).

The rules live beside their data: which plan and targets bind an archive in
app.domain.targets, rates in app.domain.rates, reach_rate in app.domain.reach, min_growth
in app.domain.growth, annual_quota in app.domain.quotas, result types in
app.domain.results, the yearly series in app.domain.series, the vocabulary in
app.domain.vocabulary. This module is the one the rest of the app imports.

- reach_rate is judged with the min_growth target as its fallback (app.domain.reach).
- min_growth is judged on its own only when no reach_rate applies.
- annual_quota is judged for the year quota_year gives, and left out while it has none;
  a quota for a year before `current_year` (the calendar year now, given by the caller) is
  final: achieved or missed.
- A plan binds only the archives below its `under`; for one it does not bind, the result
  has no status, no rules and the reason not_bound.
- The overall status is the worst rule status in STATUSES_WORST_FIRST order; None when
  no rule applies.
A report with zero holdings or unknown figures on a target's basis gives no rate: for that
target it counts as no report, and a reason says why.
"""

from collections.abc import Iterable, Mapping, Sequence

from app.domain.growth import judge_min_growth
from app.domain.quotas import judge_annual_quota, quota_year
from app.domain.rates import PACE_WINDOW_YEARS, YearFigures, denominator, digitized, quota_metric, rate_of, rate_pct
from app.domain.reach import judge_reach_rate
from app.domain.results import ArchiveResult, GrowthCheck, Reason, RuleResult, worst_status
from app.domain.series import SeriesYear, rate_series
from app.domain.targets import RULES, PlanSpec, TargetRow, TargetSpec, plan_binds, select_targets
from app.domain.vocabulary import DEFAULT_BASIS, RATE_RULES, STATUSES_WORST_FIRST, Rule

__all__ = [
    "PACE_WINDOW_YEARS",
    "STATUSES_WORST_FIRST",
    "ArchiveResult",
    "GrowthCheck",
    "PlanSpec",
    "Reason",
    "RuleResult",
    "SeriesYear",
    "TargetRow",
    "TargetSpec",
    "YearFigures",
    "aggregate_rate",
    "denominator",
    "evaluate_archive",
    "needs_every_year",
    "needing_every_year",
    "not_bound",
    "plan_binds",
    "quota_metric",
    "rate_basis",
    "rate_pct",
    "rate_series",
    "select_targets",
    "worst_status",
    "years_read",
]


_RULES = set(RULES)
_REACH_RATE, _MIN_GROWTH, _ANNUAL_QUOTA = Rule.reach_rate, Rule.min_growth, Rule.annual_quota  # read once


def evaluate_archive(
    plan: PlanSpec,
    targets: Sequence[TargetSpec],
    reports: Mapping[int, YearFigures],
    as_of: int,
    current_year: int | None = None,
) -> ArchiveResult:
    """Judge every target that applies as of year as_of; the archive gets the worst status.

    current_year is the calendar year now (the caller reads the clock); None when not known."""
    rules = [target.rule for target in targets]
    unknown = set(rules) - _RULES
    if unknown:
        raise ValueError(f"unknown target rule(s): {sorted(unknown)}")
    fallback = targets[rules.index(_MIN_GROWTH)] if _MIN_GROWTH in rules else None
    has_reach_rate = _REACH_RATE in rules
    results = []
    for target in targets:
        rule = target.rule
        if rule == _REACH_RATE:
            results.append(judge_reach_rate(plan, target, fallback, reports, as_of))
        elif rule == _MIN_GROWTH and not has_reach_rate:
            results.append(judge_min_growth(plan, target, reports, as_of))
        elif rule == _ANNUAL_QUOTA:
            year = quota_year(target, plan, as_of)
            if year is not None:
                results.append(judge_annual_quota(target, reports, as_of, year, current_year))
    statuses = [result.status for result in results]
    return ArchiveResult(worst_status(statuses) if statuses else None, tuple(results))


def not_bound(plan: PlanSpec, archive_code: str) -> ArchiveResult:
    """The answer for an archive the plan does not bind: no status, no rules."""
    return ArchiveResult(
        None, (), (Reason("not_bound", {"plan": plan.code, "archive": archive_code, "under": plan.under}),)
    )


def years_read(plan: PlanSpec, targets: Iterable[TargetSpec | TargetRow], as_of: int) -> set[int]:
    """The report years the rules read when judging as of `as_of`: Ye and the 3 before it
    (pace, growth), and each quota's judged year and the one before."""
    judged = min(as_of, plan.end_year)
    years = set(range(judged - PACE_WINDOW_YEARS, judged + 1))
    for target in targets:
        if target.rule == Rule.annual_quota and target.year is not None and target.year <= as_of:
            years |= {target.year - 1, target.year}
    return years


def rate_basis(targets: Sequence[TargetSpec | TargetRow]) -> str:
    """The basis rates are charted and summed on: the one most of the reach_rate targets use
    (the earliest, on a tie); without a reach_rate, the min_growth targets'; else volumes."""
    for rule in RATE_RULES:
        bases = [target.basis for target in targets if target.rule == rule]
        if bases:
            return max(bases, key=lambda basis: (bases.count(basis), -bases.index(basis)))
    return DEFAULT_BASIS


def aggregate_rate(reports: Iterable[YearFigures], basis: str) -> tuple[int, int, int]:
    """(digitized, holdings, reports counted) over the reports that give a rate on the basis:
    the rate of the whole is digitized / holdings, not a mean of rates."""
    done = held = counted = 0
    for figures in reports:
        report_held, report_done = denominator(figures, basis), digitized(figures, basis)
        if report_held and report_done is not None:
            done, held, counted = done + report_done, held + report_held, counted + 1
    return done, held, counted


def needs_every_year(
    plan: PlanSpec, targets: Sequence[TargetSpec], reports: Mapping[int, YearFigures], as_of: int
) -> bool:
    """Whether judging needs every earlier report, not only years_read's: once the plan has ended,
    a rate rule with no rate for the end year names the latest rate of any year (no_final_report)."""
    final = reports.get(plan.end_year)
    return as_of >= plan.end_year and any(
        final is None or rate_pct(final, target.basis) is None for target in targets if target.rule in RATE_RULES
    )


def needing_every_year(
    plan: PlanSpec, as_of: int, archives: Iterable[tuple[str, Sequence[TargetSpec], Sequence[YearFigures]]]
) -> list[str]:
    """The codes of the archives that needs_every_year names, for many at once: (code, targets, reports
    oldest first) each. A whole country's list asks this on every request: each targets tuple's rate
    bases are worked out once (archives alike share one tuple), and each archive's end-year report is
    its last one, or found from the end of its reports."""
    if as_of < plan.end_year:
        return []
    end, bases_of = plan.end_year, dict[int, tuple[str, ...]]()
    needing = []
    for code, targets, reports in archives:
        bases = bases_of.get(id(targets))
        if bases is None:
            bases = bases_of[id(targets)] = tuple(
                dict.fromkeys(target.basis for target in targets if target.rule in RATE_RULES)
            )
        if not bases:
            continue
        final = reports[-1] if reports else None
        if final is not None and final.year != end:
            final = next((figures for figures in reports if figures.year == end), None)
        if final is None or any(rate_of(final, basis) is None for basis in bases):
            needing.append(code)
    return needing
