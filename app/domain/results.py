"""What the compliance rules hand back: statuses, rule results and their reasons.

- The overall status of an archive is the worst status any of its rules has, in the
  order STATUSES_WORST_FIRST (app.domain.vocabulary).
- Every result carries at least one Reason: a code from app.domain.reasons and the raw
  numbers behind it (rendering formats them).
- A year that gives no rate on a basis is explained by one of: no_report (no report at
  all), zero_denominator (zero holdings on the basis), unknown_figures (a figure the
  basis needs is unknown).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.domain.rates import YearFigures, no_rate_cause
from app.domain.targets import TargetSpec
from app.domain.vocabulary import STATUSES_WORST_FIRST, Status

_STATUS_RANK: dict[str, int] = {status: rank for rank, status in enumerate(STATUSES_WORST_FIRST)}
STATUS_OF: dict[str, Status] = {status.value: status for status in STATUSES_WORST_FIRST}  # Status(x), at dict speed


def worst_status(statuses: Iterable[str]) -> Status:
    """The worst of the statuses (ValueError if there are none)."""
    return STATUS_OF[min(statuses, key=_STATUS_RANK.__getitem__)]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a status is what it is; rendered by app.domain.reasons.render_reason."""

    code: str
    params: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class GrowthCheck:
    """A min_growth target judged for one year against the nearest earlier year with a rate."""

    target: TargetSpec
    growth_pp: float | None  # a year, annualized over the years between
    growth_relative_pct: float | None  # a year, annualized
    met: bool | None  # None = cannot be judged (no rate for Y, or none in the 3 years before)
    from_year: int | None = None


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule: str
    status: Status
    target: TargetSpec
    as_of_year: int
    judged_year: int | None = None  # Ye for reach_rate, the quota's year, else Y
    rate_pct: float | None = None  # at judged_year
    previous_rate_pct: float | None = None  # at growth_from_year
    growth_from_year: int | None = None  # the nearest earlier year with a rate, within 3
    growth_pp: float | None = None
    growth_relative_pct: float | None = None
    pace_pp_per_year: float | None = None
    pace_from_year: int | None = None
    projected_rate_pct: float | None = None  # at the plan's end year, within [0, 100]
    required_pp_per_year: float | None = None
    required_per_year: int | None = None  # in holdings units on the rate basis, rounded up
    required_per_year_with_growth: int | None = None  # the same if holdings keep growing
    holdings_trend_per_year: float | None = None  # holdings units a year, floored at 0
    shortfall_units: int | None = None  # units still to digitize for the target, rounded up
    years_to_target: float | None = None
    quota_added: int | None = None
    fallback: GrowthCheck | None = None
    figures_approved: bool | None = None  # None if no report was used
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class ArchiveResult:
    status: Status | None  # None when no rule applies
    rules: tuple[RuleResult, ...]
    reasons: tuple[Reason, ...] = ()  # why no rule applies (not_bound), if so


def why_no_rate(
    reports: Mapping[int, YearFigures],
    years: Iterable[int],
    basis: str,
    missing: str | None = "no_report",
) -> tuple[Reason, ...]:
    """A reason per year without a rate: zero holdings, unknown figures, or (code `missing`,
    if given) no report."""
    reasons = []
    for year in years:
        figures = reports.get(year)
        cause = missing if figures is None else no_rate_cause(figures, basis)
        if cause is not None:
            reasons.append(Reason(cause, {"year": year, "basis": basis}))
    return tuple(reasons)
