"""An archive's rule results written up as its answer, in one language.

The answers are built with model_construct from values the rules already checked (no
validation on a path that serves thousands of archives at once); the figures stay exact
in them and are rounded by the schema's serializers when written out. Reasons are
rendered in the language asked for.
"""

from functools import lru_cache

from app.domain.compliance import ArchiveResult, GrowthCheck, RuleResult, TargetSpec
from app.domain.reasons import STATUS_LABELS, render_reason
from app.models.common import Kind, Level
from app.models.compliance import (
    ArchiveCompliance,
    ComplianceStatus,
    FallbackCheck,
    JudgedTarget,
    NotReported,
    ReasonPublic,
    RuleCompliance,
    Scope,
)
from app.models.plan import Rule
from app.services.compliance.load import ArchiveRow


def archive_answer(
    archive: ArchiveRow, result: ArchiveResult, lang: str, not_reported: NotReported | None = None
) -> ArchiveCompliance:
    """The answer for one archive from the rules' result; `not_reported` is said where a rule is no_data."""
    status = None if result.status is None else ComplianceStatus(result.status)
    no_data = any(rule.status == ComplianceStatus.no_data for rule in result.rules)
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
        status=ComplianceStatus(result.status),
        status_label=STATUS_LABELS[result.status][lang],
        target=judged_target(result.target),
        as_of_year=result.as_of_year,
        judged_year=result.judged_year,
        rate_pct=result.rate_pct,
        previous_rate_pct=result.previous_rate_pct,
        growth_pp=result.growth_pp,
        growth_relative_pct=result.growth_relative_pct,
        pace_pp_per_year=result.pace_pp_per_year,
        pace_from_year=result.pace_from_year,
        projected_rate_pct=result.projected_rate_pct,
        required_pp_per_year=result.required_pp_per_year,
        required_per_year=result.required_per_year,
        years_to_target=result.years_to_target,
        quota_added=result.quota_added,
        fallback=None if result.fallback is None else fallback_check(result.fallback),
        figures_approved=result.figures_approved,
        reasons=[
            ReasonPublic.model_construct(code=reason.code, message=render_reason(reason, lang))
            for reason in result.reasons
        ],
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
    )


def fallback_check(check: GrowthCheck) -> FallbackCheck:
    return FallbackCheck.model_construct(
        target=judged_target(check.target),
        growth_pp=check.growth_pp,
        growth_relative_pct=check.growth_relative_pct,
        met=check.met,
    )
