"""Yearly reports: read, check, and show with rates (the writes are in app.services.reports.writer).

A write is refused while the report is approved (ReportLocked), and, when the
client names the revision it last read (If-Match), unless that is still the
current one (PreconditionFailed). `report_public` is the one place a report's
answer is built (for a stored row and for a bulk write alike).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from app import errors
from app.db.change_stamp import may_keep
from app.domain.compliance import YearFigures, rate_pct
from app.domain.figures import FIGURE_NAMES
from app.domain.report_checks import figures_problems, year_problem
from app.domain.report_lifecycle import Figure, Figures, StoredVersion, is_locked
from app.i18n import Text
from app.models import Report, ReportRevision
from app.models.report import ReportColumns, ReportPublic, ReportStatus
from app.services import kept
from app.services.hierarchy import load_hierarchy
from app.services.kept import Steps, latest_steps
from app.services.ordering import sql_order


@dataclass(frozen=True)
class RevisionPrecondition:
    """The revisions a client accepts to overwrite (If-Match), or any existing report ("*")."""

    revisions: frozenset[int] = frozenset()
    any_existing: bool = False

    def holds_for(self, revision: int | None) -> bool:
        """True when the stored report (its revision; None: no report) is one the client accepts."""
        return revision is not None and (self.any_existing or revision in self.revisions)


RATE_FIELDS = {
    "rate_volumes_pct": "volumes",
    "rate_items_pct": "items",
    "rate_volumes_items_pct": "volumes_items",
    "rate_pages_pct": "pages",
}

COMPUTED_FIELDS = {*RATE_FIELDS, "warnings"}  # warnings: app.services.reports.warnings.with_warnings


def check_figures(figures: Figures, *, year: int, current_year: int) -> None:
    """Refuse a year out of range or figures that contradict each other."""
    problem = year_problem(year, current_year)
    if problem is not None:
        raise errors.YearOutOfRange(problem)
    problems = figures_problems(figures)
    if problems:
        raise errors.DigitizedExceedsHoldings(problems[0][1])


def find_report(session: Session, archive_code: str, year: int, *, for_update: bool = False) -> Report | None:
    """The current report of an archive for a year, if any; `for_update` locks its row until the commit."""
    query = select(Report).where(col(Report.archive_code) == archive_code, col(Report.year) == year)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalars(query).first()


def get_report(session: Session, archive_code: str, year: int, *, for_update: bool = False) -> Report:
    """The current report, or ReportNotFound."""
    report = find_report(session, archive_code, year, for_update=for_update)
    if report is None:
        raise report_not_found(archive_code, year)
    return report


def report_not_found(archive_code: str, year: int) -> errors.AppError:
    """The refusal of a report that does not exist."""
    return errors.ReportNotFound(
        Text(f"archive {archive_code!r} has no report for {year}", f"档案馆 {archive_code!r} 没有 {year} 年的年报")
    )


def check_precondition(revision: int | None, precondition: RevisionPrecondition | None) -> None:
    """Refuse with PreconditionFailed when the client's If-Match does not name the stored revision
    (None: there is no report)."""
    if precondition is None or precondition.holds_for(revision):
        return
    if revision is None:
        raise errors.PreconditionFailed(Text("If-Match: there is no report to match", "If-Match：该年报不存在"))
    raise errors.PreconditionFailed(
        Text(
            f"If-Match: the report is now at revision {revision}; read it again before you change it",
            f"If-Match：该年报已更新为第 {revision} 版，请重新读取后再修改",
        )
    )


def locked_text(archive_code: str, year: int) -> Text:
    """Why an approved report cannot change: the one wording, for a write and an import row alike."""
    return Text(
        f"the {year} report of {archive_code} is approved and locked; a supervisor must reopen it first",
        f"{archive_code} 的 {year} 年年报已审核通过并锁定，须由上级重新开放后才能修改",
    )


def check_unlocked(archive_code: str, year: int, status: str) -> None:
    """Refuse with ReportLocked while the report is approved."""
    if is_locked(status):
        raise errors.ReportLocked(locked_text(archive_code, year))


def report_key(archive_code: str, year: int) -> str:
    """How the audit trail names a report: "HN-CS/2023"."""
    return f"{archive_code}/{year}"


def list_reports(
    session: Session,
    archive_code: str,
    *,
    year_from: int | None,
    year_to: int | None,
    order: str | None = None,
    limit: int,
    offset: int,
) -> tuple[list[Report], int]:
    """A page of an archive's reports, oldest year first, and the total count."""
    conditions = [col(Report.archive_code) == archive_code]
    if year_from is not None:
        conditions.append(col(Report.year) >= year_from)
    if year_to is not None:
        conditions.append(col(Report.year) <= year_to)
    total = session.execute(select(func.count()).select_from(Report).where(*conditions)).scalar_one()
    year = [col(Report.year)]
    sort = sql_order(order, ARCHIVE_REPORT_ORDER, default=year, tiebreak=year)
    rows = session.scalars(select(Report).where(*conditions).order_by(*sort).limit(limit).offset(offset))
    return list(rows), total


ARCHIVE_REPORT_ORDER = {name: col(getattr(Report, name)) for name in ("year", "status", "submitted_at", "reviewed_at")}


def last_changed(session: Session, report: Report) -> datetime:
    """The latest write or review step the report's answer depends on, for Last-Modified.

    Its own submission and review, and (its warnings read them: app.services.kept.PROVINCE_FIGURES)
    those of the archive's other years, of every report of the year and the year before (the
    peers compared), and the latest change of any archive (which decides who the peers are)."""
    own = _own_steps(session, report.archive_code)
    peers = kept.STEPS_IN_YEARS.get(session, (report.year, report.year - 1))
    moved = kept.ARCHIVE_CHANGED.get(session)
    return max(moment for moment in (report.submitted_at, *own, *peers, moved) if moment is not None)


def _own_steps(session: Session, code: str) -> Steps:
    """The archive's latest submission and review: in a read session, from those of every archive
    of its province, kept while the stamp stands."""
    if not may_keep(session):
        return latest_steps(session, col(Report.archive_code) == code)
    hierarchy = load_hierarchy(session)
    if code not in hierarchy.by_code:
        return latest_steps(session, col(Report.archive_code) == code)
    return kept.PROVINCE_STEPS.get(session, hierarchy.chain(code)[-1]).get(code, (None, None))


def list_revisions(session: Session, report: Report, order: str | None = None) -> list[ReportRevision]:
    """Every version of a report, oldest first (`-revision`: newest first)."""
    revision = col(ReportRevision.revision)
    sort = sql_order(order, {"revision": revision}, default=[revision], tiebreak=[])
    query = select(ReportRevision).where(col(ReportRevision.report_id) == report.id).order_by(*sort)
    return list(session.scalars(query))


def report_columns(report: Report) -> ReportColumns:
    """The stored report's columns, as a typed record."""
    columns: ReportColumns = ReportColumns(
        id=report.id,
        archive_code=report.archive_code,
        year=report.year,
        revision=report.revision,
        status=report.status,
        submitted_by=report.submitted_by,
        submitted_at=report.submitted_at,
        created_at=report.created_at,
        reviewed_by=report.reviewed_by,
        reviewed_at=report.reviewed_at,
        review_comment=report.review_comment,
        change_seq=report.change_seq,
        **figures_of(report),  # type: ignore[typeddict-item]
    )
    return columns


def figures_of(report: Report | ReportColumns) -> dict[str, Figure]:
    """The report's figures, by name."""
    if isinstance(report, Report):
        return {name: getattr(report, name) for name in FIGURE_NAMES}
    return {name: report[name] for name in FIGURE_NAMES}  # type: ignore[literal-required]


def stored_version(report: Report | ReportColumns | None) -> StoredVersion | None:
    """What the lifecycle rule needs of a stored report."""
    if report is None:
        return None
    if isinstance(report, Report):
        return StoredVersion(report.revision, ReportStatus(report.status), figures_of(report))
    return StoredVersion(report["revision"], ReportStatus(report["status"]), figures_of(report))


def year_figures(report: ReportColumns) -> YearFigures:
    """The report as the compliance rules read it."""
    return YearFigures.of(report["year"], report)


def report_public(report: Report | ReportColumns) -> ReportPublic:
    """The report as every answer shows it, with its rates on every basis the figures define (the one place)."""
    columns = report_columns(report) if isinstance(report, Report) else report
    figures = year_figures(columns)
    rates = {field: rate_pct(figures, basis) for field, basis in RATE_FIELDS.items()}
    stored = {name: columns[name] for name in ReportPublic.model_fields if name not in COMPUTED_FIELDS}  # type: ignore[literal-required]
    return ReportPublic.model_validate(stored | rates)
