"""The audit trail: one row per write, never changed or deleted; the table and the API schema."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, JsonValue
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

    @property
    def entity(self) -> str:
        """What kind of thing the action writes: archive, report, plan, target or token."""
        return self.value.partition(".")[0]


class AuditEntry(SQLModel, table=True):
    """Who did what, when, to which entity, and its values before and after.

    `archive_path` is the archive's chain from the root at the time of the write
    ("/HN/HN-CS/"), so that a supervisor's view of the trail survives moves and deletions."""

    __tablename__ = "audit_entry"

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


class AuditEntryPublic(BaseModel):
    """One write in the audit trail."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    actor_role: Role
    action: AuditAction
    entity: str
    entity_key: str
    archive_code: str | None
    year: int | None
    before: dict[str, JsonValue] | None
    after: dict[str, JsonValue] | None
    request_id: str | None
