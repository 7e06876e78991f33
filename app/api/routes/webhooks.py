"""Webhooks: endpoints that hear what happens in the caller's scope, signed (Standard Webhooks), with their deliveries."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from app import errors
from app.api.deps import Limit, Now, Offset, ReadSession, WriteSession
from app.api.errors import responses
from app.api.openapi import operation_id
from app.api.permissions import PermittedSomewhere
from app.domain.permissions import Action
from app.domain.roles import Actor
from app.models.common import Page
from app.models.webhook import (
    DeliveryPublic,
    DeliveryStatus,
    EventPayload,
    EventType,
    Webhook,
    WebhookCreate,
    WebhookPublic,
    WebhookUpdate,
    WebhookWithSecret,
)
from app.services.webhooks import deliveries, endpoints
from app.services.webhooks.addresses import Network, parse_networks

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

WebhookId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DeliveryId = Annotated[int, Path(ge=1, le=2**31 - 1)]
WebhookManager = Annotated[Actor, Depends(PermittedSomewhere(Action.manage_webhooks))]


async def allowed_networks(request: Request) -> tuple[Network, ...]:
    """The private networks webhooks may call (LANTAI_WEBHOOK_ALLOWED_NETWORKS)."""
    return parse_networks(request.app.state.settings.webhook_allowed_networks)


AllowedNetworks = Annotated[tuple[Network, ...], Depends(allowed_networks)]


def _with_secret(row: Webhook) -> WebhookWithSecret:
    return WebhookWithSecret(**WebhookPublic.model_validate(row).model_dump(), secret=row.secret)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=responses(errors.MalformedJSON, errors.Forbidden, errors.InvalidWebhookUrl),
)
def create_webhook(
    session: WriteSession, actor: WebhookManager, body: WebhookCreate, now: Now, allowed: AllowedNetworks
) -> WebhookWithSecret:
    """Add an endpoint for events about your scope's archives; its secret is shown only in this answer."""
    return _with_secret(endpoints.create_webhook(session, body, actor=actor, now=now, allowed=allowed))


@router.get("", responses=responses(errors.Forbidden))
def list_webhooks(
    session: ReadSession, actor: WebhookManager, limit: Limit = 100, offset: Offset = 0
) -> Page[WebhookPublic]:
    """List the webhooks of your scope, oldest first (never their secrets)."""
    rows, total = endpoints.list_webhooks(session, actor, limit=limit, offset=offset)
    return Page(items=[WebhookPublic.model_validate(row) for row in rows], total=total, limit=limit, offset=offset)


@router.get("/{webhook_id}", responses=responses(errors.Forbidden, errors.WebhookNotFound))
def get_webhook(session: ReadSession, actor: WebhookManager, webhook_id: WebhookId) -> WebhookPublic:
    """Read a webhook of your scope."""
    return WebhookPublic.model_validate(endpoints.get_webhook(session, actor, webhook_id))


@router.patch(
    "/{webhook_id}",
    responses=responses(errors.MalformedJSON, errors.Forbidden, errors.WebhookNotFound, errors.InvalidWebhookUrl),
)
def update_webhook(
    session: WriteSession,
    actor: WebhookManager,
    webhook_id: WebhookId,
    body: WebhookUpdate,
    now: Now,
    allowed: AllowedNetworks,
) -> WebhookPublic:
    """Change a webhook's URL, events, description, or whether it is enabled."""
    found = endpoints.get_webhook(session, actor, webhook_id, for_update=True)
    changed = endpoints.update_webhook(session, found, body, actor=actor, now=now, allowed=allowed)
    return WebhookPublic.model_validate(changed)


@router.delete(
    "/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(errors.Forbidden, errors.WebhookNotFound),
)
def delete_webhook(session: WriteSession, actor: WebhookManager, webhook_id: WebhookId) -> Response:
    """Delete a webhook and its delivery log."""
    endpoints.delete_webhook(session, endpoints.get_webhook(session, actor, webhook_id, for_update=True), actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{webhook_id}/rotate-secret", responses=responses(errors.Forbidden, errors.WebhookNotFound))
def rotate_secret(session: WriteSession, actor: WebhookManager, webhook_id: WebhookId, now: Now) -> WebhookWithSecret:
    """Give a webhook a new secret (shown once); the old one keeps signing beside it for 24 hours."""
    found = endpoints.get_webhook(session, actor, webhook_id, for_update=True)
    return _with_secret(endpoints.rotate_secret(session, found, actor=actor, now=now))


@router.post(
    "/{webhook_id}/test",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(errors.Forbidden, errors.WebhookNotFound),
)
def test_webhook(session: WriteSession, actor: WebhookManager, webhook_id: WebhookId, now: Now) -> Response:
    """Send a webhook.test event to this webhook (delivered within seconds, logged as any other)."""
    endpoints.send_test(session, endpoints.get_webhook(session, actor, webhook_id), actor=actor, now=now)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{webhook_id}/deliveries", responses=responses(errors.Forbidden, errors.WebhookNotFound))
def list_deliveries(
    session: ReadSession,
    actor: WebhookManager,
    webhook_id: WebhookId,
    delivery_status: Annotated[DeliveryStatus | None, Query(alias="status")] = None,
    event: EventType | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[DeliveryPublic]:
    """A webhook's deliveries, newest first, each with its attempts (status code, body's first 1 KB, duration)."""
    found = endpoints.get_webhook(session, actor, webhook_id)
    items, total = deliveries.list_deliveries(
        session, found, status=delivery_status, event=event, limit=limit, offset=offset
    )
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    status_code=status.HTTP_202_ACCEPTED,
    responses=responses(errors.Forbidden, errors.WebhookNotFound, errors.DeliveryNotFound),
)
def redeliver(
    session: WriteSession, actor: WebhookManager, webhook_id: WebhookId, delivery_id: DeliveryId, now: Now
) -> DeliveryPublic:
    """Send a delivery again, once, now: the same webhook-id, signed with the current secret."""
    found = deliveries.get_delivery(session, endpoints.get_webhook(session, actor, webhook_id), delivery_id)
    return deliveries.redeliver(session, found, now=now)


# The events, as the OpenAPI document's `webhooks` section describes them (app.main adds them to app.webhooks).
SIGNED = (
    " Sent as a POST of {type, timestamp, data}, signed the Standard Webhooks way: headers webhook-id (the same on"
    " every attempt), webhook-timestamp (Unix seconds) and webhook-signature (v1,<base64 HMAC-SHA256 of"
    ' "{id}.{timestamp}.{body}">, keyed by the secret\'s bytes after whsec_). Answer 2xx quickly; 410 disables the endpoint.'
)
EVENT_DOCS = {
    EventType.report_submitted: "A report created or its figures changed (PUT, PATCH, import). "
    "data: archive_code, year, revision, status, path.",
    EventType.report_returned: "A report returned for correction. data: archive_code, year, revision, status, path.",
    EventType.report_approved: "A report approved (and locked). data: archive_code, year, revision, status, path.",
    EventType.report_reopened: "An approved report reopened. data: archive_code, year, revision, status, path.",
    EventType.compliance_status_changed: "A report's write changed the archive's overall status under a plan, as of "
    "the plan's default year. data: archive_code, plan, year, old_status, new_status, report_year, revision, path.",
    EventType.round_opened: "A round opened. data: round_id, year, name, opens_on, due_on, under, path.",
    EventType.round_overdue: "A round's due date passed (once per round). "
    "data: round_id, year, name, due_on, under, counts, missing (the archive codes), path.",
    EventType.import_completed: "An import written. data: rows_read, created, replaced, unchanged, imported_by, path.",
    EventType.webhook_test: "A test, on request (POST /webhooks/{id}/test). data: webhook_id, sent_by, path.",
}
RECEIVER_ANSWERS: dict[int | str, dict[str, Any]] = {
    410: {"description": "Gone: the endpoint is disabled, nothing more is sent"},
    "4XX": {"description": "Any other answer (or none in 10 s) is a failed attempt, tried again on the schedule"},
}
events = APIRouter(tags=["webhook events"], generate_unique_id_function=operation_id)


def _event_route(event_type: EventType) -> None:
    def receive(body: EventPayload) -> None:
        """What your endpoint receives."""

    name = "on_" + event_type.value.replace(".", "_")
    events.add_api_route(
        event_type.value, receive, methods=["POST"], name=name, summary=event_type.value,
        description=EVENT_DOCS[event_type] + SIGNED, status_code=status.HTTP_204_NO_CONTENT, responses=RECEIVER_ANSWERS,
    )  # fmt: skip


for _event_type in EventType:
    _event_route(_event_type)
