"""Yearly reports and their revisions: the tables and the API schemas."""

from datetime import datetime
from typing import Annotated, Any, TypedDict

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from sqlalchemy import BigInteger, Column, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.types import TypeEngine
from sqlmodel import AutoString, SQLModel
from sqlmodel import Field as TableField
from sqlmodel._compat import SQLModelConfig  # a SQLModel schema's config (ConfigDict plus table options)

from app.domain.checks import CHECKS_BY_CODE
from app.domain.figures import FIGURES_BY_KEY, REQUIRED_NAMES
from app.domain.report_lifecycle import ReportStatus
from app.models.common import Count, NoteText, Page, Pct, UtcDateTime, VisibleText, utcnow

__all__ = ["ReportStatus"]


def _not_a_boolean(value: object) -> object:
    """JSON true/false is not a count (pydantic would read it as 1/0)."""
    if isinstance(value, bool):
        raise ValueError("a count is a whole number, not true/false")
    return value


def _no_negative_zero(value: object) -> object:
    """-0 is 0."""
    return value + 0.0 if isinstance(value, float) else value


NOTE_LENGTH = 2000
FigureCount = Annotated[Count, BeforeValidator(_not_a_boolean)]
Gigabytes = Annotated[
    float,
    Field(ge=0, le=1e12, allow_inf_nan=False),
    BeforeValidator(_not_a_boolean),
    BeforeValidator(_no_negative_zero),
]
Note = Annotated[str, Field(max_length=NOTE_LENGTH), NoteText]
# What each kind of figure (app.domain.figures) is, in a schema and in its column.
FIGURE_TYPES: dict[str, Any] = {"count": FigureCount, "decimal": Gigabytes, "text": Note}

COLUMN_TYPES: dict[str, TypeEngine[Any]] = {"count": BigInteger(), "decimal": Float(), "text": AutoString(NOTE_LENGTH)}


def figure_field(key: str) -> Any:
    """A figure's field as its declaration (app.domain.figures) gives it: its column, its description, and
    required only when a whole report must give it (otherwise None, "not reported")."""
    figure = FIGURES_BY_KEY[key]
    column = COLUMN_TYPES[figure.kind]
    if figure.required:
        return TableField(sa_type=column, description=figure.description)
    return TableField(default=None, sa_type=column, description=figure.description)


class ReportFiguresBase(SQLModel):
    """A year's figures, listed once in the order of app.domain.figures.FIGURES (a test holds the two
    together): the columns of a report and its revisions, and the fields of every schema that
    shows or takes them. Counts are year-end cumulative totals; None means "not reported", never 0."""

    holdings_volumes: FigureCount = figure_field("holdings_volumes")
    digitized_volumes: FigureCount = figure_field("digitized_volumes")
    holdings_items: FigureCount | None = figure_field("holdings_items")
    digitized_items: FigureCount | None = figure_field("digitized_items")
    holdings_pages: FigureCount | None = figure_field("holdings_pages")
    digitized_pages: FigureCount | None = figure_field("digitized_pages")
    catalog_entries: FigureCount | None = figure_field("catalog_entries")
    fulltext_pages: FigureCount | None = figure_field("fulltext_pages")
    electronic_records_gb: Gigabytes | None = figure_field("electronic_records_gb")
    note: Note | None = figure_field("note")


class Report(ReportFiguresBase, table=True):
    """The current version of one archive's figures for one year."""

    __table_args__ = (UniqueConstraint("archive_code", "year"), {"sqlite_autoincrement": True})

    id: int | None = TableField(default=None, primary_key=True)
    archive_code: str = TableField(
        sa_column=Column(String(32), ForeignKey("archive.code", ondelete="RESTRICT"), index=True, nullable=False)
    )
    # The report's latest change in commit order (app.services.reports.changes): the sync cursor.
    change_seq: int = TableField(
        default=0, sa_column=Column(BigInteger, index=True, nullable=False, server_default="0")
    )
    year: int = TableField(index=True)
    revision: int = 1
    submitted_by: str = TableField(max_length=200)
    submitted_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)
    status: str = TableField(
        default=ReportStatus.submitted, max_length=16, index=True, sa_column_kwargs={"server_default": "submitted"}
    )
    reviewed_by: str | None = TableField(default=None, max_length=200)
    reviewed_at: datetime | None = TableField(default=None, sa_type=UtcDateTime)
    review_comment: str | None = TableField(default=None, max_length=2000)


class ReportColumns(TypedDict):
    """A report's stored columns as a typed record (a row read in bulk, or a report about to be written)."""

    id: int | None
    archive_code: str
    year: int
    revision: int
    status: str
    submitted_by: str
    submitted_at: datetime
    created_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_comment: str | None
    change_seq: int
    # the figures, in the order of app.domain.figures (tests/test_figures_declared_once.py)
    holdings_volumes: int
    digitized_volumes: int
    holdings_items: int | None
    digitized_items: int | None
    holdings_pages: int | None
    digitized_pages: int | None
    catalog_entries: int | None
    fulltext_pages: int | None
    electronic_records_gb: float | None
    note: str | None


class ReportRevision(ReportFiguresBase, table=True):
    """Every version a report has had, the current one included; never changed or deleted."""

    __tablename__ = "report_revision"
    __table_args__ = (UniqueConstraint("report_id", "revision"), {"sqlite_autoincrement": True})

    id: int | None = TableField(default=None, primary_key=True)
    report_id: int = TableField(
        sa_column=Column(ForeignKey("report.id", ondelete="RESTRICT"), index=True, nullable=False)
    )
    archive_code: str = TableField(max_length=32)
    year: int
    revision: int
    submitted_by: str = TableField(max_length=200)
    submitted_at: datetime = TableField(sa_type=UtcDateTime)


class ReportFigures(ReportFiguresBase):
    """A year's figures as an official submits them: year-end cumulative totals (a PUT: the whole report)."""

    model_config = SQLModelConfig(extra="forbid")


class ReportFiguresPatch(ReportFiguresBase):
    """Some of a year's figures (a PATCH): those given change, those left out or null keep their stored value."""

    model_config = SQLModelConfig(extra="forbid")

    # Every figure optional: those a whole report requires, too (their type and description kept). A class
    # body's locals() is its namespace: the fields are added as if written here, derived from the declaration.
    __annotations__ = {key: FIGURE_TYPES[FIGURES_BY_KEY[key].kind] | None for key in REQUIRED_NAMES}
    locals().update(
        {key: TableField(default=None, description=FIGURES_BY_KEY[key].description) for key in REQUIRED_NAMES}
    )


class ReportRates(BaseModel):
    """Digitization rates on each basis, where the figures define them."""

    rate_volumes_pct: Pct
    rate_items_pct: Pct
    rate_volumes_items_pct: Pct
    rate_pages_pct: Pct


class ReportWarning(BaseModel):
    """A plausibility check that fired on the figures (app.domain.checks): shown, never a refusal."""

    code: str = Field(description="The check, e.g. digit_slip (the same in every language)")
    field: str = Field(description="The figure it concerns, e.g. digitized_volumes")
    message: str = Field(description="What looks wrong, in the request's language")
    severity: str = Field(description="warning, or error where the figures cannot be right")


class ReportIdentity(BaseModel):
    """Which report, and which version of it."""

    archive_code: str
    year: int
    revision: int


class ReportPublic(ReportFiguresBase, ReportIdentity, ReportRates):
    """A stored report with its computed rates."""

    submitted_by: str
    submitted_at: datetime
    created_at: datetime
    change_seq: int = Field(description="Its latest change's place in commit order (the sync cursor's value)")
    status: ReportStatus = Field(description="submitted, approved (locked) or returned")
    reviewed_by: str | None = Field(description="Who took the last review decision")
    reviewed_at: datetime | None
    review_comment: str | None
    warnings: list[ReportWarning] = Field(default_factory=list, description="The checks that fire on it now")


class ReportSyncPage(Page[ReportPublic]):
    """A page of reports across archives, with the sync cursor to ask with next."""

    next_change: int | None = Field(
        description="With since_change: ask again with since_change=this to get every later change, "
        "exactly once (null without since_change)"
    )


class ReviewNote(BaseModel):
    """An optional comment on a review decision (approve, reopen)."""

    model_config = ConfigDict(extra="forbid")

    comment: Annotated[str, Field(max_length=2000), NoteText] | None = None


class ReturnNote(BaseModel):
    """Why a report goes back to its archive: the comment is required."""

    model_config = ConfigDict(extra="forbid")

    comment: Annotated[str, NoteText, VisibleText] = Field(
        min_length=1, max_length=2000, description="What the archive should correct"
    )
    warnings: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=20, description="Warning codes the return is about, e.g. digit_slip"
    )

    @field_validator("warnings")
    @classmethod
    def _known_checks(cls, codes: list[str]) -> list[str]:
        unknown = [code for code in codes if code not in CHECKS_BY_CODE]
        if unknown:
            raise ValueError(f"unknown warning code {unknown[0]!r} (one of: {', '.join(CHECKS_BY_CODE)})")
        return codes


class ReportRevisionPublic(ReportFiguresBase, ReportIdentity):
    """One version of a report: its figures, who submitted it and when (read from a row, as every SQLModel is)."""

    submitted_by: str
    submitted_at: datetime
