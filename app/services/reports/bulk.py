"""Many yearly reports written at once: the versions the one lifecycle rule made (app.domain.report_lifecycle).

- The stored reports of a file are read in a few queries (CODES_PER_QUERY archives
  each) as typed records (ReportColumns), their rows locked for the write as a
  single write locks its row.
- Each ReportWrite carries its NextVersion (revision, state, submitter, time,
  figures), decided by the caller; every version is kept in report_revision, and
  every write gets its audit row (app.services.audit.build_entry, the one builder)
  with the report before and after, as report_public shows it.
- Writes are bulk INSERT and UPDATE statements in the caller's transaction; nothing commits here.
- Just before them the writes take their values of the change sequence, one a report, and
  the time they are stamped with is read after that (app.services.reports.changes), whatever
  time their versions were planned at: so a long import that commits after a quicker write
  sorts after it, for the sync cursor and for `updated_since` alike.
"""

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from pydantic import TypeAdapter
from sqlalchemy import Connection, Executable, Table, bindparam, insert, literal, select, update
from sqlmodel import Session

from app.domain.figures import FIGURE_NAMES
from app.domain.report_lifecycle import NextVersion
from app.domain.roles import Actor
from app.models import AuditEntry, Report, ReportRevision
from app.models.audit import AuditAction
from app.models.report import ReportColumns
from app.models.webhook import EventType
from app.services import outbox
from app.services.audit import build_entry
from app.services.reports.changes import Clock, Taken, take
from app.services.reports.service import report_key, report_public

CODES_PER_QUERY = 500
REPORTS = Report.__table__  # type: ignore[attr-defined]
REVISIONS = ReportRevision.__table__  # type: ignore[attr-defined]
AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
_TIME: TypeAdapter[datetime] = TypeAdapter(datetime)
_REPLACED_COLUMNS = ("revision", "status", "submitted_by", "submitted_at", "change_seq", *FIGURE_NAMES)


@dataclass(frozen=True, slots=True)
class ReportWrite:
    """A report to create (stored is None) or change, and its next version (app.domain.report_lifecycle)."""

    archive_code: str
    year: int
    stored: ReportColumns | None
    version: NextVersion


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
) -> dict[tuple[str, int], ReportColumns]:
    """The stored reports for these (archive, year) pairs, as typed records; `for_update` locks their rows.

    They are read as plain rows (ten times cheaper than ORM objects)."""
    wanted = set(keys)
    found: dict[tuple[str, int], ReportColumns] = {}
    for codes, years in _key_batches(wanted):
        query = select(*REPORTS.c).where(
            REPORTS.c.archive_code.in_(codes), REPORTS.c.year.between(min(years), max(years))
        )
        if for_update:
            query = query.with_for_update()
        for row in session.connection().execute(query):
            if (row.archive_code, row.year) in wanted:
                found[(row.archive_code, row.year)] = ReportColumns(**row._mapping)  # type: ignore[typeddict-item]
    return found


def write_reports(
    session: Session,
    writes: Sequence[ReportWrite],
    *,
    actor: Actor | None,
    clock: Clock,
    archive_path: Callable[[str], str],
    taken: Taken | None = None,
) -> list[ReportColumns]:
    """Create and change the reports, each with its new revision row and, written by a person (`actor`;
    None: the seed), its audit row and its report.submitted event (app.services.outbox); the reports
    as they now stand. `taken`: their places in the change sequence, when the caller took them."""
    if not writes:
        return []
    planned = PlannedWrites.of(writes, actor=actor, archive_path=archive_path)
    return planned.write(session, taken or take(session, len(writes), clock))


@dataclass(frozen=True, slots=True)
class PlannedWrites:
    """The rows of a write of reports, built before its places in the change sequence are taken (the
    row every report write holds from then to its commit): `write` fills in what depends on them (the
    values taken, the time read once they were), and writes."""

    writes: Sequence[ReportWrite]
    audits: list[dict[str, object]] | None  # None: not recorded (the seed)
    events: list[dict[str, object]] | None

    @classmethod
    def of(
        cls, writes: Sequence[ReportWrite], *, actor: Actor | None, archive_path: Callable[[str], str]
    ) -> "PlannedWrites":
        """The rows, at provisional places and times (their versions' own), to be filled in by `write`."""
        if actor is None:
            return cls(writes, None, None)
        provisional = [_after(write, Taken(0, len(writes), write.version.submitted_at), 0) for write in writes]
        audits = [
            _audit_row(write, after, actor, archive_path) for write, after in zip(writes, provisional, strict=True)
        ]
        events = [_submitted_event(after, after["submitted_at"]) for after in provisional]
        return cls(writes, audits, events)

    def write(self, session: Session, taken: Taken) -> list[ReportColumns]:
        """Written at the places taken and the time read once they were; the reports as they now stand."""
        afters = [_after(write, taken, index) for index, write in enumerate(self.writes)]
        at = _json_time(taken.at)
        revisions = [_revision_row(after) for after in afters]
        audits = (
            None
            if self.audits is None
            else [_placed_audit(row, after, at) for row, after in zip(self.audits, afters, strict=True)]
        )
        events = None if self.events is None else [_placed_event(row, taken.at, at) for row in self.events]
        connection = session.connection()
        if connection.dialect.name == "postgresql" and len(afters) == 1 and afters[0]["id"] is not None:
            _write_one_changed(connection, afters[0], revisions[0], audits, events)
            return afters
        new = [after for after in afters if after["id"] is None]
        changed = [after for after in afters if after["id"] is not None]
        if new:
            connection.execute(insert(REPORTS), [{k: v for k, v in after.items() if k != "id"} for after in new])
            by_key = {(after["archive_code"], after["year"]): after for after in new}
            for report_id, archive_code, year in _report_ids(connection, by_key):
                by_key[(archive_code, year)]["id"] = report_id
            revisions = [_revision_row(after) for after in afters]
        if changed:
            columns: dict[str, object] = {name: bindparam(name) for name in _REPLACED_COLUMNS}
            statement = update(REPORTS).where(REPORTS.c.id == bindparam("report_id")).values(columns)
            connection.execute(statement, [{"report_id": after["id"], **after} for after in changed])
        connection.execute(insert(REVISIONS), revisions)
        if audits is not None and events is not None:
            connection.execute(insert(AUDIT), audits)
            outbox.emit_many(session, events)
        return afters


def _write_one_changed(
    connection: Connection,
    after: ReportColumns,
    revision: dict[str, object],
    audits: list[dict[str, object]] | None,
    events: list[dict[str, object]] | None,
) -> None:
    """One stored report changed, on PostgreSQL: its row, its revision, its audit row and its event in one
    statement (data-modifying CTEs), one round trip while the change sequence's row is held."""
    rows: list[tuple[str, Table, dict[str, object]]] = [("revision", REVISIONS, revision)]
    if audits is not None and events is not None:
        rows += [("audit", AUDIT, audits[0]), ("event", outbox.EVENTS, outbox.event_insert(events[0]))]
    shape = tuple((name, tuple(row)) for name, _, row in rows)
    statement = _ONE_CHANGED.get(shape)
    if statement is None:
        statement = _ONE_CHANGED[shape] = _one_changed_statement(rows)
    parameters = {f"report_{name}": after[name] for name in _REPLACED_COLUMNS}  # type: ignore[literal-required]
    parameters["report_id"] = after["id"]
    for name, _, row in rows:
        parameters.update({f"{name}_{column}": value for column, value in row.items()})
    connection.execute(statement, parameters)


def _one_changed_statement(rows: list[tuple[str, Table, dict[str, object]]]) -> Executable:
    """The statement of `_write_one_changed` for rows of these columns, with a parameter for each value
    (built once: compiled once)."""
    report = {name: bindparam(f"report_{name}", type_=REPORTS.c[name].type) for name in _REPLACED_COLUMNS}
    changes = [update(REPORTS).where(REPORTS.c.id == bindparam("report_id")).values(report).cte("changed_report")]
    for name, table, row in rows:
        values = {column: bindparam(f"{name}_{column}", type_=table.c[column].type) for column in row}
        changes.append(insert(table).values(values).cte(f"new_{name}"))
    return select(literal(1)).add_cte(*changes)


# The statements of `_write_one_changed`, by the columns of their rows.
_ONE_CHANGED: dict[tuple[tuple[str, tuple[str, ...]], ...], Executable] = {}


def _json_time(moment: datetime) -> object:
    """A time as the answers' JSON writes it (as pydantic does a model's datetime field)."""
    return _TIME.dump_python(moment, mode="json")


def _placed_audit(row: dict[str, object], after: ReportColumns, at: object) -> dict[str, object]:
    """A planned audit row at the report's place and time (its `after` as report_public would show it)."""
    shown = dict(row["after"])  # type: ignore[call-overload]
    shown.update(submitted_at=at, change_seq=after["change_seq"], created_at=_json_time(after["created_at"]))
    return {**row, "at": after["submitted_at"], "after": shown}


def _placed_event(row: dict[str, object], moment: datetime, at: object) -> dict[str, object]:
    """A planned event row at the time read once the places were taken."""
    return {**row, "payload": {**row["payload"], "timestamp": at}, "created_at": moment}  # type: ignore[dict-item]


def _submitted_event(after: ReportColumns, now: datetime) -> dict[str, object]:
    """The report.submitted event of one report written (app.services.outbox)."""
    code, year = after["archive_code"], after["year"]
    data = outbox.report_data(code, year, after["revision"], after["status"])
    return outbox.event_row(EventType.report_submitted, data, at=now, archive_code=code)


def _after(write: ReportWrite, taken: Taken, index: int) -> ReportColumns:
    """The report's columns once written: at the time read once its place in the sequence was taken."""
    version = write.version
    kept = write.stored
    columns: ReportColumns = ReportColumns(
        id=None if kept is None else kept["id"],
        archive_code=write.archive_code,
        year=write.year,
        revision=version.revision,
        status=version.status,
        submitted_by=version.submitted_by,
        submitted_at=taken.at,
        created_at=taken.at if kept is None else kept["created_at"],
        change_seq=taken.value(index),
        reviewed_by=None if kept is None else kept["reviewed_by"],
        reviewed_at=None if kept is None else kept["reviewed_at"],
        review_comment=None if kept is None else kept["review_comment"],
        **version.figures,  # type: ignore[typeddict-item]
    )
    return columns


def _revision_row(after: ReportColumns) -> dict[str, object]:
    keys = ("archive_code", "year", "revision", "submitted_by", "submitted_at", *FIGURE_NAMES)
    return {"report_id": after["id"], **{key: after[key] for key in keys}}  # type: ignore[literal-required]


def _audit_row(
    write: ReportWrite, after: ReportColumns, actor: Actor, archive_path: Callable[[str], str]
) -> dict[str, object]:
    action = AuditAction.report_create if write.stored is None else AuditAction.report_replace
    entry = build_entry(
        actor,
        action,
        entity_key=report_key(write.archive_code, write.year),
        archive_code=write.archive_code,
        archive_path=archive_path(write.archive_code),
        year=write.year,
        before=None if write.stored is None else report_public(write.stored),
        after=report_public(after),
        at=after["submitted_at"],
    )
    return entry.model_dump(exclude={"id"})
