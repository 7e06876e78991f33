"""compliance.status_changed, derived by the worker from each report.submitted event.

A report's write changes the archive's overall status under a plan when the archive
judged with the report's figures before the write (its previous revision; no report for a
first one) and judged with the figures written (the event's revision) get different
statuses. Both are judged as of the plan's default year (as it stands when the worker
reads the event), on the archive's other reports as stored then, by the same rules as
every answer (app.domain.compliance). A plan whose targets do not bind the archive says
nothing.

This runs in the worker's transaction that fans the report event out, never in the
request: the write itself pays only its outbox row. The derived event is an outbox row
too, so it is committed with the fan-out or not at all. It is derived only while some
enabled webhook listens for it.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

from pydantic import JsonValue
from sqlalchemy import select, tuple_
from sqlmodel import Session, col

from app.domain.compliance import evaluate_archive
from app.domain.hierarchy import Hierarchy
from app.domain.rates import YearFigures
from app.models import Plan, ReportRevision, WebhookEvent
from app.models.webhook import EventType
from app.services import outbox
from app.services.compliance.items import TargetIndex
from app.services.compliance.lists import as_of_year
from app.services.compliance.load import load_plan, load_reports, load_target_rows


def status_changes(session: Session, events: Iterable[WebhookEvent], hierarchy: Hierarchy, now: datetime) -> None:
    """Add a compliance.status_changed event for each plan under which a report event changed the archive's status."""
    plans = [load_plan(session, code).spec for code in session.scalars(select(col(Plan.code)).order_by(col(Plan.code)))]
    if not plans:
        return
    indexes = {plan.code: TargetIndex(load_target_rows(session, plan.code), hierarchy) for plan in plans}
    as_of = {plan.code: as_of_year(session, plan, None, hierarchy, approved_only=False) for plan in plans}
    keyed = [key for key in map(_report_key, events) if key[0] in hierarchy.by_code]
    if not keyed:
        return
    revisions = _revisions(session, keyed)  # the pass's reports read at once, however many events
    stored_now = load_reports(session, years=None, archive_codes=sorted({key[0] for key in keyed}), approved_only=False)
    for code, year, revision in keyed:
        before, after = revisions.get((code, year, revision - 1)), revisions.get((code, year, revision))
        stored = {figures.year: figures for figures in stored_now.get(code, ())}
        for plan in plans:
            targets = indexes[plan.code].for_archive(hierarchy.by_code[code])
            if not targets or (plan.under is not None and plan.under not in hierarchy.chain(code)):
                continue
            old = evaluate_archive(plan, targets, _with(stored, year, before), as_of[plan.code]).status
            new = evaluate_archive(plan, targets, _with(stored, year, after), as_of[plan.code]).status
            if old != new:
                changed = _changed(code, plan.code, as_of[plan.code], old, new) | {"report_year": year}
                changed["revision"] = revision
                outbox.emit(session, EventType.compliance_status_changed, changed, at=now, archive_code=code)


def _changed(code: str, plan: str, as_of: int, old: str | None, new: str | None) -> dict[str, JsonValue]:
    """The event's data: the archive, the plan, the as-of year, the old and new status, where to read more."""
    return {
        "archive_code": code,
        "plan": plan,
        "year": as_of,
        "old_status": old,
        "new_status": new,
        "path": f"/api/v1/archives/{code}/compliance?plan={plan}",
    }


def _with(stored: dict[int, YearFigures], year: int, figures: YearFigures | None) -> dict[int, YearFigures]:
    reports = {stored_year: kept for stored_year, kept in stored.items() if stored_year != year}
    if figures is not None:
        reports[year] = figures
    return reports


def _report_key(event: WebhookEvent) -> tuple[str, int, int]:
    data = event.payload["data"]
    assert isinstance(data, dict)
    return str(data["archive_code"]), int(data["year"]), int(data["revision"])


def _revisions(session: Session, keyed: Sequence[tuple[str, int, int]]) -> dict[tuple[str, int, int], YearFigures]:
    """The figures of each report event's revision and of the one before it, in one query."""
    wanted = sorted({(code, year, number) for code, year, revision in keyed for number in (revision - 1, revision)})
    key = tuple_(col(ReportRevision.archive_code), col(ReportRevision.year), col(ReportRevision.revision))
    return {
        (row.archive_code, row.year, row.revision): YearFigures.of(row.year, row.model_dump())
        for row in session.scalars(select(ReportRevision).where(key.in_(wanted)))
    }
