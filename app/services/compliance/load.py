"""What the compliance rules read, loaded as plain rows in a fixed number of queries.

Never one query per archive: archives, targets and reports each come in one SELECT of
columns, and only the report years the rules look at are read: Ye-3..Ye with
Ye = min(Y, plan end), Y-1 and Y, and each quota's year and the one before. The many rows
(archives, reports) are read straight off the database cursor as plain tuples: no ORM
objects and no Row objects, as their columns are plain integers and strings.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import Select, func, select
from sqlmodel import Session

from app.domain import hierarchy
from app.domain.compliance import TargetRow, YearFigures
from app.models import Plan, Report, Target
from app.models.report import ReportStatus
from app.services.hierarchy import ArchiveRow as ArchiveRow

# Below this many archives the report query names them; above it, it reads every archive's.
ARCHIVES_NAMED_IN_QUERY = 500
PACE_WINDOW_YEARS = 3

REPORT_COLUMNS = (
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
    Report.status,
)
# A report as loaded: (archive_code, year, the eight counts in YearFigures order, review status).
ReportRow = tuple[str, int, int, int, int | None, int | None, int | None, int | None, int | None, int | None, str]


def plain_rows(session: Session, query: Select[Any]) -> list[tuple[Any, ...]]:
    """The query's rows as the database driver returns them: plain tuples."""
    result = session.connection().execute(query)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def year_figures(row: ReportRow) -> YearFigures:
    """A loaded report as the rules read it."""
    return YearFigures(*row[1:10], approved=row[10] == ReportStatus.approved)


def load_target_rows(session: Session, plan_code: str) -> list[TargetRow]:
    """The plan's targets, in the order they were set."""
    query = select(
        Target.rule,
        Target.value,
        Target.unit,
        Target.basis,
        Target.level,
        Target.kind,
        Target.archive_code,
        Target.id,
        Target.year,
    ).where(Target.plan_code == plan_code)
    return [TargetRow(*row) for row in session.connection().execute(query.order_by(Target.id))]


def latest_report_year(session: Session, *, approved_only: bool) -> int | None:
    """The latest year any report (any approved one, with approved_only) exists for."""
    query = select(func.max(Report.year))
    if approved_only:
        query = query.where(Report.status == ReportStatus.approved)
    return session.scalar(query)


def years_judged(plan: Plan, targets: Iterable[TargetRow], as_of: int) -> set[int]:
    """The report years the rules read when judging as of `as_of`."""
    judged = min(as_of, plan.end_year)
    years = set(range(judged - PACE_WINDOW_YEARS, judged + 1)) | {as_of - 1, as_of}
    for target in targets:
        if target.rule == "annual_quota" and target.year is not None and target.year <= as_of:
            years |= {target.year - 1, target.year}
    return years


def load_report_rows(
    session: Session, *, years: Collection[int] | None, archive_codes: Collection[str] | None, approved_only: bool
) -> dict[str, list[ReportRow]]:
    """Archive code -> its reports in the years (every year when None), oldest first."""
    query = select(*REPORT_COLUMNS)
    if years is not None:
        query = query.where(Report.year.in_(sorted(years)))
    if archive_codes is not None and len(archive_codes) <= ARCHIVES_NAMED_IN_QUERY:
        query = query.where(Report.archive_code.in_(sorted(archive_codes)))
    if approved_only:
        query = query.where(Report.status == ReportStatus.approved)
    rows: dict[str, list[ReportRow]] = defaultdict(list)
    for row in plain_rows(session, query.order_by(Report.archive_code, Report.year)):
        rows[row[0]].append(row)
    return rows


def subtree_codes(archives: Iterable[ArchiveRow], root: str) -> list[str]:
    """The root and every archive below it, walked over the (code, parent_code) pairs."""
    return hierarchy.subtree(hierarchy.children_of((archive.code, archive.parent_code) for archive in archives), root)
