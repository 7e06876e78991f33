"""Yearly reporting rounds: the table, and the API schemas of a round, its progress and its missing list."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from sqlalchemy import JSON, Column, ForeignKey, String
from sqlmodel import Field as TableField
from sqlmodel import SQLModel

from app.models.common import ArchiveCode, Kind, Level, Pct, PlainText, UtcDateTime, VisibleText, Year, utcnow
from app.models.report import ReportWarning

RoundName = Annotated[str, Field(min_length=1, max_length=200), PlainText, VisibleText]


def _day_text(value: object) -> object:
    if isinstance(value, str) and len(value) > 10:
        raise ValueError("a day is written YYYY-MM-DD")
    return value


# A calendar day, YYYY-MM-DD: nothing longer is read, and the schema says so.
Day = Annotated[date, BeforeValidator(_day_text), Field(json_schema_extra={"maxLength": 10})]


class Round(SQLModel, table=True):
    """A bureau's yearly collection of figures: which archives are expected to report for `year`, and by when."""

    __tablename__ = "reporting_round"
    __table_args__ = {"sqlite_autoincrement": True}  # ids never reused (migration 0009)

    id: int | None = TableField(default=None, primary_key=True)
    year: int = TableField(index=True)
    name: str = TableField(max_length=200)
    opens_on: date
    due_on: date
    under: str | None = TableField(
        default=None,
        sa_column=Column(String(32), ForeignKey("archive.code", ondelete="RESTRICT"), index=True, nullable=True),
    )
    levels: list[str] = TableField(sa_column=Column(JSON, nullable=False))
    kinds: list[str] = TableField(sa_column=Column(JSON, nullable=False))
    created_by: str = TableField(max_length=200)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)


class RoundUpdate(BaseModel):
    """What may change once a round is open: its name, and its due date (extended, audited)."""

    model_config = ConfigDict(extra="forbid")

    name: RoundName | None = None
    due_on: Day | None = Field(default=None, description="The new due date (end of that day, LANTAI_TIMEZONE)")


class RoundCreate(BaseModel):
    """A round to open: the year reported, the dates, and which archives are expected to report."""

    model_config = ConfigDict(extra="forbid")

    year: Year
    name: RoundName = Field(description="e.g. 2025年度档案数字化年报")
    opens_on: Day
    due_on: Day = Field(description="Reports are on time until the end of this day, in LANTAI_TIMEZONE")
    under: ArchiveCode | None = Field(
        default=None, description="Only this archive and those below it (default: your scope)"
    )
    levels: list[Level] | None = Field(default=None, min_length=1, description="Expected levels (default: all)")
    kinds: list[Kind] | None = Field(default=None, min_length=1, description="Expected kinds (default: all)")

    @model_validator(mode="after")
    def _due_after_opening(self) -> Self:
        if self.due_on < self.opens_on:
            raise ValueError("due_on must not be before opens_on")
        return self


class RoundPublic(BaseModel):
    """A round as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    year: int
    name: str
    opens_on: date
    due_on: date
    under: str | None
    levels: list[Level]
    kinds: list[Kind]
    created_by: str
    created_at: datetime


class RoundState(StrEnum):
    """Where an expected archive stands in a round."""

    not_submitted = "not_submitted"
    submitted = "submitted"
    returned = "returned"
    approved = "approved"


ROUND_NAME_IN_YEAR = (
    "The name the archive had on 31 December of the round's year, when it differs from today's (archive_name, name)"
)


class ArchiveRoundState(BaseModel):
    """One expected archive in a round: its report's state, and whether it came on time."""

    archive_code: str
    archive_name: str = Field(description="Its name today")
    name_in_year: str | None = Field(default=None, description=ROUND_NAME_IN_YEAR)
    level: Level
    state: RoundState
    first_submitted_at: datetime | None = Field(description="When its first report for the year was written")
    on_time: bool | None = Field(description="null while it has not submitted and the due date has not passed")
    days_late: int = Field(description="Days after the due date it first submitted, or so far if it has not")


class RoundCounts(BaseModel):
    """Counts over a set of expected archives; `submitted` counts every archive that has reported."""

    expected: int
    submitted: int
    approved: int
    returned: int
    not_submitted: int
    on_time: int
    late: int = Field(description="Submitted after the due date, or not submitted once it has passed")
    completeness_pct: Pct = Field(description="submitted / expected")
    timeliness_pct: Pct = Field(description="on_time / expected")
    approved_pct: Pct = Field(description="approved / expected")


class ChildProgress(RoundCounts):
    """The counts of one archive directly below `under`, its whole subtree included."""

    archive_code: str
    archive_name: str = Field(description="Its name today")
    name_in_year: str | None = Field(default=None, description=ROUND_NAME_IN_YEAR)
    level: Level


class RoundProgress(RoundCounts):
    """A round's progress under an archive (or everywhere), and each child's."""

    round_id: int
    year: int
    due_on: date
    under: str | None
    children: list[ChildProgress]


class ChainLink(BaseModel):
    """An archive above a missing one: who to call."""

    code: str
    name: str
    level: Level


class MissingArchive(BaseModel):
    """An expected archive that has not submitted."""

    code: str
    name: str = Field(description="Its name today")
    name_in_year: str | None = Field(default=None, description=ROUND_NAME_IN_YEAR)
    level: Level
    days_late: int
    chain: list[ChainLink] = Field(description="The archives above it, nearest first")


class QueuedReport(BaseModel):
    """A report awaiting review, with the warnings its figures raise now."""

    archive_code: str
    archive_name: str
    year: int
    revision: int
    status: str
    submitted_by: str
    submitted_at: datetime
    warnings: list[ReportWarning]
