"""Yearly reports: write with full revision history, read, and show with rates.

A write is refused while the report is approved (ReportLocked), and, when the
client names the revision it last read (If-Match), unless that is still the
current one (PreconditionFailed). The report's row is locked (SELECT ... FOR
UPDATE; SQLite writers are serialized by BEGIN IMMEDIATE) before either check,
so two concurrent writers cannot both pass them. A write sets the report back to
`submitted`; a person's write is recorded in the audit trail.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from app import errors
from app.db import take_write_lock
from app.domain.compliance import YearFigures, rate_pct
from app.domain.report_checks import figures_problems, year_problem
from app.domain.roles import Actor
from app.i18n import Text
from app.models import Archive, Report, ReportRevision
from app.models.audit import AuditAction
from app.models.common import utcnow
from app.models.report import FIGURE_FIELDS, ReportFigures, ReportPublic, ReportStatus
from app.services import audit


@dataclass(frozen=True)
class RevisionPrecondition:
    """The revisions a client accepts to overwrite (If-Match), or any existing report ("*")."""

    revisions: frozenset[int] = frozenset()
    any_existing: bool = False

    def holds_for(self, report: Report | None) -> bool:
        """True when the stored report is one the client accepts."""
        return report is not None and (self.any_existing or report.revision in self.revisions)


RATE_FIELDS = {
    "rate_volumes_pct": "volumes",
    "rate_items_pct": "items",
    "rate_volumes_items_pct": "volumes_items",
    "rate_pages_pct": "pages",
}

COMPUTED_FIELDS = {*RATE_FIELDS, "warnings"}  # warnings: app.services.rounds.checks.with_warnings


def check_figures(figures: ReportFigures, *, year: int, current_year: int) -> None:
    """Refuse a year out of range or figures that contradict each other."""
    problem = year_problem(year, current_year)
    if problem is not None:
        raise errors.YearOutOfRange(problem)
    problems = figures_problems(figures.model_dump())
    if problems:
        raise errors.DigitizedExceedsHoldings(problems[0][1])


def is_unchanged(stored: Report | None, figures: Mapping[str, object]) -> bool:
    """True when the stored figures are the same as these (so no new revision)."""
    return stored is not None and all(getattr(stored, name) == figures[name] for name in FIGURE_FIELDS)


def find_report(session: Session, archive_code: str, year: int, *, for_update: bool = False) -> Report | None:
    """The current report of an archive for a year, if any; `for_update` locks its row until the commit."""
    query = select(Report).where(Report.archive_code == archive_code, Report.year == year)
    if for_update:
        take_write_lock(session)
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalars(query).first()


def get_report(session: Session, archive_code: str, year: int, *, for_update: bool = False) -> Report:
    """The current report, or ReportNotFound."""
    report = find_report(session, archive_code, year, for_update=for_update)
    if report is None:
        raise errors.ReportNotFound(
            Text(f"archive {archive_code!r} has no report for {year}", f"档案馆 {archive_code!r} 没有 {year} 年的年报")
        )
    return report


def check_precondition(report: Report | None, precondition: RevisionPrecondition | None) -> None:
    """Refuse with PreconditionFailed when the client's If-Match does not name the stored revision."""
    if precondition is None or precondition.holds_for(report):
        return
    if report is None:
        raise errors.PreconditionFailed(Text("If-Match: there is no report to match", "If-Match：该年报不存在"))
    raise errors.PreconditionFailed(
        Text(
            f"If-Match: the report is now at revision {report.revision}; read it again before you change it",
            f"If-Match：该年报已更新为第 {report.revision} 版，请重新读取后再修改",
        )
    )


def check_unlocked(report: Report) -> None:
    """Refuse with ReportLocked while the report is approved."""
    if report.status == ReportStatus.approved:
        raise errors.ReportLocked(
            Text(
                f"the {report.year} report of {report.archive_code} is approved and locked; "
                "a supervisor must reopen it first",
                f"{report.archive_code} 的 {report.year} 年年报已审核通过并锁定，须由上级重新开放后才能修改",
            )
        )


def put_report(
    session: Session,
    archive: Archive,
    year: int,
    figures: ReportFigures,
    *,
    submitted_by: str,
    current_year: int,
    precondition: RevisionPrecondition | None = None,
) -> tuple[Report, bool]:
    """Create or replace a year's report, keeping every version; returns (report, created).

    Identical figures leave the report and its history as they were."""
    report, _, created = _write_report(
        session, archive, year, figures, submitted_by=submitted_by, current_year=current_year, precondition=precondition
    )
    session.flush()
    return report, created


def submit_report(
    session: Session,
    archive: Archive,
    year: int,
    figures: ReportFigures,
    *,
    actor: Actor,
    current_year: int,
    precondition: RevisionPrecondition | None = None,
) -> tuple[Report, bool]:
    """put_report by a token's holder: a write that changes the report is recorded in the audit trail."""
    report, before, created = _write_report(
        session, archive, year, figures, submitted_by=actor.name, current_year=current_year, precondition=precondition
    )
    after = report_public(report)
    if before is None or before.revision != after.revision:
        action = AuditAction.report_create if created else AuditAction.report_replace
        audit.record(
            session,
            actor,
            action,
            entity_key=report_key(report),
            archive_code=archive.code,
            year=year,
            before=before,
            after=after,
        )
    return report, created


def report_key(report: Report) -> str:
    """How the audit trail names a report: "HN-CS/2023"."""
    return f"{report.archive_code}/{report.year}"


def list_reports(
    session: Session, archive_code: str, *, year_from: int | None, year_to: int | None, limit: int, offset: int
) -> tuple[list[Report], int]:
    """A page of an archive's reports, oldest year first, and the total count."""
    conditions = [Report.archive_code == archive_code]
    if year_from is not None:
        conditions.append(Report.year >= year_from)
    if year_to is not None:
        conditions.append(Report.year <= year_to)
    total = session.scalar(select(func.count()).select_from(Report).where(*conditions)) or 0
    rows = session.scalars(select(Report).where(*conditions).order_by(Report.year).limit(limit).offset(offset))
    return list(rows), total


def list_revisions(session: Session, report: Report) -> list[ReportRevision]:
    """Every version of a report, oldest first."""
    query = select(ReportRevision).where(ReportRevision.report_id == report.id).order_by(ReportRevision.revision)
    return list(session.scalars(query))


def year_figures(report: Report) -> YearFigures:
    """The report as the compliance rules read it."""
    return YearFigures(
        year=report.year,
        holdings_volumes=report.holdings_volumes,
        digitized_volumes=report.digitized_volumes,
        holdings_items=report.holdings_items,
        digitized_items=report.digitized_items,
        holdings_pages=report.holdings_pages,
        digitized_pages=report.digitized_pages,
        catalog_entries=report.catalog_entries,
        fulltext_pages=report.fulltext_pages,
    )


def report_public(report: Report) -> ReportPublic:
    """The stored report with its rates on every basis the figures define."""
    figures = year_figures(report)
    rates = {field: rate_pct(figures, basis) for field, basis in RATE_FIELDS.items()}
    stored = {name: getattr(report, name) for name in ReportPublic.model_fields if name not in COMPUTED_FIELDS}
    return ReportPublic(**stored, **rates)


def _write_report(
    session: Session,
    archive: Archive,
    year: int,
    figures: ReportFigures,
    *,
    submitted_by: str,
    current_year: int,
    precondition: RevisionPrecondition | None,
) -> tuple[Report, ReportPublic | None, bool]:
    """The write itself; returns (report, the report as it was before or None, created)."""
    check_figures(figures, year=year, current_year=current_year)
    values = figures.model_dump()
    report = find_report(session, archive.code, year, for_update=True)
    check_precondition(report, precondition)
    if report is None:
        report = Report(archive_code=archive.code, year=year, submitted_by=submitted_by, **values)
        session.add(report)
        session.flush()
        _record_revision(session, report)
        return report, None, True
    before = report_public(report)
    if is_unchanged(report, values):
        return report, before, False
    check_unlocked(report)
    for field in FIGURE_FIELDS:
        setattr(report, field, values[field])
    report.revision += 1
    report.status = ReportStatus.submitted
    report.submitted_by = submitted_by
    report.submitted_at = utcnow()
    session.add(report)
    _record_revision(session, report)
    return report, before, False


def _record_revision(session: Session, report: Report) -> None:
    snapshot = {field: getattr(report, field) for field in FIGURE_FIELDS}
    session.add(
        ReportRevision(
            report_id=report.id,
            archive_code=report.archive_code,
            year=report.year,
            revision=report.revision,
            submitted_by=report.submitted_by,
            submitted_at=report.submitted_at,
            **snapshot,
        )
    )
