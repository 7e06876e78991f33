"""The worker's first step: every new event of the outbox becomes one delivery per endpoint that hears it.

An enabled endpoint hears an event when it listens for the event's type and the event's
archive is in its scope: the endpoint has no scope (an admin's), or its archive is the
event's archive or above it. An event about no archive (a national round, an admin's
import) is heard only by endpoints of no scope. A test event goes to its one endpoint.

The events are taken FOR UPDATE SKIP LOCKED (PostgreSQL; on SQLite the write transaction
holds the lock), so two workers never fan one event out twice. The derived events
(compliance.status_changed, round.overdue) are added in the same transaction, and fanned
out in the same pass. An event no endpoint hears is deleted once fanned out (a round's
overdue event is kept: its `once_key` says it was emitted).
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, exists, insert, select
from sqlmodel import Session, col

from app.domain.hierarchy import Hierarchy
from app.models import Webhook, WebhookDelivery, WebhookEvent
from app.models.webhook import DeliveryStatus, EventType
from app.services.hierarchy import load_hierarchy
from app.services.webhooks.compliance_events import status_changes
from app.services.webhooks.overdue import overdue_rounds, waiting_rounds

EVENTS_PER_BATCH = 500
BATCHES_PER_PASS = 4
DELIVERIES = WebhookDelivery.__table__  # type: ignore[attr-defined]


def work_waiting(session: Session, now: datetime, zone: str) -> bool:
    """True when an event awaits its fan-out, a delivery is due, or a round has just become overdue."""
    new_event = exists().where(col(WebhookEvent.fanned_out_at).is_(None))
    due = exists().where(
        col(WebhookDelivery.status) == DeliveryStatus.pending,
        col(WebhookDelivery.next_attempt_at) <= now,
        col(Webhook.id) == col(WebhookDelivery.webhook_id),
        col(Webhook.enabled),
    )
    if session.scalar(select(new_event | due)):
        return True
    return bool(waiting_rounds(session, now, zone))


def fan_out(session: Session, now: datetime, zone: str) -> int:
    """Turn the new events into deliveries; how many events were fanned out."""
    overdue_rounds(session, now, zone)
    session.flush()
    done = 0
    for _ in range(BATCHES_PER_PASS):
        query = select(WebhookEvent).where(col(WebhookEvent.fanned_out_at).is_(None)).order_by(col(WebhookEvent.id))
        events = list(session.scalars(query.limit(EVENTS_PER_BATCH).with_for_update(skip_locked=True)))
        if not events:
            break
        hooks = list(session.scalars(select(Webhook).where(col(Webhook.enabled)).order_by(col(Webhook.id))))
        rows = _deliveries(session, events, hooks, now) if hooks else []  # no endpoint: no hierarchy to read
        if rows:
            session.connection().execute(insert(DELIVERIES), rows)
        heard = {row["event_id"] for row in rows}
        for event in events:
            event.fanned_out_at = now
            session.add(event)
        session.flush()
        unheard = [event.id for event in events if event.id not in heard and event.once_key is None]
        session.execute(delete(WebhookEvent).where(col(WebhookEvent.id).in_(unheard)))
        done += len(events)
    return done


def _deliveries(
    session: Session, events: Sequence[WebhookEvent], hooks: Sequence[Webhook], now: datetime
) -> list[dict[str, object]]:
    """The deliveries of these events to the endpoints that hear them, after the derived
    compliance.status_changed events are added (when an endpoint listens for them)."""
    hierarchy = load_hierarchy(session)
    if any(EventType.compliance_status_changed in hook.events for hook in hooks):
        submitted = [event for event in events if event.type == EventType.report_submitted]
        status_changes(session, submitted, hierarchy, now)
    return [_delivery(event, hook, now) for event in events for hook in hooks if hears(hook, event, hierarchy)]


def hears(hook: Webhook, event: WebhookEvent, hierarchy: Hierarchy) -> bool:
    """Whether the endpoint hears the event (see the module's docstring)."""
    if event.webhook_id is not None:
        return hook.id == event.webhook_id
    if event.type not in hook.events:
        return False
    if hook.archive_code is None:
        return True
    return event.archive_code is not None and hook.archive_code in _chain(hierarchy, event.archive_code)


def _chain(hierarchy: Hierarchy, code: str) -> Sequence[str]:
    return hierarchy.chain(code) if code in hierarchy.by_code else (code,)


def _delivery(event: WebhookEvent, hook: Webhook, now: datetime) -> dict[str, object]:
    return {
        "webhook_id": hook.id,
        "event_id": event.id,
        "event_type": event.type,
        "message_id": f"msg_{event.id}",
        "status": DeliveryStatus.pending,
        "attempts": 0,
        "retry": True,
        "next_attempt_at": now,
        "created_at": now,
    }
