"""An archive's rule results written up as its answer, in one language.

The answers are built with model_construct from values the rules already checked (no
validation on a path that serves thousands of archives at once); the figures stay exact
in them and are rounded by the schema's serializers when written out. Reasons are
rendered in the language asked for.
"""

from collections.abc import Iterable
from functools import lru_cache

from app.domain.compliance import ArchiveResult, GrowthCheck, Reason, RuleResult, SeriesYear, TargetSpec
from app.domain.hierarchy import ArchiveRow
from app.domain.reasons import render_reason
from app.domain.vocabulary import STATUS_LABELS, Rule, Scope, Status
from app.models.common import Kind, Level
from app.models.compliance import (
    ArchiveCompliance,
    FallbackCheck,
    JudgedTarget,
    NotReported,
    ReasonPublic,
    RuleCompliance,
    SeriesPoint,
)


def archive_answer(
    archive: ArchiveRow, result: ArchiveResult, lang: str, not_reported: NotReported | None = None
) -> ArchiveCompliance:
    """The answer for one archive from the rules' result; `not_reported` is said where a rule lacks the
    year's report: no_data, or missed for want of the final report."""
    status = None if result.status is None else Status(result.status)
    no_data = any(
        rule.status == Status.no_data or any(reason.code == "no_final_report" for reason in rule.reasons)
        for rule in result.rules
    )
    return ArchiveCompliance.model_construct(
        archive_code=archive.code,
        archive_name=archive.name,
        level=Level(archive.level),
        kind=Kind(archive.kind),
        parent_code=archive.parent_code,
        status=status,
        status_label=None if status is None else STATUS_LABELS[status][lang],
        rules=[rule_answer(rule, lang) for rule in result.rules],
        not_reported=not_reported if no_data else None,
    )


def rule_answer(result: RuleResult, lang: str) -> RuleCompliance:
    """One rule's answer: its status, its figures unrounded, its reasons in words."""
    return RuleCompliance.model_construct(
        rule=Rule(result.rule),
        status=Status(result.status),
        status_label=STATUS_LABELS[result.status][lang],
        target=judged_target(result.target),
        as_of_year=result.as_of_year,
        judged_year=result.judged_year,
        rate_pct=result.rate_pct,
        previous_rate_pct=result.previous_rate_pct,
        growth_from_year=result.growth_from_year,
        growth_pp=result.growth_pp,
        growth_relative_pct=result.growth_relative_pct,
        pace_pp_per_year=result.pace_pp_per_year,
        pace_from_year=result.pace_from_year,
        projected_rate_pct=result.projected_rate_pct,
        required_pp_per_year=result.required_pp_per_year,
        required_per_year=result.required_per_year,
        required_per_year_with_growth=result.required_per_year_with_growth,
        holdings_trend_per_year=result.holdings_trend_per_year,
        shortfall_units=result.shortfall_units,
        years_to_target=result.years_to_target,
        quota_added=result.quota_added,
        fallback=None if result.fallback is None else fallback_check(result.fallback),
        figures_approved=result.figures_approved,
        reasons=reason_answers(result.reasons, lang),
    )


def reason_answers(reasons: Iterable[Reason], lang: str) -> list[ReasonPublic]:
    """The reasons in words, in the language."""
    return [ReasonPublic.model_construct(code=reason.code, message=render_reason(reason, lang)) for reason in reasons]


def series_answer(point: SeriesYear, lang: str) -> SeriesPoint:
    """One year of an archive's series, with why its rate moved."""
    return SeriesPoint.model_construct(
        year=point.year,
        rate_pct=point.rate_pct,
        growth_pp=point.growth_pp,
        digitization_effect_pp=point.digitization_effect_pp,
        holdings_effect_pp=point.holdings_effect_pp,
        reasons=reason_answers(point.reasons, lang),
    )


@lru_cache(maxsize=4096)
def judged_target(target: TargetSpec) -> JudgedTarget:
    """The target as answers show it; one shared answer per target (answers are never changed)."""
    return JudgedTarget.model_construct(
        id=target.target_id,
        rule=Rule(target.rule),
        value=target.value,
        unit=target.unit,
        basis=target.basis,
        scope=Scope(target.scope),
        year=target.year,
        under=target.under,
    )


def fallback_check(check: GrowthCheck) -> FallbackCheck:
    return FallbackCheck.model_construct(
        target=judged_target(check.target),
        growth_pp=check.growth_pp,
        growth_relative_pct=check.growth_relative_pct,
        met=check.met,
        growth_from_year=check.from_year,
    )
