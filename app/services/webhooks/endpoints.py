"""Webhook endpoints: create (the secret shown once), list, read, change, delete, rotate the secret, test.

- Admins and supervisors (Action.manage_webhooks). A webhook belongs to its creator's scope
  (`archive_code`: a supervisor's archive; None for an admin: every archive) and hears only
  events about archives in it. A caller sees, changes and deletes only the webhooks of its
  own scope and below (an admin: all); any other is WebhookNotFound, as if it did not exist.
- The URL is checked (app.services.webhooks.addresses) when it is saved: InvalidWebhookUrl.
- Rotating the secret keeps the old one signing beside the new one for ROTATION_OVERLAP.
- Every change is recorded in the audit trail (never the secret).
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlmodel import Session, col

from app import errors
from app.domain.permissions import Action, Reach, reach
from app.domain.roles import Actor
from app.i18n import Text
from app.models.audit import AuditAction
from app.models.webhook import EventType, Webhook, WebhookCreate, WebhookPublic, WebhookUpdate
from app.services import audit, outbox
from app.services.hierarchy import subtree_codes
from app.services.webhooks.addresses import Network, Resolver, UnsafeUrl, check_url, resolve
from app.services.webhooks.signing import new_secret

ROTATION_OVERLAP = timedelta(hours=24)


def checked_url(url: str, allowed: Sequence[Network], resolver: Resolver = resolve) -> str:
    """The URL, once it may be called; InvalidWebhookUrl otherwise."""
    try:
        check_url(url, allowed, resolver=resolver)
    except UnsafeUrl as unsafe:
        raise errors.InvalidWebhookUrl(unsafe.reason) from None
    return url


def create_webhook(
    session: Session, data: WebhookCreate, *, actor: Actor, now: datetime, allowed: Sequence[Network]
) -> Webhook:
    """Save an endpoint in the caller's scope, with a new secret."""
    row = Webhook(
        url=checked_url(data.url, allowed),
        description=data.description,
        events=[str(event) for event in dict.fromkeys(data.events)],
        archive_code=actor.archive_code,
        secret=new_secret(),
        created_by=actor.name,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    _audit(session, actor, AuditAction.webhook_create, row, before=None)
    return row


def visible_scopes(session: Session, actor: Actor) -> frozenset[str] | None:
    """The scopes whose webhooks the caller sees: None for every one (an admin)."""
    if reach(actor, Action.manage_webhooks) is Reach.anywhere:
        return None
    if actor.archive_code is None or reach(actor, Action.manage_webhooks) is Reach.nowhere:
        return frozenset()
    return subtree_codes(session, actor.archive_code)


def list_webhooks(session: Session, actor: Actor, *, limit: int, offset: int) -> tuple[list[Webhook], int]:
    """A page of the webhooks the caller sees, oldest first, and the total."""
    scopes = visible_scopes(session, actor)
    conditions = [] if scopes is None else [col(Webhook.archive_code).in_(sorted(scopes))]
    total = session.scalar(select(func.count()).select_from(Webhook).where(*conditions)) or 0
    query = select(Webhook).where(*conditions).order_by(col(Webhook.id)).limit(limit).offset(offset)
    return list(session.scalars(query)), total


def get_webhook(session: Session, actor: Actor, webhook_id: int, *, for_update: bool = False) -> Webhook:
    """The webhook, when the caller sees it; WebhookNotFound otherwise."""
    query = select(Webhook).where(col(Webhook.id) == webhook_id)
    if for_update:
        query = query.with_for_update()
    found = session.scalars(query).first()
    scopes = None if found is None else visible_scopes(session, actor)
    if found is None or (scopes is not None and found.archive_code not in scopes):
        raise errors.WebhookNotFound(Text(f"no webhook with id {webhook_id}", f"不存在编号为 {webhook_id} 的 webhook"))
    return found


def update_webhook(
    session: Session, found: Webhook, data: WebhookUpdate, *, actor: Actor, now: datetime, allowed: Sequence[Network]
) -> Webhook:
    """Change the URL (checked again), the events, the description or whether it is enabled."""
    before = WebhookPublic.model_validate(found)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "url" in changes:
        found.url = checked_url(changes["url"], allowed)
    if "events" in changes:
        found.events = [str(event) for event in dict.fromkeys(changes["events"])]
    if "description" in changes:
        found.description = changes["description"]
    if changes.get("enabled") is True and not found.enabled:
        found.enabled, found.disabled_reason, found.failing_since = True, None, None
    elif changes.get("enabled") is False:
        found.enabled, found.disabled_reason = False, f"disabled by {actor.name}"
    found.updated_at = now
    session.add(found)
    session.flush()
    _audit(session, actor, AuditAction.webhook_update, found, before=before)
    return found


def delete_webhook(session: Session, found: Webhook, *, actor: Actor) -> None:
    """Delete the endpoint, with its deliveries."""
    before = WebhookPublic.model_validate(found)
    session.delete(found)
    session.flush()
    audit.record(
        session, actor, AuditAction.webhook_delete, entity_key=f"webhook/{before.id}", archive_code=before.archive_code,
        before=before,
    )  # fmt: skip


def rotate_secret(session: Session, found: Webhook, *, actor: Actor, now: datetime) -> Webhook:
    """A new secret; the current one keeps signing beside it for ROTATION_OVERLAP."""
    before = WebhookPublic.model_validate(found)
    found.previous_secret = found.secret
    found.previous_secret_expires_at = now + ROTATION_OVERLAP
    found.secret = new_secret()
    found.updated_at = now
    session.add(found)
    session.flush()
    _audit(session, actor, AuditAction.webhook_rotate_secret, found, before=before)
    return found


def send_test(session: Session, found: Webhook, *, actor: Actor, now: datetime) -> None:
    """Queue a webhook.test event for this endpoint alone."""
    data = {"webhook_id": found.id, "sent_by": actor.name, "path": f"/api/v1/webhooks/{found.id}"}
    outbox.emit(session, EventType.webhook_test, data, at=now, archive_code=found.archive_code, webhook_id=found.id)


def _audit(session: Session, actor: Actor, action: AuditAction, found: Webhook, *, before: BaseModel | None) -> None:
    audit.record(
        session,
        actor,
        action,
        entity_key=f"webhook/{found.id}",
        archive_code=found.archive_code,
        before=before,
        after=WebhookPublic.model_validate(found),
    )
