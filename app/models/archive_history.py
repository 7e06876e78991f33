"""An archive's history: its dated versions, the events that made them, and who succeeded whom.

- `ArchiveVersion`: the archive's dated attributes (name, parent, level, kind, region code),
  valid from `valid_from` (None: it existed always) until `valid_until` (exclusive; None: still
  valid). An archive is open on a day when one of its versions covers it; between versions it
  was closed. The `archive` row holds the latest version's attributes (events are never future-dated).
- `ArchiveEvent`: one recorded change of one archive (rename, recode, reparent, reclassify,
  open, close, reopen), with its date, the approving document and a note; `changes` are the
  new values, `former` the values before it when the event stated them (history recorded late).
- `ArchiveSuccession`: a predecessor's place taken (all or part) by a successor on a date, by a
  merge or a split; `shares` (figure key -> a decimal fraction, as text) for a split's figures.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, Column, ForeignKey, String
from sqlmodel import Field as TableField
from sqlmodel import SQLModel

from app.models.archive import Name, RegionCode
from app.models.common import ArchiveCode, Kind, Level, NoteText, PlainText, UtcDateTime, VisibleText, utcnow
from app.models.round import Day


class ArchiveVersion(SQLModel, table=True):
    """An archive's attributes over one span of days."""

    __tablename__ = "archive_version"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = TableField(default=None, primary_key=True)
    archive_code: str = TableField(
        sa_column=Column(String(32), ForeignKey("archive.code", ondelete="CASCADE"), index=True, nullable=False)
    )
    valid_from: date | None = TableField(default=None, index=True)
    valid_until: date | None = TableField(default=None, index=True)
    name: str = TableField(max_length=200)
    level: str = TableField(max_length=16)
    kind: str = TableField(max_length=32)
    parent_code: str | None = TableField(default=None, max_length=32, index=True)
    region_code: str | None = TableField(default=None, max_length=6, index=True)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)


class ArchiveEvent(SQLModel, table=True):
    """A change of one archive on a date, as recorded."""

    __tablename__ = "archive_event"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = TableField(default=None, primary_key=True)
    archive_code: str = TableField(
        sa_column=Column(String(32), ForeignKey("archive.code", ondelete="CASCADE"), index=True, nullable=False)
    )
    type: str = TableField(max_length=16)
    effective_date: date
    document: str | None = TableField(default=None, max_length=200)
    note: str | None = TableField(default=None, max_length=1000)
    changes: dict[str, str | None] = TableField(default_factory=dict, sa_column=Column(JSON, nullable=False))
    former: dict[str, str | None] = TableField(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: str = TableField(max_length=200)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)


class ArchiveSuccession(SQLModel, table=True):
    """A successor taking over (all or part of) a predecessor on a date."""

    __tablename__ = "archive_succession"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = TableField(default=None, primary_key=True)
    predecessor_code: str = TableField(
        sa_column=Column(String(32), ForeignKey("archive.code", ondelete="CASCADE"), index=True, nullable=False)
    )
    successor_code: str = TableField(
        sa_column=Column(String(32), ForeignKey("archive.code", ondelete="CASCADE"), index=True, nullable=False)
    )
    type: str = TableField(max_length=16)  # merge or split
    effective_date: date
    document: str | None = TableField(default=None, max_length=200)
    note: str | None = TableField(default=None, max_length=1000)
    shares: dict[str, str] | None = TableField(default=None, sa_column=Column(JSON, nullable=True))
    created_by: str = TableField(max_length=200)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)


# --- the API's schemas

FIRST_DAY = date(1900, 1, 1)  # no archive's history is recorded before it

Document = Annotated[
    str,
    Field(min_length=1, max_length=200, description="The approving document, e.g. 国函〔2010〕129号"),
    PlainText,
    VisibleText,
]
EventNote = Annotated[str, Field(max_length=1000), NoteText]
FigureKey = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")]
Share = Annotated[Decimal, Field(ge=0, le=1, max_digits=12, decimal_places=10)]


class EventType(StrEnum):
    """What an event changes: an attribute (rename, recode, reparent, reclassify) or whether the archive is open."""

    rename = "rename"
    recode = "recode"
    reparent = "reparent"
    reclassify = "reclassify"
    close = "close"
    reopen = "reopen"


# The attributes each event type changes (the rule: an event names these, and no other).
EVENT_ATTRIBUTES: dict[EventType, frozenset[str]] = {
    EventType.rename: frozenset({"name"}),
    EventType.recode: frozenset({"region_code"}),
    EventType.reparent: frozenset({"parent_code"}),
    EventType.reclassify: frozenset({"level", "kind"}),
    EventType.close: frozenset(),
    EventType.reopen: frozenset(),
}


class FormerValues(BaseModel):
    """The values an archive had before the event, for history recorded late (back to the previous change)."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    region_code: RegionCode | None = None
    parent_code: ArchiveCode | None = None
    level: Level | None = None
    kind: Kind | None = None


class Dating(BaseModel):
    """When a change took effect, and on what authority."""

    model_config = ConfigDict(extra="forbid")

    effective_date: Day = Field(
        ge=FIRST_DAY, description="The day the change took effect (YYYY-MM-DD), from 1900-01-01, never after today"
    )
    document: Document | None = None
    note: EventNote | None = None


class ArchiveEventCreate(FormerValues, Dating):
    """A real change of an archive on a date: `type` and the attributes it changes (rename: name; recode:
    region_code; reparent: parent_code, null for a root; reclassify: level and/or kind; close, reopen: none)."""

    type: EventType
    former: FormerValues | None = Field(default=None, description="The values before the change, when recorded late")


class ArchiveEventPublic(BaseModel):
    """A recorded event."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    archive_code: str
    type: str
    effective_date: date
    document: str | None
    note: str | None
    changes: dict[str, str | None]
    former: dict[str, str | None]
    created_by: str
    created_at: datetime


class ArchiveVersionPublic(BaseModel):
    """An archive's attributes from `valid_from` (null: always) until `valid_until` (exclusive; null: still)."""

    model_config = ConfigDict(from_attributes=True)

    valid_from: date | None
    valid_until: date | None
    name: str
    level: str
    kind: str
    parent_code: str | None
    region_code: str | None


class SuccessionPublic(BaseModel):
    """A predecessor -> successor link, with a split's shares per figure."""

    model_config = ConfigDict(from_attributes=True)

    predecessor_code: str
    successor_code: str
    type: str
    effective_date: date
    document: str | None
    note: str | None
    shares: dict[str, str] | None


class ArchiveHistory(BaseModel):
    """An archive's versions and events, oldest first, with its predecessors and successors."""

    code: str
    opened_on: date | None = Field(description="null: it has existed always")
    closed_on: date | None = Field(description="null: open now")
    versions: list[ArchiveVersionPublic]
    events: list[ArchiveEventPublic]
    predecessors: list[SuccessionPublic]
    successors: list[SuccessionPublic]


class NewArchive(BaseModel):
    """An archive a merge or split creates: it opens on the effective date."""

    model_config = ConfigDict(extra="forbid")

    code: ArchiveCode
    name: Name
    level: Level
    kind: Kind = Kind.comprehensive
    parent_code: ArchiveCode | None = None
    region_code: RegionCode | None = None


class MergeCreate(Dating):
    """Archives merged into one: the sources other than `into` close on the effective date."""

    sources: list[ArchiveCode] = Field(min_length=1, max_length=100)
    into: ArchiveCode | NewArchive = Field(description="The successor: an existing archive's code, or a new archive")


class SplitPart(BaseModel):
    """One successor of a split, with its share of the source's figures (figure key -> 0..1)."""

    model_config = ConfigDict(extra="forbid")

    into: ArchiveCode | NewArchive
    shares: dict[FigureKey, Share] | None = Field(default=None, description='e.g. {"holdings_volumes": 0.4}')


class SplitCreate(Dating):
    """An archive split: parts of it go to the successors; the source stays open unless `close_source`."""

    source: ArchiveCode
    into: list[SplitPart] = Field(min_length=1, max_length=100)
    close_source: bool = Field(default=False, description="Close the source on the effective date")


class SuccessionResult(BaseModel):
    """What a merge or split recorded."""

    successions: list[SuccessionPublic]
    opened: list[str] = Field(description="Archives the change opened")
    closed: list[str] = Field(description="Archives the change closed")
