"""The transactional outbox: an event row added in the transaction of the change that causes it.

A write that rolls back takes its events with it; a write that commits has its events
committed with it, whatever happens to the process afterwards. Adding an event is one
INSERT in the writer's transaction and nothing else: who hears it, the signing and the
sending are the delivery worker's (app.services.webhooks.worker), never the request's.

Each event's payload is thin (Standard Webhooks): {"type", "timestamp", "data"}, the data
holding the ids, what changed, and the API path that reads the rest. `archive_code` is
the archive the event is about: a webhook hears it when that archive is in its scope.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime

from pydantic import JsonValue
from sqlalchemy import insert
from sqlmodel import Session

from app.models.round import Round
from app.models.webhook import EventPayload, EventType, WebhookEvent

EVENTS = WebhookEvent.__table__  # type: ignore[attr-defined]
REVIEW_EVENTS = {
    "approve": EventType.report_approved,
    "return": EventType.report_returned,
    "reopen": EventType.report_reopened,
}


def event_row(
    type_: EventType, data: Mapping[str, JsonValue], *, at: datetime, archive_code: str | None
) -> dict[str, object]:
    """An event's row, as inserted."""
    payload = EventPayload(type=type_, timestamp=at, data=dict(data)).model_dump(mode="json")
    return {"type": str(type_), "archive_code": archive_code, "payload": payload, "created_at": at}


def emit(
    session: Session,
    type_: EventType,
    data: Mapping[str, JsonValue],
    *,
    at: datetime,
    archive_code: str | None,
    webhook_id: int | None = None,
    once_key: str | None = None,
) -> None:
    """Add one event to the outbox, in the session's transaction."""
    row = event_row(type_, data, at=at, archive_code=archive_code)
    session.add(WebhookEvent.model_validate(row | {"webhook_id": webhook_id, "once_key": once_key}))


def emit_many(session: Session, rows: Sequence[dict[str, object]]) -> None:
    """Add many events (event_row's) in one INSERT, in the session's transaction."""
    if rows:
        session.connection().execute(insert(EVENTS), [event_insert(row) for row in rows])


def event_insert(row: dict[str, object]) -> dict[str, object]:
    """An event_row's values as inserted: for every endpoint (no webhook), not once-only."""
    return {"webhook_id": None, "once_key": None, **row}


def report_data(archive_code: str, year: int, revision: int, status: str) -> dict[str, JsonValue]:
    """What a report event says: the report's key, revision and status, and where to read it."""
    return {
        "archive_code": archive_code,
        "year": year,
        "revision": revision,
        "status": status,
        "path": f"/api/v1/archives/{archive_code}/reports/{year}",
    }


def report_submitted(session: Session, archive_code: str, year: int, revision: int, status: str, at: datetime) -> None:
    """A report created, or its figures changed (PUT, PATCH)."""
    data = report_data(archive_code, year, revision, status)
    emit(session, EventType.report_submitted, data, at=at, archive_code=archive_code)


def report_reviewed(
    session: Session, step: str, archive_code: str, year: int, revision: int, status: str, at: datetime
) -> None:
    """A review step taken: approve, return or reopen."""
    data = report_data(archive_code, year, revision, status)
    emit(session, REVIEW_EVENTS[step], data, at=at, archive_code=archive_code)


def round_opened(session: Session, opened: Round) -> None:
    """A round opened: heard in the scope of its `under` archive (everywhere: webhooks of no scope)."""
    data: dict[str, JsonValue] = {
        "round_id": opened.id,
        "year": opened.year,
        "name": opened.name,
        "opens_on": opened.opens_on.isoformat(),
        "due_on": opened.due_on.isoformat(),
        "under": opened.under,
        "path": f"/api/v1/rounds/{opened.id}",
    }
    emit(session, EventType.round_opened, data, at=opened.created_at, archive_code=opened.under)
