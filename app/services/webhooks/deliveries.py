"""A webhook's delivery log, and redelivery on request.

Each delivery is one event sent to one endpoint, with every attempt (the answer's status,
the first 1 KB of its body, how long it took, the next attempt). Redelivering queues one
attempt now, with the same webhook-id, signed with the endpoint's current secrets; a
redelivery that fails is not retried (the worker reads `retry`).
"""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from app import errors
from app.i18n import Text
from app.models.webhook import (
    AttemptPublic,
    DeliveryPublic,
    DeliveryStatus,
    EventType,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
)


def list_deliveries(
    session: Session,
    webhook: Webhook,
    *,
    status: DeliveryStatus | None,
    event: EventType | None,
    limit: int,
    offset: int,
) -> tuple[list[DeliveryPublic], int]:
    """A page of the webhook's deliveries, newest first, each with its attempts and payload, and the total."""
    conditions = [col(WebhookDelivery.webhook_id) == webhook.id]
    if status is not None:
        conditions.append(col(WebhookDelivery.status) == status)
    if event is not None:
        conditions.append(col(WebhookDelivery.event_type) == event)
    total = session.scalar(select(func.count()).select_from(WebhookDelivery).where(*conditions)) or 0
    query = (
        select(WebhookDelivery, col(WebhookEvent.payload))
        .join(WebhookEvent, col(WebhookEvent.id) == col(WebhookDelivery.event_id))
        .where(*conditions)
        .order_by(col(WebhookDelivery.id).desc())
        .limit(limit)
        .offset(offset)
    )
    rows = [(delivery, payload) for delivery, payload in session.execute(query)]
    attempts = _attempts(session, [delivery.id for delivery, _ in rows if delivery.id is not None])
    return [_public(delivery, payload, attempts[delivery.id]) for delivery, payload in rows], total


def get_delivery(session: Session, webhook: Webhook, delivery_id: int) -> WebhookDelivery:
    """The webhook's delivery, or DeliveryNotFound."""
    query = select(WebhookDelivery).where(
        col(WebhookDelivery.id) == delivery_id, col(WebhookDelivery.webhook_id) == webhook.id
    )
    found = session.scalars(query.with_for_update()).first()
    if found is None:
        raise errors.DeliveryNotFound(
            Text(
                f"webhook {webhook.id} has no delivery with id {delivery_id}",
                f"webhook {webhook.id} 没有编号为 {delivery_id} 的投递",
            )
        )
    return found


def redeliver(session: Session, delivery: WebhookDelivery, *, now: datetime) -> DeliveryPublic:
    """Queue one attempt of the delivery now (same webhook-id; no retry if it fails)."""
    delivery.status = DeliveryStatus.pending
    delivery.next_attempt_at = now
    delivery.retry = False
    session.add(delivery)
    session.flush()
    event = session.get(WebhookEvent, delivery.event_id)
    assert event is not None and delivery.id is not None
    return _public(delivery, event.payload, _attempts(session, [delivery.id])[delivery.id])


def _attempts(session: Session, delivery_ids: list[int]) -> dict[int | None, list[AttemptPublic]]:
    found: dict[int | None, list[AttemptPublic]] = defaultdict(list)
    if not delivery_ids:
        return found
    query = (
        select(WebhookAttempt)
        .where(col(WebhookAttempt.delivery_id).in_(delivery_ids))
        .order_by(col(WebhookAttempt.delivery_id), col(WebhookAttempt.number))
    )
    for attempt in session.scalars(query):
        found[attempt.delivery_id].append(AttemptPublic.model_validate(attempt))
    return found


def _public(delivery: WebhookDelivery, payload: dict[str, object], attempts: list[AttemptPublic]) -> DeliveryPublic:
    return DeliveryPublic.model_validate(
        {
            "id": delivery.id,
            "webhook_id": delivery.webhook_id,
            "event_type": delivery.event_type,
            "message_id": delivery.message_id,
            "status": delivery.status,
            "attempts": attempts,
            "next_attempt_at": delivery.next_attempt_at,
            "created_at": delivery.created_at,
            "payload": payload,
        }
    )
