"""Each archive judged by the rules and written up as its answer, remembered while its inputs stay.

Judging is a pure function of (archive, plan, targets, reports, as-of year, language), so
its Judgement (the rules' result and the answer written as JSON and as CSV rows) is kept in a bounded LRU
cache keyed on exactly those inputs, as plain tuples (cheap to hash and compare). Nothing
needs invalidating: a changed report, target or archive is a different key, and a request
after one report changed re-judges only that archive. A whole country's list is then
written by joining the archives' JSON (or CSV rows). Judgements are shared: callers never change them.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from app.domain.compliance import (
    ArchiveResult,
    PlanSpec,
    TargetRow,
    TargetSpec,
    evaluate_archive,
    select_targets,
)
from app.models import Plan
from app.models.compliance import ArchiveCompliance, NotReported
from app.present.compliance_csv import archive_rows
from app.services.compliance.answers import archive_answer
from app.services.compliance.load import ArchiveRow, ReportRow, year_figures

# Three and a half whole-country lists (3,300 archives each); at some 8 KB an archive,
# about 100 MB a worker when full.
JUDGED_CACHE_SIZE = 12_000


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
    """One archive judged: the rules' result, and its answer written as JSON and CSV in one language."""

    archive: ArchiveRow
    result: ArchiveResult
    lang: str
    json: bytes
    csv_rows: tuple[tuple[object, ...], ...]  # its CSV rows, one per rule
    status: str | None  # the result's overall status, at hand for counting thousands
    not_reported: NotReported | None = None  # a round the archive has not reported in (app.services.rounds.notices)

    def answer(self) -> ArchiveCompliance:
        """The answer as a model (built anew: the cache keeps only the compact result and JSON)."""
        return archive_answer(self.archive, self.result, self.lang, self.not_reported)


@lru_cache(maxsize=JUDGED_CACHE_SIZE)
def judged_archive(
    archive: ArchiveRow,
    plan: PlanKey,
    targets: tuple[TargetKey, ...],
    reports: tuple[ReportRow, ...],
    as_of: int,
    lang: str,
    not_reported: NotReported | None = None,
) -> Judgement:
    """The archive judged as of the year, written up in the language."""
    result = evaluate_archive(
        PlanSpec(*plan),
        [TargetSpec(*target) for target in targets],
        {row[1]: year_figures(row) for row in reports},
        as_of,
    )
    answer = archive_answer(archive, result, lang, not_reported)
    return Judgement(
        archive,
        result,
        lang,
        answer.model_dump_json().encode(),
        tuple(archive_rows(answer)),
        result.status,
        not_reported,
    )
