"""Compliance answers: what the rules found for each archive, and the what-if request.

Every figure is the rules' exact value (app.domain.compliance), rounded only when it is
written out: percentages, points and years to 2 decimals (Pct), a yearly need in units
up to the next whole unit (Units), so that a budget asked for never falls short.
"""

import math
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from app.models.common import Kind, Level, Page, Pct, Year
from app.models.plan import Rule
from app.models.report import ReportFigures


class ComplianceStatus(StrEnum):
    """A rule's or an archive's standing, listed from worst to best."""

    missed = "missed"
    off_track = "off_track"
    no_data = "no_data"
    insufficient_data = "insufficient_data"
    at_risk = "at_risk"
    on_track = "on_track"
    achieved = "achieved"


class Scope(StrEnum):
    """Whether a target is its level's default or set for the archive itself."""

    default = "default"
    override = "override"


def whole_units_up(value: float | None) -> int | None:
    """A need in units, rounded up to a whole unit."""
    return None if value is None else math.ceil(value)


Units = Annotated[float | None, PlainSerializer(whole_units_up, return_type=int | None)]


class Schema(BaseModel):
    """An answer schema; unknown fields are refused, so a test can check the JSON against it."""

    model_config = ConfigDict(extra="forbid")


class JudgedTarget(Schema):
    """The target a rule was judged against."""

    id: int | None
    rule: Rule
    value: float
    unit: str
    basis: str = Field(description="The rate basis, or the counted metric of a quota")
    scope: Scope
    year: int | None = Field(description="A quota's own year; null for every year")


class ReasonPublic(Schema):
    """Why a status is what it is, in the request's language (Accept-Language)."""

    code: str
    message: str


class FallbackCheck(Schema):
    """The min_growth fallback of a reach_rate, judged on the growth into the judged year."""

    target: JudgedTarget
    growth_pp: Pct
    growth_relative_pct: Pct
    met: bool | None = Field(description="null when a rate for the year or the one before is missing")


class RuleCompliance(Schema):
    """One rule's result for one archive, with every figure the data allow."""

    rule: Rule
    status: ComplianceStatus
    status_label: str = Field(description="The status in words, in the request's language")
    target: JudgedTarget
    as_of_year: int
    judged_year: int | None = Field(description="min(as-of year, plan end) for reach_rate; a quota's year")
    rate_pct: Pct
    previous_rate_pct: Pct
    growth_pp: Pct
    growth_relative_pct: Pct
    pace_pp_per_year: Pct
    pace_from_year: int | None
    projected_rate_pct: Pct = Field(description="The rate at the plan's end year if the pace holds")
    required_pp_per_year: Pct
    required_per_year: Units = Field(description="required_pp_per_year in the basis's unit (e.g. volumes a year)")
    years_to_target: Pct
    quota_added: int | None
    fallback: FallbackCheck | None
    figures_approved: bool | None = Field(description="Every report used is approved; null if none was used")
    reasons: list[ReasonPublic]


class ArchiveCompliance(Schema):
    """An archive's overall status (its worst rule status) and each rule's result."""

    archive_code: str
    archive_name: str
    level: Level
    kind: Kind
    parent_code: str | None
    status: ComplianceStatus | None = Field(description="null only when no target applies to the archive")
    status_label: str | None
    rules: list[RuleCompliance]


# Declared as one property per status (every status is always listed), so a generated
# client reads `counts.off_track` as a number rather than indexing a string-keyed map.
StatusCounts = Annotated[
    dict[ComplianceStatus, int],
    WithJsonSchema(
        {
            "type": "object",
            "properties": {status.value: {"type": "integer", "minimum": 0} for status in ComplianceStatus},
            "required": [status.value for status in ComplianceStatus],
            "additionalProperties": False,
        }
    ),
]


class ComplianceSummary(Schema):
    """Figures over the whole filtered set, not just the page."""

    counts: StatusCounts = Field(description="Archives per overall status, every status listed")


class CompliancePage(Page[ArchiveCompliance]):
    """A page of archives that some target of the plan applies to, judged as of `year`."""

    model_config = ConfigDict(extra="forbid")

    plan: str
    year: int
    approved_only: bool
    summary: ComplianceSummary


class SeriesPoint(Schema):
    """An archive's rate in one reported year, and its growth over the year before."""

    year: int
    rate_pct: Pct
    growth_pp: Pct


class ArchiveComplianceDetail(ArchiveCompliance):
    """One archive's compliance, with its yearly series for a chart."""

    plan: str
    year: int
    approved_only: bool
    series_basis: str = Field(description="The rate basis of the series: its reach_rate (or min_growth) target's")
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
    archive_name: str
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
    status: ComplianceStatus = Field(description="The reach_rate rule's status")
    rate_pct: Pct
    target_pct: float
    gap_pp: Pct


class Rollup(SubtreeCompliance):
    """Compliance of an archive's whole subtree, each child's subtree, and who is furthest behind."""

    plan: str
    year: int
    rate_year: int = Field(description="The year of the aggregate rates: min(year, plan end)")
    basis: str = Field(description="The plan's reach_rate basis")
    approved_only: bool
    children: list[SubtreeCompliance]
    furthest_behind: list[BehindTarget] = Field(description="Up to ten archives, the largest gap first")
