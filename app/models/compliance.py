"""Compliance answers: what the rules found for each archive, and the what-if request.

Every figure is the rules' exact value (app.domain.compliance), rounded only when it is
written out: percentages, points and years to 2 decimals (Pct); a need in units is already
rounded up to a whole unit by the rules (the ceiling of the exact fraction), so that a
budget asked for never falls short.
"""

import math
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from app.domain.succession import Structure
from app.domain.vocabulary import Rule, Scope, Status
from app.models.common import BasisName, Kind, Level, Page, Pct, RateBasisName, UnitName, Year
from app.models.report import ReportFigures

__all__ = ["Rule", "Scope", "Status", "Structure"]

NAME_IN_YEAR = "The name the archive had on 31 December of the year judged, when it differs from archive_name (today's)"
STRUCTURE = (
    "The tree judged: as_of, as it stood on 31 December of the year (an archive closed before then is left out,"
    " one opened during the year is in); current, today's archives, their earlier years carried forward through"
    " the merges and splits since"
)


def whole_units_up(value: float | None) -> int | None:
    """A need in units, rounded up to a whole unit."""
    return None if value is None else math.ceil(value)


class Schema(BaseModel):
    """An answer schema; unknown fields are refused, so a test can check the JSON against it."""

    model_config = ConfigDict(extra="forbid")


class JudgedTarget(Schema):
    """The target a rule was judged against (frozen: one answer per target is shared)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int | None
    rule: Rule
    value: float
    unit: UnitName
    basis: BasisName = Field(description="The rate basis, or the counted metric of a quota")
    scope: Scope
    year: int | None = Field(description="A quota's own year; null for every year")
    under: str | None = Field(default=None, description="A default's region: the archive it applies below")


class ReasonPublic(Schema):
    """Why a status is what it is, in the request's language (Accept-Language)."""

    code: str
    message: str


class FallbackCheck(Schema):
    """The min_growth fallback of a reach_rate, judged on the growth into the judged year."""

    target: JudgedTarget
    growth_pp: Pct
    growth_relative_pct: Pct
    met: bool | None = Field(
        description="false when the year has a rate but none of the 3 before it has (growth not shown);"
        " null when the year itself has no rate"
    )
    growth_from_year: int | None = Field(
        description="The fallback's own: the nearest earlier year with a rate on its basis, within 3"
    )


class RuleCompliance(Schema):
    """One rule's result for one archive, with every figure the data allow."""

    rule: Rule
    status: Status
    status_label: str = Field(description="The status in words, in the request's language")
    target: JudgedTarget
    as_of_year: int
    judged_year: int | None = Field(description="min(as-of year, plan end) for reach_rate; a quota's year")
    rate_pct: Pct
    previous_rate_pct: Pct = Field(description="The rate at growth_from_year")
    growth_from_year: int | None = Field(
        default=None, description="The nearest earlier year with a rate (within 3) growth is measured from"
    )
    growth_pp: Pct = Field(description="Points a year, annualized since growth_from_year")
    growth_relative_pct: Pct = Field(description="Relative growth a year, annualized since growth_from_year")
    pace_pp_per_year: Pct
    pace_from_year: int | None
    projected_rate_pct: Pct = Field(description="The rate at the plan's end year if the pace holds, in [0, 100]")
    required_pp_per_year: Pct
    required_per_year: int | None = Field(description="Units a year still to digitize at today's holdings")
    required_per_year_with_growth: int | None = Field(
        default=None, description="Units a year still to digitize if holdings keep growing at their trend"
    )
    holdings_trend_per_year: Pct = Field(
        default=None, description="Holdings units gained a year since pace_from_year, floored at 0"
    )
    shortfall_units: int | None = Field(
        default=None, description="Units still to digitize to reach the target at today's holdings; 0 once reached"
    )
    years_to_target: Pct = Field(description="0 once reached; null when the plan has ended or the pace is not positive")
    quota_added: int | None
    fallback: FallbackCheck | None
    figures_approved: bool | None = Field(description="Every report used is approved; null if none was used")
    reasons: list[ReasonPublic]


class NotReported(Schema):
    """Why a rule has no data: the archive has not reported in a round for the judged year."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: Literal["not_reported"] = "not_reported"
    round_id: int
    round_name: str
    due_on: date
    days_late: int = Field(description="Days since the due date (0 while it has not passed)")


class ArchiveCompliance(Schema):
    """An archive's overall status (its worst rule status) and each rule's result."""

    archive_code: str
    archive_name: str = Field(description="The archive's name today")
    name_in_year: str | None = Field(default=None, description=NAME_IN_YEAR)
    level: Level = Field(description="Its level in the tree judged (`structure`)")
    kind: Kind
    parent_code: str | None = Field(description="The archive above it in the tree judged (`structure`)")
    status: Status | None = Field(description="null only when no target applies to the archive")
    status_label: str | None
    rules: list[RuleCompliance]
    not_reported: NotReported | None = Field(
        default=None, description="Set when a rule is no_data because the archive has not reported in a round"
    )


# Declared as one property per status (every status is always listed), so a generated
# client reads `counts.off_track` as a number rather than indexing a string-keyed map.
StatusCounts = Annotated[
    dict[Status, int],
    WithJsonSchema(
        {
            "type": "object",
            "properties": {status.value: {"type": "integer", "minimum": 0} for status in Status},
            "required": [status.value for status in Status],
            "additionalProperties": False,
        }
    ),
]


class ComplianceSummary(Schema):
    """Figures over the whole filtered set before the status filter, not just the page.

    A `status` filter narrows `items` and the page's `total`, never these: with
    `status=off_track` the counts still show how many are on track, missed, ..."""

    counts: StatusCounts = Field(
        description="Archives per overall status, every status listed, over the set before the status filter"
    )
    total: int = Field(description="Archives in the filtered set before the status filter (the sum of `counts`)")


class CompliancePage(Page[ArchiveCompliance]):
    """A page of archives that some target of the plan applies to, judged as of `year`."""

    model_config = ConfigDict(extra="forbid")

    plan: str
    year: int
    structure: Structure = Field(default=Structure.as_of, description=STRUCTURE)
    approved_only: bool
    summary: ComplianceSummary


class SeriesPoint(Schema):
    """An archive's rate in one reported year, its change over the year before, and why it moved."""

    year: int
    rate_pct: Pct
    growth_pp: Pct
    digitization_effect_pp: Pct = Field(default=None, description="(D(y) - D(y-1)) / H(y) x 100")
    holdings_effect_pp: Pct = Field(
        default=None, description="D(y-1) x (1/H(y) - 1/H(y-1)) x 100; with the work's effect it adds up to growth_pp"
    )
    reasons: list[ReasonPublic] = Field(default_factory=list)


class PreviousPlan(Schema):
    """The plan the asked one follows: how the archive ended it."""

    code: str
    end_year: int
    status: Status | None = Field(description="Its final status for the archive; null if it did not bind it")
    rate_pct: Pct = Field(description="The rate at its end year, on its basis")


class ArchiveComplianceDetail(ArchiveCompliance):
    """One archive's compliance, with its yearly series for a chart."""

    plan: str
    year: int
    structure: Structure = Field(default=Structure.as_of, description=STRUCTURE)
    approved_only: bool
    reasons: list[ReasonPublic] = Field(
        default_factory=list,
        description="Why the archive has no status, if so: not_bound (the plan does not bind it), or not_open"
        " (it was not open on 31 December of the year, with structure=as_of, or is closed today, with"
        " structure=current; the message names the day it opened or closed)",
    )
    previous_plan: PreviousPlan | None = Field(default=None, description="The plan this one follows, if any")
    series_basis: RateBasisName = Field(
        description="The rate basis of the series: its reach_rate (or min_growth) target's"
    )
    series: list[SeriesPoint]


class WhatIfResult(ArchiveComplianceDetail):
    """An archive's compliance as if the hypothetical reports were stored; nothing is saved."""

    hypothetical_years: list[int]


class HypotheticalReport(ReportFigures):
    """Figures an archive expects to report for a year; checked like a stored report."""

    year: Year


class WhatIfRequest(Schema):
    """Hypothetical year-end reports; each replaces a stored report of the same year."""

    reports: list[HypotheticalReport] = Field(min_length=1, max_length=50)


class SubtreeCompliance(Schema):
    """An archive and everything below it, taken together."""

    archive_code: str
    archive_name: str = Field(description="The archive's name today")
    name_in_year: str | None = Field(default=None, description=NAME_IN_YEAR)
    level: Level
    archives: int = Field(description="Archives judged here: those some target applies to")
    counts: StatusCounts
    aggregate_rate_pct: Pct = Field(description="Sum of digitized over sum of holdings on the plan's basis")
    reported_archives: int = Field(description="Archives whose figures make up the aggregate rate")
    share_achieved_pct: Pct
    share_achieved_or_on_track_pct: Pct


class BehindTarget(Schema):
    """An archive short of its reach_rate target, by how many points."""

    archive_code: str
    archive_name: str
    level: Level
    status: Status = Field(description="The reach_rate rule's status")
    rate_pct: Pct
    target_pct: float
    gap_pp: Pct


class Rollup(SubtreeCompliance):
    """Compliance of an archive's whole subtree, each child's subtree, and who is furthest behind."""

    plan: str
    year: int
    structure: Structure = Field(default=Structure.as_of, description=STRUCTURE)
    rate_year: int = Field(description="The year of the aggregate rates: min(year, plan end)")
    basis: RateBasisName = Field(description="The basis most of the plan's reach_rate targets use")
    approved_only: bool
    children: list[SubtreeCompliance] = Field(
        description="Each child whose subtree has an archive the plan binds; unbound archives are left out"
    )
    furthest_behind: list[BehindTarget] = Field(description="Up to ten archives, the largest gap first")
    reasons: list[ReasonPublic] = Field(
        description="Why nothing is counted: not_bound when the plan binds no archive of the subtree; else empty"
    )


class RollupAnswer(Rollup):
    """A rollup as of one year; with `years=`, the last year's, and `series` holding each year's, oldest first."""

    series: list[Rollup] | None = Field(
        default=None, description="With `years=`: one rollup per year of the range, oldest first; else null"
    )
