"""One report written: PUT (replace), PATCH (merge) and the console's form, by the one lifecycle rule
(app.domain.report_lifecycle), as a bulk write of one (app.services.reports.bulk, the one writer).

- `write_report` is the one service call of a PUT or PATCH (and of the console's form): it runs in
  the request's one write transaction, in which the request's dependencies have read what allows
  it (the token, FOR SHARE on PostgreSQL; the archive; the caller's scope over it): nothing is
  read twice. The stored report is read and its row locked (SELECT ... FOR UPDATE; SQLite
  writers are serialized by BEGIN IMMEDIATE) before the If-Match and lock checks, so two
  concurrent writers cannot both pass them. Figures identical to the stored ones write nothing
  (no revision, no audit row, no event). A person's write is recorded in the audit trail and
  announced (report.submitted); the seed's is not.
- The clock is the caller's: it is read once the write has taken its place in the change
  sequence (app.services.reports.changes), so that the report's times follow commit order.
- A write that changes the report knows the counters of the kept values around its change
  (`Written.stamps`: app.db.change_stamp's last paragraph), so that once it has committed
  the answer's warnings can be computed from what reads keep (app.services.reports.warnings.
  written_report_with_warnings) instead of read again.
- The rows every report write holds to its commit (the change sequence's, the counter's) are
  taken last (app.services.reports.changes.take_for_reports): the checks, the archive's path and
  the audit row and event (app.services.reports.bulk.PlannedWrites) come before them.
"""

from dataclasses import dataclass

from sqlmodel import Session

from app.db.change_stamp import WriteStamps
from app.domain.report_lifecycle import Figures, WriteMode, next_version, written_figures
from app.domain.roles import Actor
from app.models.report import ReportColumns
from app.services.hierarchy import archive_path
from app.services.reports.bulk import ReportWrite, stored_reports, write_reports
from app.services.reports.changes import Clock, take_for_reports
from app.services.reports.service import (
    RevisionPrecondition,
    check_figures,
    check_precondition,
    check_unlocked,
    figures_of,
    report_not_found,
    stored_version,
)
from app.services.versions import check_open_in_year


@dataclass(frozen=True, slots=True)
class Submission:
    """What a client asks to write to one report: its figures, replaced or merged, and the
    revisions it accepts to overwrite (If-Match)."""

    archive_code: str
    year: int
    figures: Figures
    mode: WriteMode
    precondition: RevisionPrecondition | None = None


@dataclass(frozen=True, slots=True)
class Author:
    """Who writes (the versions are submitted by the actor's name) and what the checks need: the
    clock, this year; `recorded`: the write is audited and announced (a person's), or not (the seed's)."""

    actor: Actor
    clock: Clock
    current_year: int
    recorded: bool = True


@dataclass(frozen=True, slots=True)
class Written:
    """A write's outcome: the report as it now stands, whether it was created, whether it changed, and
    the counters around its change (None: it changed nothing, or the database keeps no counters)."""

    report: ReportColumns
    created: bool
    changed: bool
    stamps: WriteStamps | None = None


def write_report(session: Session, submission: Submission, author: Author) -> Written:
    """Create or change a year's report by the lifecycle rule; every version is kept."""
    key = (submission.archive_code, submission.year)
    stored = stored_reports(session, [key], for_update=True).get(key)
    if stored is None and submission.mode is WriteMode.merge:
        raise report_not_found(*key)
    check_figures(
        written_figures(None if stored is None else figures_of(stored), submission.figures, submission.mode),
        year=submission.year,
        current_year=author.current_year,
    )
    check_open_in_year(session, submission.archive_code, submission.year)
    check_precondition(None if stored is None else stored["revision"], submission.precondition)
    version = next_version(
        stored_version(stored), submission.figures, submission.mode, submitted_by=author.actor.name, now=author.clock()
    )
    if version is None:
        assert stored is not None
        return Written(stored, created=False, changed=False)
    if stored is not None:
        check_unlocked(*key, stored["status"])
    path = archive_path(session, key[0]) if author.recorded else ""  # read before the rows every write holds
    taken, before = take_for_reports(session, 1, author.clock)  # the sequence's row, then the counters'
    [written] = write_reports(
        session,
        [ReportWrite(*key, stored, version)],
        actor=author.actor if author.recorded else None,
        clock=author.clock,
        archive_path=lambda _code: path,
        taken=taken,
    )
    stamps = None if before is None else before.after_writing(session)
    return Written(written, created=stored is None, changed=True, stamps=stamps)
