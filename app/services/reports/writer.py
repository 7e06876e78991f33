"""One report written: PUT (replace) and PATCH (merge), by the one lifecycle rule (app.domain.report_lifecycle).

The report's row is locked (SELECT ... FOR UPDATE; SQLite writers are serialized
by BEGIN IMMEDIATE) before the If-Match and lock checks, so two concurrent writers
cannot both pass them. Figures identical to the stored ones write nothing (no
revision, no audit row). A person's write is recorded in the audit trail. The
clock is the caller's: it is read once the write has taken its place in the change
sequence (app.services.reports.changes), so that the report's times follow commit order.
"""

from dataclasses import dataclass, replace

from sqlmodel import Session

from app.domain.report_lifecycle import Figures, NextVersion, WriteMode, next_version, written_figures
from app.domain.roles import Actor
from app.models import Archive, Report, ReportRevision
from app.models.audit import AuditAction
from app.models.report import ReportPublic
from app.services import audit, outbox
from app.services.reports.changes import Clock, take
from app.services.reports.service import (
    RevisionPrecondition,
    check_figures,
    check_precondition,
    check_unlocked,
    figures_of,
    find_report,
    get_report,
    report_key,
    report_public,
    stored_version,
)
from app.services.versions import check_open_in_year


@dataclass(frozen=True, slots=True)
class Written:
    """A write's outcome: the report, as it was before (None when new), whether it was created or changed."""

    report: Report
    before: ReportPublic | None
    created: bool
    changed: bool


@dataclass(frozen=True, slots=True)
class WriteRequest:
    """What a client asks to write, and the context the checks need."""

    archive: Archive
    year: int
    figures: Figures
    mode: WriteMode
    submitted_by: str
    current_year: int
    clock: Clock
    precondition: RevisionPrecondition | None = None


def write_report(session: Session, request: WriteRequest) -> Written:
    """Create or change a year's report by the lifecycle rule; every version is kept."""
    if request.mode is WriteMode.merge:
        report: Report | None = get_report(session, request.archive.code, request.year, for_update=True)
    else:
        report = find_report(session, request.archive.code, request.year, for_update=True)
    stored = None if report is None else figures_of(report)
    check_figures(
        written_figures(stored, request.figures, request.mode), year=request.year, current_year=request.current_year
    )
    check_open_in_year(session, request.archive.code, request.year)
    check_precondition(report, request.precondition)
    before = None if report is None else report_public(report)
    version = next_version(
        stored_version(report), request.figures, request.mode, submitted_by=request.submitted_by, now=request.clock()
    )
    if version is None:
        assert report is not None
        return Written(report, before, created=False, changed=False)
    if report is not None:
        check_unlocked(report.archive_code, report.year, report.status)
    taken = take(session, 1, request.clock)
    written = _apply(session, report, request, replace(version, submitted_at=taken.at), taken.first)
    return Written(written, before, created=report is None, changed=True)


def submit_report(session: Session, request: WriteRequest, actor: Actor) -> Written:
    """write_report by a token's holder: a write that changes the report is recorded in the audit trail
    and emits report.submitted (app.services.outbox)."""
    outcome = write_report(session, request)
    if outcome.changed:  # identical figures: no revision, so no audit row
        report = outcome.report
        action = AuditAction.report_create if outcome.created else AuditAction.report_replace
        audit.record(
            session,
            actor,
            action,
            entity_key=report_key(report.archive_code, report.year),
            archive_code=report.archive_code,
            year=report.year,
            before=outcome.before,
            after=report_public(report),
            at=report.submitted_at,
        )
        outbox.report_submitted(
            session, report.archive_code, report.year, report.revision, report.status, report.submitted_at
        )
    return outcome


def _apply(
    session: Session, report: Report | None, request: WriteRequest, version: NextVersion, change_seq: int
) -> Report:
    if report is None:
        report = Report.model_validate(
            {"archive_code": request.archive.code, "year": request.year, "created_at": version.submitted_at}
            | {"submitted_by": version.submitted_by}
            | version.figures
        )
    for name, value in version.figures.items():
        setattr(report, name, value)
    report.revision = version.revision
    report.status = version.status
    report.submitted_by = version.submitted_by
    report.submitted_at = version.submitted_at
    report.change_seq = change_seq
    session.add(report)
    session.flush()
    revision = ReportRevision.model_validate(
        {"report_id": report.id, "archive_code": report.archive_code, "year": report.year}
        | {"revision": report.revision, "submitted_by": report.submitted_by, "submitted_at": report.submitted_at}
        | version.figures
    )
    session.add(revision)
    session.flush()
    return report
