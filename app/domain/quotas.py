"""The annual_quota rule: did the archive add at least Q of a metric in one year?

- The year judged is the quota's own year, or the as-of year Y for a quota for every year;
  a quota for a year after Y does not apply yet (the caller leaves it out).
- added = m(year) - m(year-1), from the two year-end cumulative reports.
- Either report missing, or m unknown in it -> insufficient_data.
- added >= Q -> achieved; else off_track.
"""

from collections.abc import Mapping

from app.domain.rates import YearFigures, figures_approved, quota_metric
from app.domain.results import Reason, RuleResult
from app.domain.targets import TargetSpec, target_value


def quota_applies(target: TargetSpec, as_of: int) -> bool:
    """A quota for one year applies from that year on; one for every year always does."""
    return target.year is None or target.year <= as_of


def judge_annual_quota(target: TargetSpec, reports: Mapping[int, YearFigures], as_of: int) -> RuleResult:
    year = as_of if target.year is None else target.year
    before, after = (_count_at(reports, counted, target.basis) for counted in (year - 1, year))
    added = None if before is None or after is None else after - before
    status, reasons = _quota_status(target, reports, year, added)
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
    target: TargetSpec, reports: Mapping[int, YearFigures], year: int, added: int | None
) -> tuple[str, tuple[Reason, ...]]:
    if added is None:
        return "insufficient_data", _why_no_count(reports, year, target.basis)
    facts = {"year": year, "metric": target.basis, "added": added, "quota": target.value}
    if added >= target_value(target):
        return "achieved", (Reason("quota_met", facts),)
    shortfall = float(target_value(target) - added)
    return "off_track", (Reason("quota_short", {**facts, "shortfall": shortfall}),)


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
