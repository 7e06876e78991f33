"""Many yearly reports written at once, by the same rules as one PUT (app.services.reports.service).

- The stored reports of a file are read in a few queries (CODES_PER_QUERY archives
  each), their rows locked for the write as a single PUT locks its row.
- Identical figures leave a report alone (no new revision, even when approved);
  other figures for an approved report are refused (reports.check_unlocked).
- A new report starts at revision 1; a replaced one goes up by one, is submitted
  again, and takes the new submitter and time; every version is kept in
  report_revision, and every write gets its audit row with the report before and after.
- Writes are bulk INSERT and UPDATE statements in the caller's transaction; nothing commits here.
"""

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import cast

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlmodel import Session

from app.domain.roles import Actor
from app.models import AuditEntry, Report, ReportRevision
from app.models.audit import AuditAction
from app.models.report import FIGURE_FIELDS, ReportPublic, ReportStatus
from app.services.reports.service import report_public

CODES_PER_QUERY = 500
REPORTS = Report.__table__  # type: ignore[attr-defined]
_REPLACED_COLUMNS = ("revision", "status", "submitted_by", "submitted_at", *FIGURE_FIELDS)


@dataclass(frozen=True, slots=True)
class ReportWrite:
    """A report to create (stored is None) or replace."""

    archive_code: str
    year: int
    figures: Mapping[str, object]
    stored: Report | None


def _report_ids(connection: Connection, keys: Collection[tuple[str, int]]) -> Iterator[tuple[int, str, int]]:
    """(id, archive_code, year) of the stored reports with these keys, read in a few queries
    (a bulk INSERT ... RETURNING is several times slower on PostgreSQL)."""
    for codes, years in _key_batches(keys):
        query = select(REPORTS.c.id, REPORTS.c.archive_code, REPORTS.c.year).where(
            REPORTS.c.archive_code.in_(codes), REPORTS.c.year.between(min(years), max(years))
        )
        for report_id, archive_code, year in connection.execute(query):
            if (archive_code, year) in keys:
                yield report_id, archive_code, year


def _key_batches(keys: Collection[tuple[str, int]]) -> Iterator[tuple[list[str], list[int]]]:
    """The keys' archive codes, CODES_PER_QUERY at a time, with the years asked for."""
    codes = sorted({code for code, _ in keys})
    years = [year for _, year in keys]
    for start in range(0, len(codes), CODES_PER_QUERY):
        yield codes[start : start + CODES_PER_QUERY], years


def stored_reports(
    session: Session, keys: Iterable[tuple[str, int]], *, for_update: bool
) -> dict[tuple[str, int], Report]:
    """The stored reports for these (archive, year) pairs; `for_update` locks their rows.

    They are plain rows (ten times cheaper than ORM objects), read like a Report: by attribute."""
    wanted = set(keys)
    found: dict[tuple[str, int], Report] = {}
    for codes, years in _key_batches(wanted):
        query = select(*REPORTS.c).where(
            REPORTS.c.archive_code.in_(codes), REPORTS.c.year.between(min(years), max(years))
        )
        if for_update:
            query = query.with_for_update()
        for row in session.connection().execute(query):
            if (row.archive_code, row.year) in wanted:
                found[(row.archive_code, row.year)] = cast(Report, row)
    return found


def write_reports(
    session: Session, writes: Sequence[ReportWrite], *, actor: Actor, now: datetime, archive_path: Callable[[str], str]
) -> None:
    """Create and replace the reports, each with its new revision row and its audit row."""
    if not writes:
        return
    afters = [_after(write, actor.name, now) for write in writes]
    new = [after for after in afters if "id" not in after]
    replaced = [after for after in afters if "id" in after]
    connection = session.connection()
    if new:
        connection.execute(insert(REPORTS), new)
        by_key = {(after["archive_code"], after["year"]): after for after in new}
        for report_id, archive_code, year in _report_ids(connection, by_key):
            by_key[(archive_code, year)]["id"] = report_id
    if replaced:
        columns = {name: bindparam(name) for name in _REPLACED_COLUMNS}
        statement = update(REPORTS).where(REPORTS.c.id == bindparam("report_id")).values(columns)
        connection.execute(statement, [{"report_id": after["id"], **after} for after in replaced])
    connection.execute(insert(ReportRevision.__table__), [_revision_row(after) for after in afters])
    connection.execute(
        insert(AuditEntry.__table__),
        [_audit_row(write, after, actor, now, archive_path) for write, after in zip(writes, afters, strict=True)],
    )


def _after(write: ReportWrite, submitted_by: str, now: datetime) -> dict[str, object]:
    """The report's columns once written."""
    after: dict[str, object] = {
        "archive_code": write.archive_code,
        "year": write.year,
        "submitted_by": submitted_by,
        "submitted_at": now,
        "status": ReportStatus.submitted,
        **{name: write.figures[name] for name in FIGURE_FIELDS},
    }
    stored = write.stored
    if stored is None:
        return after | {"revision": 1, "created_at": now}
    kept = {
        name: getattr(stored, name) for name in ("id", "created_at", "reviewed_by", "reviewed_at", "review_comment")
    }
    return after | kept | {"revision": stored.revision + 1}


def _revision_row(after: Mapping[str, object]) -> dict[str, object]:
    keys = ("archive_code", "year", "revision", "submitted_by", "submitted_at", *FIGURE_FIELDS)
    return {"report_id": after["id"], **{key: after[key] for key in keys}}


def _audit_row(
    write: ReportWrite, after: Mapping[str, object], actor: Actor, now: datetime, archive_path: Callable[[str], str]
) -> dict[str, object]:
    action = AuditAction.report_create if write.stored is None else AuditAction.report_replace
    shown = _public(after)
    return {
        "at": now,
        "actor": actor.name,
        "actor_role": actor.role,
        "token_id": actor.token_id,
        "action": action,
        "entity": action.entity,
        "entity_key": f"{write.archive_code}/{write.year}",
        "archive_code": write.archive_code,
        "archive_path": archive_path(write.archive_code),
        "year": write.year,
        "request_id": actor.request_id,
        "before": None if write.stored is None else report_public(write.stored).model_dump(mode="json"),
        "after": shown.model_dump(mode="json"),
    }


def _public(after: Mapping[str, object]) -> ReportPublic:
    """The written report as the API shows it (report_public reads attributes only)."""
    defaults = {"reviewed_by": None, "reviewed_at": None, "review_comment": None}
    return report_public(cast(Report, SimpleNamespace(**(defaults | dict(after)))))
