"""The annual_quota rule: did the archive add at least Q of a metric in one year?

- The year judged (quota_year): a quota for one year is left out before that year and
  judged for it from then on; a quota for every year is left out before the plan's start,
  judged for Y from start to E, and for E after E.
- added = m(year) - m(year-1), from the two year-end cumulative reports.
- While the year judged is the as-of year: either report missing, or m unknown in it ->
  insufficient_data; added >= Q -> achieved; else off_track.
- Once the as-of year is after it, or the year judged has ended (it is before the calendar
  year now, which the caller gives: the rules read no clock), the quota is closed:
  added >= Q -> achieved; anything else (short, or never reported) -> missed. A quota
  judged for a year that is over is final, never off_track.
"""

from collections.abc import Mapping

from app.domain.rates import YearFigures, figures_approved, quota_metric
from app.domain.results import Reason, RuleResult
from app.domain.targets import PlanSpec, TargetSpec, target_value
from app.domain.vocabulary import Status


def quota_year(target: TargetSpec, plan: PlanSpec, as_of: int) -> int | None:
    """The year the quota is judged for as of `as_of`; None while it does not apply yet."""
    if target.year is not None:
        return target.year if as_of >= target.year else None
    if as_of < plan.start_year:
        return None
    return min(as_of, plan.end_year)


def judge_annual_quota(
    target: TargetSpec, reports: Mapping[int, YearFigures], as_of: int, year: int, current_year: int | None = None
) -> RuleResult:
    """The quota for `year`; `current_year` is the calendar year now (None: not known, so only a
    later as-of year closes it)."""
    before, after = (_count_at(reports, counted, target.basis) for counted in (year - 1, year))
    added = None if before is None or after is None else after - before
    closed = as_of > year or (current_year is not None and year < current_year)
    status, reasons = _quota_status(target, reports, year, added, closed=closed)
    return RuleResult(
        rule=target.rule,
        status=status,
        target=target,
        as_of_year=as_of,
        judged_year=year,
        quota_added=added,
        figures_approved=None if added is None else figures_approved(reports, [year - 1, year]),
        reasons=reasons,
    )


def _count_at(reports: Mapping[int, YearFigures], year: int, metric: str) -> int | None:
    figures = reports.get(year)
    return None if figures is None else quota_metric(figures, metric)


def _quota_status(
    target: TargetSpec, reports: Mapping[int, YearFigures], year: int, added: int | None, *, closed: bool
) -> tuple[Status, tuple[Reason, ...]]:
    if added is None:
        return Status.missed if closed else Status.insufficient_data, _why_no_count(reports, year, target.basis)
    facts = {"year": year, "metric": target.basis, "added": added, "quota": target.value}
    if added >= target_value(target):
        return Status.achieved, (Reason("quota_met", facts),)
    shortfall = float(target_value(target) - added)
    return Status.missed if closed else Status.off_track, (Reason("quota_short", {**facts, "shortfall": shortfall}),)


def _why_no_count(reports: Mapping[int, YearFigures], year: int, metric: str) -> tuple[Reason, ...]:
    """A reason per year, of the quota's year and the one before, lacking a report or the count."""
    reasons = []
    for counted in (year - 1, year):
        figures = reports.get(counted)
        if figures is None:
            facts = {"year": counted, "quota_year": year, "metric": metric}
            reasons.append(Reason("quota_missing_year", facts))
        elif quota_metric(figures, metric) is None:
            reasons.append(Reason("unknown_metric", {"year": counted, "metric": metric}))
    return tuple(reasons)
