"""Webhooks: the endpoints, the outbox of events, each endpoint's deliveries and their attempts; the API schemas.

An event row is written in the transaction of the change that causes it (the
transactional outbox); the delivery worker (app.services.webhooks) fans it out to
the endpoints that hear it, one delivery each, and sends every delivery until an
answer in 2xx, a 410, or the end of the retry schedule.
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, JsonValue
from sqlalchemy import JSON, Column, ForeignKey, Integer
from sqlmodel import Field as TableField
from sqlmodel import SQLModel

from app.models.common import NoteText, UtcDateTime, utcnow


class EventType(StrEnum):
    """What a webhook may hear; webhook.test is sent on request to one endpoint only."""

    report_submitted = "report.submitted"
    report_returned = "report.returned"
    report_approved = "report.approved"
    report_reopened = "report.reopened"
    compliance_status_changed = "compliance.status_changed"
    round_opened = "round.opened"
    round_overdue = "round.overdue"
    import_completed = "import.completed"
    webhook_test = "webhook.test"


class DeliveryStatus(StrEnum):
    """Where a delivery stands: still to be sent (again), answered in 2xx, or given up."""

    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"


class Webhook(SQLModel, table=True):
    """An endpoint that hears events about the archives of its creator's scope (`archive_code`; None: all).

    `secret` signs every message; after a rotation `previous_secret` signs beside it until
    `previous_secret_expires_at`. `failing_since` is the first failed attempt of an unbroken run."""

    __tablename__ = "webhook"

    id: int | None = TableField(default=None, primary_key=True)
    url: str = TableField(max_length=2000)
    description: str = TableField(default="", max_length=500)
    events: list[str] = TableField(sa_column=Column(JSON, nullable=False))
    archive_code: str | None = TableField(default=None, max_length=32, index=True)
    enabled: bool = True
    disabled_reason: str | None = TableField(default=None, max_length=500)
    secret: str = TableField(max_length=100)
    previous_secret: str | None = TableField(default=None, max_length=100)
    previous_secret_expires_at: datetime | None = TableField(default=None, sa_type=UtcDateTime)
    failing_since: datetime | None = TableField(default=None, sa_type=UtcDateTime)
    created_by: str = TableField(max_length=200)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)


class WebhookEvent(SQLModel, table=True):
    """The outbox: one event, written with the change that caused it; `fanned_out_at` once deliveries exist.

    `archive_code` decides who hears it (None: only webhooks of no scope); `webhook_id` names the
    one endpoint a test event goes to; `once_key` makes an event unique (a round's overdue notice)."""

    __tablename__ = "webhook_event"

    id: int | None = TableField(default=None, primary_key=True)
    type: str = TableField(max_length=40)
    archive_code: str | None = TableField(default=None, max_length=32)
    webhook_id: int | None = TableField(default=None)
    payload: dict[str, object] = TableField(sa_column=Column(JSON, nullable=False))
    once_key: str | None = TableField(default=None, max_length=100, unique=True)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)
    fanned_out_at: datetime | None = TableField(default=None, sa_type=UtcDateTime, index=True)


class WebhookDelivery(SQLModel, table=True):
    """One event to one endpoint: `message_id` is the webhook-id header of every attempt.

    `next_attempt_at` is when a worker may take it next (a claimed attempt moves it past the
    attempt's lease, so no other worker takes it meanwhile); None once it succeeded or failed."""

    __tablename__ = "webhook_delivery"

    id: int | None = TableField(default=None, primary_key=True)
    webhook_id: int = TableField(
        sa_column=Column(Integer, ForeignKey("webhook.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    event_id: int = TableField(sa_column=Column(Integer, ForeignKey("webhook_event.id"), nullable=False))
    event_type: str = TableField(max_length=40)
    message_id: str = TableField(max_length=64)
    status: str = TableField(max_length=16)
    attempts: int = 0
    retry: bool = True  # a failed attempt is tried again on the schedule (a redelivery is one attempt)
    next_attempt_at: datetime | None = TableField(default=None, sa_type=UtcDateTime, index=True)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)


class WebhookAttempt(SQLModel, table=True):
    """One attempt of a delivery: the answer's status (None: no answer), its body's first 1 KB, how long it took."""

    __tablename__ = "webhook_attempt"

    id: int | None = TableField(default=None, primary_key=True)
    delivery_id: int = TableField(
        sa_column=Column(Integer, ForeignKey("webhook_delivery.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    number: int
    at: datetime = TableField(sa_type=UtcDateTime)
    status_code: int | None = None
    response_body: str = TableField(default="", max_length=1024)
    duration_ms: int
    error: str | None = TableField(default=None, max_length=500)


WebhookUrl = Annotated[str, Field(min_length=1, max_length=2000, description="http or https; no credentials")]
Description = Annotated[str, Field(max_length=500), NoteText]
EventList = Annotated[list[EventType], Field(min_length=1, description="The events to hear (webhook.test excluded)")]


class WebhookCreate(BaseModel):
    """An endpoint to call: it hears the events named, about the archives of the caller's scope."""

    model_config = ConfigDict(extra="forbid")

    url: WebhookUrl
    events: EventList
    description: Description = ""


class WebhookUpdate(BaseModel):
    """What may change: the URL (checked again), the events, the description, and whether it is enabled."""

    model_config = ConfigDict(extra="forbid")

    url: WebhookUrl | None = None
    events: EventList | None = None
    description: Description | None = None
    enabled: bool | None = Field(default=None, description="true re-enables an endpoint that was disabled")


class WebhookPublic(BaseModel):
    """An endpoint as the API shows it: never its secret."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    url: str
    description: str
    events: list[EventType]
    archive_code: str | None = Field(description="The scope it hears about (None: every archive)")
    enabled: bool
    disabled_reason: str | None = Field(description="Why it was disabled (a 410, or 5 days of failures)")
    failing_since: datetime | None
    previous_secret_expires_at: datetime | None = Field(description="Until when the secret before a rotation signs")
    created_by: str
    created_at: datetime
    updated_at: datetime


class WebhookWithSecret(WebhookPublic):
    """An endpoint just created or given a new secret: `secret` is shown this once."""

    secret: str = Field(description="whsec_ + base64 of 24 random bytes: verify each message with it")


class AttemptPublic(BaseModel):
    """One attempt of a delivery."""

    model_config = ConfigDict(from_attributes=True)

    number: int
    at: datetime
    status_code: int | None = Field(description="The receiver's answer (None: no answer: see error)")
    response_body: str = Field(description="The first 1 KB of the answer's body")
    duration_ms: int
    error: str | None


class DeliveryPublic(BaseModel):
    """One event sent to one endpoint, with every attempt."""

    id: int
    webhook_id: int
    event_type: EventType
    message_id: str = Field(description="The webhook-id header, the same on every attempt")
    status: DeliveryStatus
    attempts: list[AttemptPublic]
    next_attempt_at: datetime | None
    created_at: datetime
    payload: dict[str, JsonValue]


class EventPayload(BaseModel):
    """The body of every message (thin: ids, what changed, and the API path to read the rest)."""

    type: EventType
    timestamp: datetime
    data: dict[str, JsonValue]
