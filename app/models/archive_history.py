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

from sqlalchemy import JSON, Column, ForeignKey, String
from sqlmodel import Field as TableField
from sqlmodel import SQLModel

from app.models.common import UtcDateTime, utcnow


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
