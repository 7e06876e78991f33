"""Each archive judged by the rules and written up as its answer, remembered while its inputs stay.

Judging is a pure function of (archive, plan, targets, reports, as-of year, language), so
its Judgement (the rules' result and the answer written as JSON) is kept in
a bounded LRU cache keyed on exactly those inputs, as frozen records (cheap to hash and
compare). Nothing needs invalidating: a changed report, target or archive is a different
key, and a request after one report changed re-judges only that archive. A whole country's
list is then written by joining the archives' JSON (app.present.compliance_csv keeps each
judgement's CSV rows the same way). Judgements are shared:
callers never change them.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from app.domain.clock import RoundClock
from app.domain.compliance import (
    ArchiveResult,
    PlanSpec,
    TargetRow,
    TargetSpec,
    YearFigures,
    evaluate_archive,
    select_targets,
)
from app.domain.hierarchy import ArchiveRow, Hierarchy
from app.models.compliance import ArchiveCompliance, NotReported
from app.services.compliance.answer_json import answer_json
from app.services.compliance.answers import archive_answer

# Three and a half whole-country lists (3,300 archives each); at some 8 KB an archive,
# about 100 MB a worker when full.
JUDGED_CACHE_SIZE = 12_000


class TargetIndex:
    """The plan's targets by whom they may bind: each level's defaults, and overrides by archive."""

    def __init__(self, rows: Iterable[TargetRow], hierarchy: Hierarchy) -> None:
        self._hierarchy = hierarchy
        self._defaults: dict[str | None, list[TargetRow]] = defaultdict(list)
        self._overrides: dict[str, list[TargetRow]] = defaultdict(list)
        for row in rows:
            if row.archive_code is None:
                self._defaults[row.level].append(row)
            else:
                self._overrides[row.archive_code].append(row)
        self._unders = {row.under for rows in self._defaults.values() for row in rows if row.under is not None}
        self._shared: dict[tuple[object, ...], tuple[TargetSpec, ...]] = {}

    def for_archive(self, archive: ArchiveRow) -> tuple[TargetSpec, ...]:
        """The targets binding the archive (app.domain.targets.select_targets)."""
        chain = self._hierarchy.chain(archive.code)
        overrides = self._overrides.get(archive.code)
        if overrides:
            rows = sorted([*self._defaults[archive.level], *overrides], key=lambda row: row.target_id or 0)
            return self._select(archive, chain, rows)
        regions = tuple(code for code in chain if code in self._unders)
        key = (archive.level, archive.kind, regions)
        if key not in self._shared:
            self._shared[key] = self._select(archive, chain, self._defaults[archive.level])
        return self._shared[key]

    @staticmethod
    def _select(archive: ArchiveRow, chain: Sequence[str], rows: Sequence[TargetRow]) -> tuple[TargetSpec, ...]:
        return tuple(select_targets(rows, chain=chain, level=archive.level, kind=archive.kind))


@dataclass(frozen=True, slots=True, eq=False)
class Judgement:
    """One archive judged: the rules' result, and its answer written as JSON in one language.

    Compared and hashed by identity: the same judgement is handed out while it is kept, so a
    writer can keep what it made of one (app.present.compliance_csv keeps its CSV rows)."""

    archive: ArchiveRow
    result: ArchiveResult
    lang: str
    json: bytes
    status: str | None  # the result's overall status, at hand for counting thousands
    not_reported: NotReported | None = None  # a round the archive has not reported in (app.services.rounds.notices)

    def answer(self) -> ArchiveCompliance:
        """The answer as a model (built anew: the cache keeps only the compact result and JSON)."""
        return archive_answer(self.archive, self.result, self.lang, self.not_reported)


def calendar_year(clock: RoundClock) -> int:
    """The calendar year now in LANTAI_TIMEZONE: a year before it has ended (a quota for it is final)."""
    return clock.now.astimezone(ZoneInfo(clock.zone)).year


@lru_cache(maxsize=JUDGED_CACHE_SIZE)
def judged_archive(
    archive: ArchiveRow,
    plan: PlanSpec,
    targets: tuple[TargetSpec, ...],
    reports: tuple[YearFigures, ...],
    as_of: int,
    lang: str,
    not_reported: NotReported | None = None,
    current_year: int | None = None,
) -> Judgement:
    """The archive judged as of the year (current_year: the calendar year now), written up in the language."""
    result = evaluate_archive(plan, targets, {figures.year: figures for figures in reports}, as_of, current_year)
    return Judgement(
        archive, result, lang, answer_json(archive, result, lang, not_reported), result.status, not_reported
    )
