"""Yearly reports and their revisions: the tables and the API schemas."""

from datetime import datetime
from typing import Annotated, TypedDict

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from sqlalchemy import BigInteger, Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field as TableField
from sqlmodel import SQLModel

from app.domain.checks import CHECKS_BY_CODE
from app.domain.report_lifecycle import COUNT_NAMES, FIGURE_NAMES, ReportStatus
from app.models.common import Count, NoteText, Page, Pct, UtcDateTime, VisibleText, utcnow

# The figures of a report, in the order the forms list them. Counts are
# year-end cumulative totals; None means "not reported", never 0.
COUNT_FIELDS = COUNT_NAMES
FIGURE_FIELDS = FIGURE_NAMES
__all__ = ["COUNT_FIELDS", "FIGURE_FIELDS", "ReportStatus"]


def _not_a_boolean(value: object) -> object:
    """JSON true/false is not a count (pydantic would read it as 1/0)."""
    if isinstance(value, bool):
        raise ValueError("a count is a whole number, not true/false")
    return value


def _no_negative_zero(value: object) -> object:
    """-0 is 0."""
    return value + 0.0 if isinstance(value, float) else value


FigureCount = Annotated[Count, BeforeValidator(_not_a_boolean)]
Gigabytes = Annotated[
    float,
    Field(ge=0, le=1e12, allow_inf_nan=False),
    BeforeValidator(_not_a_boolean),
    BeforeValidator(_no_negative_zero),
]
Note = Annotated[str, Field(max_length=2000), NoteText]


class ReportFiguresColumns(SQLModel):
    """The figure columns shared by a report and its revisions."""

    holdings_volumes: int = TableField(sa_type=BigInteger)
    holdings_items: int | None = TableField(default=None, sa_type=BigInteger)
    holdings_pages: int | None = TableField(default=None, sa_type=BigInteger)
    digitized_volumes: int = TableField(sa_type=BigInteger)
    digitized_items: int | None = TableField(default=None, sa_type=BigInteger)
    digitized_pages: int | None = TableField(default=None, sa_type=BigInteger)
    catalog_entries: int | None = TableField(default=None, sa_type=BigInteger)
    fulltext_pages: int | None = TableField(default=None, sa_type=BigInteger)
    electronic_records_gb: float | None = None
    note: str | None = TableField(default=None, max_length=2000)


class Report(ReportFiguresColumns, table=True):
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
    holdings_volumes: int
    holdings_items: int | None
    holdings_pages: int | None
    digitized_volumes: int
    digitized_items: int | None
    digitized_pages: int | None
    catalog_entries: int | None
    fulltext_pages: int | None
    electronic_records_gb: float | None
    note: str | None


class ReportRevision(ReportFiguresColumns, table=True):
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


class ReportFigures(BaseModel):
    """A year's figures as an official submits them: year-end cumulative totals (a PUT: the whole report)."""

    model_config = ConfigDict(extra="forbid")

    holdings_volumes: FigureCount = Field(description="Paper holdings in volumes/files (卷)")
    digitized_volumes: FigureCount = Field(description="Volumes digitized so far (卷)")
    holdings_items: FigureCount | None = Field(default=None, description="Holdings kept per item (件)")
    digitized_items: FigureCount | None = Field(default=None, description="Items digitized so far (件)")
    holdings_pages: FigureCount | None = Field(default=None, description="Paper holdings in pages (页)")
    digitized_pages: FigureCount | None = Field(default=None, description="Pages/frames digitized so far (幅)")
    catalog_entries: FigureCount | None = Field(default=None, description="Machine-readable catalog entries (条)")
    fulltext_pages: FigureCount | None = Field(default=None, description="Full-text pages (页)")
    electronic_records_gb: Gigabytes | None = Field(default=None, description="Electronic records held (GB)")
    note: Note | None = Field(default=None, description="Stored exactly as typed")


class ReportFiguresPatch(BaseModel):
    """Some of a year's figures (a PATCH): those given change, those left out or null keep their stored value."""

    model_config = ConfigDict(extra="forbid")

    holdings_volumes: FigureCount | None = None
    digitized_volumes: FigureCount | None = None
    holdings_items: FigureCount | None = None
    digitized_items: FigureCount | None = None
    holdings_pages: FigureCount | None = None
    digitized_pages: FigureCount | None = None
    catalog_entries: FigureCount | None = None
    fulltext_pages: FigureCount | None = None
    electronic_records_gb: Gigabytes | None = None
    note: Note | None = None


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


class ReportPublic(ReportRates):
    """A stored report with its computed rates."""

    archive_code: str
    year: int
    revision: int
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


class ReportRevisionPublic(BaseModel):
    """One version of a report: its figures, who submitted it and when."""

    model_config = ConfigDict(from_attributes=True)

    archive_code: str
    year: int
    revision: int
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
    submitted_by: str
    submitted_at: datetime
