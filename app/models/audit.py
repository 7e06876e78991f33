"""The audit trail: one row per write, never changed or deleted; the table and the API schema."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, JsonValue
from sqlalchemy import JSON, Column
from sqlmodel import Field as TableField
from sqlmodel import SQLModel

from app.domain.roles import Role
from app.models.common import UtcDateTime, utcnow


class AuditAction(StrEnum):
    """Every kind of write the trail records; the part before the dot is the entity written."""

    archive_create = "archive.create"
    archive_update = "archive.update"
    archive_delete = "archive.delete"
    archive_event = "archive.event"
    archive_merge = "archive.merge"
    archive_split = "archive.split"
    report_create = "report.create"
    report_replace = "report.replace"
    report_approve = "report.approve"
    report_return = "report.return"
    report_reopen = "report.reopen"
    plan_create = "plan.create"
    target_create = "target.create"
    target_delete = "target.delete"
    token_create = "token.create"
    token_revoke = "token.revoke"
    round_create = "round.create"
    round_update = "round.update"
    round_delete = "round.delete"
    user_create = "user.create"
    user_update = "user.update"
    user_password = "user.password"
    user_sign_in = "user.sign_in"
    user_sign_in_failed = "user.sign_in_failed"
    user_lock = "user.lock"
    user_sign_out = "user.sign_out"
    webhook_create = "webhook.create"
    webhook_update = "webhook.update"
    webhook_delete = "webhook.delete"
    webhook_rotate_secret = "webhook.rotate_secret"

    @property
    def entity(self) -> str:
        """What kind of thing the action writes: archive, report, plan, target or token."""
        return self.value.partition(".")[0]


class AuditEntry(SQLModel, table=True):
    """Who did what, when, to which entity, and its values before and after.

    `archive_path` is the archive's chain from the root at the time of the write
    ("/HN/HN-CS/"), so that a supervisor's view of the trail survives moves and deletions.
    `request_id` is the server's id of the request; `client_request_id` the X-Request-ID
    the client sent, if any (a client cannot pass its id off as another's).
    `self_approval` says, on an approval, whether the approver's token wrote the revision."""

    __tablename__ = "audit_entry"
    __table_args__ = {"sqlite_autoincrement": True}  # ids never reused (migration 0009)

    id: int | None = TableField(default=None, primary_key=True)
    at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    actor: str = TableField(max_length=200, index=True)
    actor_role: str = TableField(max_length=16)
    token_id: int | None = None
    action: str = TableField(max_length=32, index=True)
    entity: str = TableField(max_length=16)
    entity_key: str = TableField(max_length=100)
    archive_code: str | None = TableField(default=None, max_length=32, index=True)
    archive_path: str | None = TableField(default=None, max_length=1000)
    year: int | None = TableField(default=None, index=True)
    before: dict[str, object] | None = TableField(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, object] | None = TableField(default=None, sa_column=Column(JSON, nullable=True))
    request_id: str | None = TableField(default=None, max_length=64)
    client_request_id: str | None = TableField(default=None, max_length=64)
    self_approval: bool | None = None
    username: str | None = TableField(default=None, max_length=64)  # the console account, for a person's write


class AuditEntryPublic(BaseModel):
    """One write in the audit trail."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    actor_role: Role
    token_id: int | None
    action: AuditAction
    entity: str
    entity_key: str
    archive_code: str | None
    year: int | None
    before: dict[str, JsonValue] | None
    after: dict[str, JsonValue] | None
    request_id: str | None
    client_request_id: str | None
    self_approval: bool | None


# The moments a filter of the trail may name: the service writes its rows between these years,
# and a moment at the calendar's edge (0001-01-01+01:00) cannot even be moved to UTC.
FIRST_YEAR, LAST_YEAR = 1970, 2199


def _bounded_moment(moment: datetime) -> datetime:
    """The moment in UTC (taken as UTC if it has no zone); its year within FIRST_YEAR..LAST_YEAR."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"must be a moment between {FIRST_YEAR} and {LAST_YEAR}")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


AuditMoment = Annotated[datetime, AfterValidator(_bounded_moment)]
