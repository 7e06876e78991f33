"""What the compliance rules read, loaded as typed records in a fixed number of queries.

Never one query per archive: archives, targets and reports each come in one SELECT of
columns, and only the report years the rules look at are read (app.domain.compliance.
years_read). The many rows (archives, reports) are read straight off the database cursor
and become the records the rules read (YearFigures): no ORM objects, no Row objects.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any, NamedTuple

from sqlalchemy import Executable, func, select
from sqlmodel import Session, col

from app.db.change_stamp import stamped
from app.domain import hierarchy
from app.domain.compliance import PlanSpec, TargetRow, YearFigures
from app.models import Plan, Report, Target
from app.models.report import ReportStatus
from app.services import hierarchy as archive_hierarchy
from app.services.hierarchy import ArchiveRow as ArchiveRow
from app.services.plans import get_plan

# Below this many archives a query names them; above it, it reads every archive's.
ARCHIVES_NAMED_IN_QUERY = 500
# Up to this many archives (one archive's page, a what-if) their reports are read afresh, not kept.
ARCHIVES_READ_AFRESH = 20

# The archive's code, then YearFigures' fields in order (approved: whether the report is).
REPORT_COLUMNS = (
    *(
        col(column)
        for column in (
            Report.archive_code,
            Report.year,
            Report.holdings_volumes,
            Report.digitized_volumes,
            Report.holdings_items,
            Report.digitized_items,
            Report.holdings_pages,
            Report.digitized_pages,
            Report.catalog_entries,
            Report.fulltext_pages,
        )
    ),
    col(Report.status) == ReportStatus.approved,
)


class Hierarchy:
    """Every archive, by code, with the chain from each one up to its root."""

    def __init__(self, archives: list[ArchiveRow]) -> None:
        self.archives = archives
        self.by_code = {archive.code: archive for archive in archives}
        self._parents = {archive.code: archive.parent_code for archive in archives}
        self._chains: dict[str, tuple[str, ...]] = {}
        self._children: dict[str | None, list[str]] | None = None

    def chain(self, code: str) -> tuple[str, ...]:
        """The archive, its parent, ... up to its root."""
        found = self._chains.get(code)
        if found is None:
            found = self._chains[code] = (code, *hierarchy.ancestors(self._parents.get, code))
        return found

    def subtree(self, root: str) -> list[ArchiveRow]:
        """The root and every archive below it (an empty list for an unknown root)."""
        if root not in self.by_code:
            return []
        if self._children is None:
            self._children = hierarchy.children_of(self._parents.items())
        return [self.by_code[code] for code in hierarchy.subtree(self._children, root)]

    def bound(self, plan: PlanSpec) -> list[ArchiveRow]:
        """The archives the plan binds: all, or those at and below its `under`."""
        if plan.under is None:
            return self.archives
        return [archive for archive in self.archives if plan.under in self.chain(archive.code)]


def plan_spec(plan: Plan) -> PlanSpec:
    return PlanSpec(plan.code, plan.start_year, plan.end_year, plan.baseline_year, plan.under)


class KeptPlan(NamedTuple):
    """A plan as the rules read it, and the plan it follows."""

    spec: PlanSpec
    follows: str | None


def load_plan(session: Session, code: str) -> KeptPlan:
    """The plan with this code, or PlanNotFound (kept in a read session while the stamp stands)."""
    return stamped(session, ("plan", code), lambda: _kept_plan(get_plan(session, code)), reads=("plan",))


def _kept_plan(plan: Plan) -> KeptPlan:
    return KeptPlan(plan_spec(plan), plan.follows)


def plain_rows(session: Session, query: Executable, parameters: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """The query's rows as the database driver returns them: plain tuples."""
    result = session.connection().execute(query, parameters)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def load_archives(session: Session) -> Hierarchy:
    """Every archive, ordered by code (in a read session, the same Hierarchy, its chains
    remembered, while no archive changes: app.db.change_stamp)."""
    return stamped(
        session, "hierarchy", lambda: Hierarchy(list(archive_hierarchy.load_archives(session))), reads=("archive",)
    )


def load_target_rows(session: Session, plan_code: str) -> tuple[TargetRow, ...]:
    """The plan's targets, in the order they were set (kept in a read session while the stamp stands)."""
    return stamped(session, ("targets", plan_code), lambda: _load_target_rows(session, plan_code), reads=("target",))


def _load_target_rows(session: Session, plan_code: str) -> tuple[TargetRow, ...]:
    query = select(Target).where(col(Target.plan_code) == plan_code).order_by(col(Target.id))
    return tuple(
        TargetRow(
            rule=target.rule,
            value=target.value,
            unit=target.unit,
            basis=target.basis,
            level=target.level,
            kind=target.kind,
            archive_code=target.archive_code,
            target_id=target.id,
            year=target.year,
            under=target.under,
        )
        for target in session.scalars(query)
    )


def latest_report_year(
    session: Session, plan: PlanSpec, archive_codes: Collection[str] | None, *, approved_only: bool
) -> int | None:
    """The latest year, never after the plan's end, that one of the archives (any, when None)
    has a report (an approved one, with approved_only) for (for any archive, kept in a read
    session while the stamp stands)."""
    if archive_codes is None:
        key = ("latest report year", plan.end_year, approved_only)
        return stamped(session, key, lambda: _latest_report_year(session, plan, None, approved_only), reads=("report",))
    return _latest_report_year(session, plan, archive_codes, approved_only)


def _latest_report_year(
    session: Session, plan: PlanSpec, archive_codes: Collection[str] | None, approved_only: bool
) -> int | None:
    query = select(func.max(col(Report.year))).where(col(Report.year) <= plan.end_year)
    if archive_codes is not None:
        query = query.where(col(Report.archive_code).in_(sorted(archive_codes)))
    if approved_only:
        query = query.where(col(Report.status) == ReportStatus.approved)
    return session.scalar(query)


def load_reports(
    session: Session, *, years: Collection[int] | None, archive_codes: Collection[str] | None, approved_only: bool
) -> dict[str, tuple[YearFigures, ...]]:
    """Archive code -> its reports in the years (every year when None), oldest first.

    The reports of many archives (a list, a rollup) are kept, in a read session, while no
    report changes (app.db.change_stamp); callers never change what they are given."""
    if archive_codes is not None and len(archive_codes) <= ARCHIVES_READ_AFRESH:
        return _load_reports(session, years, archive_codes, approved_only)
    named = None if archive_codes is None or len(archive_codes) > ARCHIVES_NAMED_IN_QUERY else frozenset(archive_codes)
    key = ("reports", None if years is None else frozenset(years), approved_only, named)
    return stamped(session, key, lambda: _load_reports(session, years, named, approved_only), reads=("report",))


def _load_reports(
    session: Session, years: Collection[int] | None, archive_codes: Collection[str] | None, approved_only: bool
) -> dict[str, tuple[YearFigures, ...]]:
    query = select(*REPORT_COLUMNS)
    if years is not None:
        # `year + 0`: SQLite then walks the (archive_code, year) unique index in the order asked for
        # instead of sorting what the year index finds (twice as fast for a whole country).
        query = query.where((col(Report.year) + 0).in_(sorted(years)))
    if archive_codes is not None:
        query = query.where(col(Report.archive_code).in_(sorted(archive_codes)))
    if approved_only:
        query = query.where(col(Report.status) == ReportStatus.approved)
    reports: dict[str, list[YearFigures]] = defaultdict(list)
    for code, *figures in plain_rows(session, query.order_by(col(Report.archive_code), col(Report.year))):
        reports[code].append(YearFigures(*figures))
    return {code: tuple(figures) for code, figures in reports.items()}


def subtree_codes(archives: Iterable[ArchiveRow], root: str) -> list[str]:
    """The root and every archive below it, walked over the (code, parent_code) pairs."""
    return hierarchy.subtree(hierarchy.children_of((archive.code, archive.parent_code) for archive in archives), root)
