"""Archives: the table and the API schemas."""

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field as TableField
from sqlmodel import SQLModel

from app.models.common import ArchiveCode, Kind, Level, PlainText, UtcDateTime, VisibleText, utcnow
from app.models.round import Day

Name = Annotated[str, Field(min_length=1, max_length=200), PlainText, VisibleText]
RegionCode = Annotated[str, Field(pattern=r"^\d{6}$", description="GB/T 2260 administrative division code")]


class Archive(SQLModel, table=True):
    """An archive; `code` is its own stable identifier, never its region code."""

    code: str = TableField(primary_key=True, max_length=32)
    name: str = TableField(max_length=200, index=True)
    level: str = TableField(max_length=16, index=True)
    kind: str = TableField(max_length=32, index=True)
    parent_code: str | None = TableField(
        default=None,
        sa_column=Column(String(32), ForeignKey("archive.code", ondelete="RESTRICT"), index=True, nullable=True),
    )
    region_code: str | None = TableField(default=None, max_length=6, index=True)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)


class ArchiveCreate(BaseModel):
    """An archive to register."""

    model_config = ConfigDict(extra="forbid")

    code: ArchiveCode = Field(
        description="Stable identifier chosen by the bureau, e.g. HN-CS-ARCH: ASCII letters, digits, - and _, stored upper-case"
    )
    name: Name = Field(description="Name in Chinese, e.g. 长沙市档案馆")
    level: Level
    kind: Kind = Kind.comprehensive
    parent_code: ArchiveCode | None = Field(default=None, description="The supervising archive")
    region_code: RegionCode | None = None
    opened_on: Day | None = Field(
        default=None,
        ge=date(1900, 1, 1),
        description="The day the archive opened; without it, it has existed always (its first version has no start)",
    )


class ArchiveUpdate(BaseModel):
    """A correction of a mistake, without history: the fields change in the archive's latest version.

    A real change (a rename, a new region code, a move, a closure) is an event, with its date:
    POST /archives/{code}/events. `code` never changes; send null parent_code to make it a root."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    level: Level | None = None
    kind: Kind | None = None
    parent_code: ArchiveCode | None = None
    region_code: RegionCode | None = None


class ArchivePublic(BaseModel):
    """An archive as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    level: Level
    kind: Kind
    parent_code: str | None
    region_code: str | None
    created_at: datetime
    updated_at: datetime
