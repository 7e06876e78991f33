"""Each archive judged by the rules and written up as its answer, remembered while its inputs stay.

Judging is a pure function of (archive, plan, targets, reports, as-of year, language), so
its Judgement (the rules' result and the answer written as JSON) is kept in a bounded LRU
cache keyed on exactly those inputs, as plain tuples (cheap to hash and compare). Nothing
needs invalidating: a changed report, target or archive is a different key, and a request
after one report changed re-judges only that archive. A whole country's list is then
written by joining the archives' JSON. Judgements are shared: callers never change them.

The answers are built with model_construct from values the rules already checked; the
figures stay exact in them and are rounded by the schema's serializers when written out.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from app.domain.compliance import (
    ArchiveResult,
    GrowthCheck,
    PlanSpec,
    RuleResult,
    TargetRow,
    TargetSpec,
    evaluate_archive,
    select_targets,
)
from app.domain.reasons import STATUS_LABELS, render_reason
from app.models import Plan
from app.models.common import Kind, Level
from app.models.compliance import (
    ArchiveCompliance,
    ComplianceStatus,
    FallbackCheck,
    JudgedTarget,
    ReasonPublic,
    RuleCompliance,
    Scope,
)
from app.models.plan import Rule
from app.services.compliance_load import ArchiveRow, ReportRow, year_figures

# Nearly five whole-country lists (3,300 archives each); at some 6 KB an archive, about 100 MB when full.
JUDGED_CACHE_SIZE = 16_000


class TargetKey(NamedTuple):
    """A TargetSpec as a plain tuple, its fields in the same order."""

    rule: str
    value: float
    unit: str
    basis: str
    scope: str
    target_id: int | None
    year: int | None


class PlanKey(NamedTuple):
    """A PlanSpec as a plain tuple, its fields in the same order."""

    code: str
    start_year: int
    end_year: int
    baseline_year: int | None


def target_key(target: TargetSpec) -> TargetKey:
    return TargetKey(target.rule, target.value, target.unit, target.basis, target.scope, target.target_id, target.year)


def plan_key(plan: Plan) -> PlanKey:
    return PlanKey(plan.code, plan.start_year, plan.end_year, plan.baseline_year)


class TargetIndex:
    """The plan's targets by whom they may bind: each level's defaults, and overrides by archive."""

    def __init__(self, rows: Iterable[TargetRow]) -> None:
        self._defaults: dict[str | None, list[TargetRow]] = defaultdict(list)
        self._overrides: dict[str, list[TargetRow]] = defaultdict(list)
        for row in rows:
            if row.archive_code is None:
                self._defaults[row.level].append(row)
            else:
                self._overrides[row.archive_code].append(row)
        self._by_level_and_kind: dict[tuple[str, str], tuple[TargetKey, ...]] = {}

    def for_archive(self, archive: ArchiveRow) -> tuple[TargetKey, ...]:
        """The targets binding the archive (app.domain.targets.select_targets), as plain tuples."""
        overrides = self._overrides.get(archive.code)
        if overrides:
            rows = sorted([*self._defaults[archive.level], *overrides], key=lambda row: row.target_id or 0)
            return self._select(archive, rows)
        key = (archive.level, archive.kind)
        if key not in self._by_level_and_kind:
            self._by_level_and_kind[key] = self._select(archive, self._defaults[archive.level])
        return self._by_level_and_kind[key]

    @staticmethod
    def _select(archive: ArchiveRow, rows: Sequence[TargetRow]) -> tuple[TargetKey, ...]:
        chosen = select_targets(rows, archive_code=archive.code, level=archive.level, kind=archive.kind)
        return tuple(target_key(target) for target in chosen)


@dataclass(frozen=True, slots=True)
class Judgement:
    """One archive judged: the rules' result, and its answer written as JSON in one language."""

    archive: ArchiveRow
    result: ArchiveResult
    lang: str
    json: bytes

    @property
    def status(self) -> str | None:
        return self.result.status

    def answer(self) -> ArchiveCompliance:
        """The answer as a model (built anew: the cache keeps only the compact result and JSON)."""
        return archive_answer(self.archive, self.result, self.lang)


@lru_cache(maxsize=JUDGED_CACHE_SIZE)
def judged_archive(
    archive: ArchiveRow,
    plan: PlanKey,
    targets: tuple[TargetKey, ...],
    reports: tuple[ReportRow, ...],
    as_of: int,
    lang: str,
) -> Judgement:
    """The archive judged as of the year, written up in the language."""
    result = evaluate_archive(
        PlanSpec(*plan), [TargetSpec(*target) for target in targets],
        {row[1]: year_figures(row) for row in reports}, as_of,
    )
    return Judgement(archive, result, lang, archive_answer(archive, result, lang).model_dump_json().encode())


def archive_answer(archive: ArchiveRow, result: ArchiveResult, lang: str) -> ArchiveCompliance:
    """The answer for one archive from the rules' result."""
    status = None if result.status is None else ComplianceStatus(result.status)
    return ArchiveCompliance.model_construct(
        archive_code=archive.code,
        archive_name=archive.name,
        level=Level(archive.level),
        kind=Kind(archive.kind),
        parent_code=archive.parent_code,
        status=status,
        status_label=None if status is None else STATUS_LABELS[status][lang],
        rules=[rule_answer(rule, lang) for rule in result.rules],
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
        id=target.target_id, rule=Rule(target.rule), value=target.value, unit=target.unit,
        basis=target.basis, scope=Scope(target.scope), year=target.year,
    )


def fallback_check(check: GrowthCheck) -> FallbackCheck:
    return FallbackCheck.model_construct(
        target=judged_target(check.target), growth_pp=check.growth_pp,
        growth_relative_pct=check.growth_relative_pct, met=check.met,
    )
