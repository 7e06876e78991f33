"""API tokens: the table (holding only a hash of each token) and the API schemas."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Field as TableField
from sqlmodel import SQLModel

from app.domain.roles import Role
from app.models.common import ArchiveCode, PlainText, UtcDateTime, VisibleText, utcnow

TokenName = Annotated[str, Field(min_length=1, max_length=100), PlainText, VisibleText]


class ApiToken(SQLModel, table=True):
    """A token's holder, role and scope; the token itself is never stored, only its HMAC."""

    __tablename__ = "api_token"
    __table_args__ = {"sqlite_autoincrement": True}  # ids never reused (migration 0009)

    id: int | None = TableField(default=None, primary_key=True)
    name: str = TableField(max_length=100)
    role: str = TableField(max_length=16)
    archive_code: str | None = TableField(default=None, max_length=32, index=True)
    token_hash: str = TableField(max_length=64, unique=True)
    created_by: str = TableField(max_length=200)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)
    revoked_at: datetime | None = TableField(default=None, sa_type=UtcDateTime)


class TokenCreate(BaseModel):
    """A token to issue: supervisors and reporters act for one archive, admins and viewers for none."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    archive_code: ArchiveCode | None = Field(default=None, description="The archive a supervisor or reporter acts for")
    name: TokenName | None = Field(default=None, description="Who holds it, as the audit trail names them")


class TokenPublic(BaseModel):
    """A token as the API shows it: never the token itself."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Role
    archive_code: str | None
    created_by: str
    created_at: datetime
    revoked_at: datetime | None


class TokenCreated(TokenPublic):
    """A token just issued: `token` is shown this once and cannot be read again."""

    token: str = Field(description="Send it as `Authorization: Bearer <token>`; it is not stored and not shown again")
