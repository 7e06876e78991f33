"""Compliance: is each archive on track for the plan's targets, and why (no HTTP here).

- Only archives the plan binds (all, or those at and below its `under`) and that some
  target of the plan applies to are judged and listed.
- The as-of year Y defaults to the plan's own: the latest year, never after its end year,
  for which an archive it binds has a report (an approved one, with approved_only); with
  no report at all, the plan's start year.
- The tree judged is the one `structure` names (app.services.compliance.structure): as it
  stood on 31 December of the year (as_of, the default), or today's with earlier figures
  carried forward (current). parent_code selects the archives directly below that archive in
  it; under selects the archive and its whole subtree.
- Summary counts (and summary.total) are over the whole filtered set before the status
  filter, not the page: a status filter narrows the items and `total`, never the counts.
- approved_only judges on approved reports alone, as if the others were not there.
- The list reads a fixed number of queries however many archives there are
  (app.services.compliance.load); the rules run per archive in Python
  (app.services.compliance.items).

The service's API for other answers (CSV, XLSX, charts): filtered_compliance(...) gives the
judged archives (.items, .answers(), .page(), .page_json(), .chosen(), .counts);
app.services.compliance.archive one archive and the what-if; app.services.compliance.rollup
a subtree; app.present.compliance_csv the CSV rows of .chosen().
"""

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlmodel import Session

from app import errors
from app.domain.clock import RoundClock
from app.domain.compliance import PlanSpec, TargetRow, TargetSpec, YearFigures, needs_every_year, years_read
from app.domain.hierarchy import ArchiveRow, Hierarchy
from app.i18n import Text
from app.models.compliance import ArchiveCompliance, CompliancePage, ComplianceSummary, Status, StatusCounts
from app.services.compliance.items import Judgement, TargetIndex, calendar_day, calendar_year, judged_archive
from app.services.compliance.load import latest_report_year, load_plan, load_reports, load_target_rows
from app.services.compliance.structure import Frame, Structure, carried_of, frame_for
from app.services.hierarchy import load_hierarchy
from app.services.ordering import sorted_rows
from app.services.rounds.notices import not_reported_notices


@dataclass(frozen=True, slots=True)
class ComplianceFilters:
    """Which archives a list shows; approved_only also changes what they are judged on."""

    level: str | None = None
    kind: str | None = None
    parent_code: str | None = None  # the archives directly below this one
    under: str | None = None  # this archive and its whole subtree
    statuses: frozenset[str] = field(default_factory=frozenset)
    approved_only: bool = False
    structure: Structure = Structure.as_of  # the tree judged (app.services.compliance.structure)


@dataclass(frozen=True, slots=True)
class Judged:
    """Archives judged for one plan as of one year."""

    plan: PlanSpec
    year: int
    judgements: list[Judgement]  # in archive code order; only archives some target applies to
    reports: Mapping[str, tuple[YearFigures, ...]]  # the reports they were judged on, by archive code
    targets: tuple[TargetRow, ...]  # the plan's targets


def as_of_year(
    session: Session, plan: PlanSpec, year: int | None, hierarchy: Hierarchy | None, *, approved_only: bool
) -> int:
    """The year given, else the plan's own default (see the module's docstring)."""
    if year is not None:
        return year
    codes = None if plan.under is None or hierarchy is None else [row.code for row in hierarchy.bound(plan.under)]
    latest = latest_report_year(session, plan, codes, approved_only=approved_only)
    return plan.start_year if latest is None else latest


def judge(
    session: Session,
    plan: PlanSpec,
    year: int | None,
    hierarchy: Hierarchy,
    archives: Sequence[ArchiveRow],
    *,
    approved_only: bool,
    lang: str,
    clock: RoundClock,
    frame: Frame | None = None,
) -> Judged:
    """Judge those of the archives the plan binds, as of the year, in a fixed number of queries; in the
    frame's structure (its names, and with structure=current its carried figures) when given."""
    as_of = as_of_year(session, plan, year, hierarchy, approved_only=approved_only)
    if plan.under is not None:
        archives = [archive for archive in archives if plan.under in hierarchy.chain(archive.code)]
    target_rows = load_target_rows(session, plan.code)
    index = TargetIndex(target_rows, hierarchy)
    reports = load_reports(
        session,
        years=years_read(plan, target_rows, as_of),
        archive_codes=[archive.code for archive in archives],
        approved_only=approved_only,
    )
    bound = [(archive, index.for_archive(archive)) for archive in archives]
    earlier = _every_year(session, plan, as_of, bound, reports, approved_only=approved_only)
    if earlier:
        reports = {**reports, **earlier}  # the loaded dict is shared (kept): never changed in place
    carried: Mapping[str, Mapping[int, frozenset[str]]] = {}
    if frame is not None:
        reports, carried = frame.carry(
            session, reports, years_read(plan, target_rows, as_of), approved_only=approved_only
        )
    judgements = []
    judged_codes = [archive.code for archive, targets in bound if targets]
    notices, now = not_reported_notices(session, as_of, clock, judged_codes), calendar_year(clock)
    for archive, targets in bound:
        if targets:
            rows, notice = reports.get(archive.code, ()), notices.get(archive.code)
            shown, name_in_year = (archive, None) if frame is None else frame.shown(archive)
            judgement = judged_archive(
                shown, plan, targets, rows, as_of, lang, notice, now, name_in_year, carried_of(carried, archive.code)
            )
            if judgement.status is not None:
                judgements.append(judgement)
    return Judged(plan, as_of, judgements, reports, target_rows)


def _every_year(
    session: Session,
    plan: PlanSpec,
    as_of: int,
    bound: Sequence[tuple[ArchiveRow, Sequence[TargetSpec]]],
    reports: Mapping[str, tuple[YearFigures, ...]],
    *,
    approved_only: bool,
) -> dict[str, tuple[YearFigures, ...]]:
    """Every report of the archives whose no_final_report must name their latest rate of any year
    (app.domain.compliance.needs_every_year): few, once a plan has ended; none before."""
    if as_of < plan.end_year:  # none before: no archive's reports need looking at
        return {}
    lacking = [
        archive.code
        for archive, targets in bound
        if targets and needs_every_year(plan, targets, {f.year: f for f in reports.get(archive.code, ())}, as_of)
    ]
    if not lacking:
        return {}
    found = load_reports(session, years=None, archive_codes=lacking, approved_only=approved_only)
    return {code: found[code] for code in lacking if code in found}


def select_archives(
    hierarchy: Hierarchy, filters: ComplianceFilters, registered: Collection[str] | None = None
) -> list[ArchiveRow]:
    """The archives of the tree the filters name; ArchiveNotFound for a parent_code or under not
    registered (registered: every code; default: the tree's), nothing for one not in the tree.

    parent_code: the archives directly below it; under: the archive and its whole subtree."""
    archives = list(hierarchy.archives)
    known = hierarchy.by_code if registered is None else registered
    for parameter, code in (("parent_code", filters.parent_code), ("under", filters.under)):
        if code is not None and code.upper() not in known:
            raise errors.ArchiveNotFound(
                Text(f"{parameter}: no archive with code {code!r}", f"{parameter}：不存在代码为 {code!r} 的档案馆")
            )
    if filters.under is not None:
        subtree = {archive.code for archive in hierarchy.subtree(filters.under.upper())}
        archives = [archive for archive in archives if archive.code in subtree]
    if filters.parent_code is not None:
        parent = filters.parent_code.upper()
        archives = [archive for archive in archives if archive.parent_code == parent]
    return [
        archive
        for archive in archives
        if filters.level in (None, archive.level) and filters.kind in (None, archive.kind)
    ]


@dataclass(frozen=True, slots=True)
class ComplianceList:
    """The filtered archives judged: pages of them as answers or as JSON, and counts over all
    (before the status filter)."""

    plan: str
    year: int
    approved_only: bool
    judgements: list[Judgement]  # those the status filter keeps
    counts: StatusCounts  # over the filtered set before the status filter
    unfiltered_total: int  # archives in that set
    structure: Structure = Structure.as_of

    def ordered(self, order: str | None) -> "ComplianceList":
        """The same list sorted by `field` or `-field` (ties, and no order: by archive code)."""
        return replace(self, judgements=sorted_rows(order, self.judgements, JUDGEMENT_ORDER))

    @property
    def items(self) -> list[ArchiveCompliance]:
        """Every archive's answer, in code order."""
        return list(self.answers())

    def answers(self, limit: int | None = None, offset: int = 0) -> Iterator[ArchiveCompliance]:
        """Each archive's answer, in code order (built as they are read)."""
        chosen = self.judgements[offset:] if limit is None else self.judgements[offset : offset + limit]
        return (judgement.answer() for judgement in chosen)

    def page(self, limit: int, offset: int) -> CompliancePage:
        """A page of answers, with counts over every archive listed."""
        return self._page(list(self.answers(limit, offset)), limit, offset)

    def page_json(self, limit: int, offset: int) -> bytes:
        """The same page as JSON, joined from the archives' own JSON (items is the page's first field)."""
        rest = self._page([], limit, offset).model_dump_json().encode().removeprefix(b'{"items":[],')
        parts = [b'{"items":[']
        for judgement in self.judgements[offset : offset + limit]:
            parts += (judgement.json, b",")
        parts[-1] = b"]," if len(parts) > 1 else b'{"items":[],'
        # One join, one buffer: a national list is some 4 MB, and every extra copy of it costs.
        return b"".join((*parts, rest))

    def chosen(self, limit: int | None = None, offset: int = 0) -> list[Judgement]:
        """The judged archives of a page, in code order (app.present.compliance_csv writes them)."""
        return self.judgements[offset:] if limit is None else self.judgements[offset : offset + limit]

    def _page(self, items: list[ArchiveCompliance], limit: int, offset: int) -> CompliancePage:
        return CompliancePage.model_construct(
            items=items,
            total=len(self.judgements),
            limit=limit,
            offset=offset,
            plan=self.plan,
            year=self.year,
            structure=self.structure,
            approved_only=self.approved_only,
            summary=ComplianceSummary.model_construct(counts=self.counts, total=self.unfiltered_total),
        )


STATUS_RANK = {status.value: rank for rank, status in enumerate(Status)}  # worst first
JUDGEMENT_ORDER: dict[str, Callable[[Judgement], object]] = {
    "archive_code": lambda judgement: judgement.archive.code,
    "archive_name": lambda judgement: judgement.archive.name,
    "level": lambda judgement: judgement.archive.level,
    "status": lambda judgement: STATUS_RANK.get(judgement.status or ""),
}


def status_counts(statuses: Iterable[str | None]) -> StatusCounts:
    """Archives per overall status, every status listed, worst first."""
    counted = Counter(statuses)
    return {status: counted[status] for status in Status}


def filtered_compliance(
    session: Session, plan_code: str, year: int | None, filters: ComplianceFilters, lang: str, clock: RoundClock
) -> ComplianceList:
    """The archives the filters select, judged as of the year (default: the latest reported)."""
    plan = load_plan(session, plan_code).spec
    registered = load_hierarchy(session)
    as_of = as_of_year(session, plan, year, registered, approved_only=filters.approved_only)
    frame = frame_for(session, filters.structure, as_of, calendar_day(clock))
    archives = select_archives(frame.tree, filters, registered.by_code)
    judged = judge(
        session,
        plan,
        as_of,
        frame.tree,
        archives,
        approved_only=filters.approved_only,
        lang=lang,
        clock=clock,
        frame=frame,
    )
    kept = [entry for entry in judged.judgements if not filters.statuses or entry.status in filters.statuses]
    counts = status_counts(entry.status for entry in judged.judgements)
    total = len(judged.judgements)
    return ComplianceList(plan.code, judged.year, filters.approved_only, kept, counts, total, filters.structure)
