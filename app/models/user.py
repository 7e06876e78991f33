"""People's accounts for the console and their server-side sessions: the tables and the API schemas.

An account has the same roles and scopes as a token (app.domain.roles). Its password is
kept only as an argon2 hash; a session's id is kept only as its SHA-256 (the cookie holds the id)."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Field as TableField
from sqlmodel import SQLModel

from app.domain.roles import Role
from app.models.common import ArchiveCode, PlainText, UtcDateTime, utcnow

Username = Annotated[str, Field(min_length=2, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$")]
DisplayName = Annotated[str, Field(min_length=1, max_length=100), PlainText]
Phone = Annotated[str, Field(max_length=40, pattern=r"^[0-9+() -]*$")]
Email = Annotated[str, Field(max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")]
Password = Annotated[str, Field(max_length=200)]


class User(SQLModel, table=True):
    """A person who signs in to the console: their name, role and scope, contact, password hash and lock."""

    __tablename__ = "app_user"

    id: int | None = TableField(default=None, primary_key=True)
    username: str = TableField(max_length=64, unique=True)
    display_name: str = TableField(max_length=100)
    role: str = TableField(max_length=16)
    archive_code: str | None = TableField(default=None, max_length=32, index=True)
    phone: str | None = TableField(default=None, max_length=40)
    email: str | None = TableField(default=None, max_length=200)
    password_hash: str = TableField(max_length=200)
    must_change_password: bool = True
    disabled: bool = False
    failed_sign_ins: int = 0
    locked_until: datetime | None = TableField(default=None, sa_type=UtcDateTime)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)


class ConsoleSession(SQLModel, table=True):
    """A signed-in browser: the hash of its cookie, its user, its CSRF token, when it began and was last used."""

    __tablename__ = "console_session"

    id_hash: str = TableField(max_length=64, primary_key=True)
    user_id: int = TableField(foreign_key="app_user.id", index=True)
    csrf_token: str = TableField(max_length=64)
    started_at: datetime = TableField(sa_type=UtcDateTime)
    last_seen_at: datetime = TableField(sa_type=UtcDateTime)


class UserBase(BaseModel):
    """What an admin says about an account."""

    model_config = ConfigDict(extra="forbid")

    display_name: DisplayName
    role: Role
    archive_code: ArchiveCode | None = Field(default=None, description="The archive a supervisor or reporter acts for")
    phone: Phone | None = Field(default=None, description="Called by a chief when the archive's report is missing")
    email: Email | None = None


class UserCreate(UserBase):
    """An account to create; without `password` one is generated and shown once. Either must be changed at first sign-in."""

    username: Username
    password: Password | None = Field(default=None, description="The initial password, at least 10 characters")


class UserUpdate(BaseModel):
    """Changes to an account: a field left out keeps its value (null too, but for archive_code, phone and email,
    which it clears); a new role, scope or password, or disabling, ends its sessions."""

    model_config = ConfigDict(extra="forbid")

    display_name: DisplayName | None = None
    role: Role | None = None
    archive_code: ArchiveCode | None = None
    phone: Phone | None = None
    email: Email | None = None
    disabled: bool | None = None
    password: Password | None = Field(default=None, description="A new initial password, to be changed at sign-in")


class UserPublic(BaseModel):
    """An account as the API shows it: never its password."""

    model_config = ConfigDict(from_attributes=True)

    username: str
    display_name: str
    role: Role
    archive_code: str | None
    phone: str | None
    email: str | None
    disabled: bool
    must_change_password: bool
    created_at: datetime


class UserCreated(UserPublic):
    """An account just created: `password` is the initial one when it was generated, shown this once."""

    password: str | None = Field(default=None, description="The generated initial password, not shown again")
