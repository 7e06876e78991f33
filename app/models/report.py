"""Yearly reports and their revisions: the tables and the API schemas."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import BigInteger, Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field as TableField
from sqlmodel import SQLModel

from app.domain.checks import CHECKS_BY_CODE
from app.models.common import Count, Pct, UtcDateTime, utcnow

# The figures of a report, in the order the forms list them. Counts are
# year-end cumulative totals; None means "not reported", never 0.
COUNT_FIELDS = (
    "holdings_volumes",
    "holdings_items",
    "holdings_pages",
    "digitized_volumes",
    "digitized_items",
    "digitized_pages",
    "catalog_entries",
    "fulltext_pages",
)
FIGURE_FIELDS = (*COUNT_FIELDS, "electronic_records_gb", "note")


class ReportStatus(StrEnum):
    """Where a report stands in review: written reports are submitted; approved ones are locked."""

    submitted = "submitted"
    approved = "approved"
    returned = "returned"


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

    __table_args__ = (UniqueConstraint("archive_code", "year"),)

    id: int | None = TableField(default=None, primary_key=True)
    archive_code: str = TableField(
        sa_column=Column(String(32), ForeignKey("archive.code", ondelete="RESTRICT"), index=True, nullable=False)
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


class ReportRevision(ReportFiguresColumns, table=True):
    """Every version a report has had, the current one included; never changed or deleted."""

    __tablename__ = "report_revision"
    __table_args__ = (UniqueConstraint("report_id", "revision"),)

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
    """A year's figures as an official submits them: year-end cumulative totals."""

    model_config = ConfigDict(extra="forbid")

    holdings_volumes: Count = Field(description="Paper holdings in volumes/files (卷)")
    digitized_volumes: Count = Field(description="Volumes digitized so far (卷)")
    holdings_items: Count | None = Field(default=None, description="Holdings kept per item (件)")
    digitized_items: Count | None = Field(default=None, description="Items digitized so far (件)")
    holdings_pages: Count | None = Field(default=None, description="Paper holdings in pages (页)")
    digitized_pages: Count | None = Field(default=None, description="Pages/frames digitized so far (幅)")
    catalog_entries: Count | None = Field(default=None, description="Machine-readable catalog entries (条)")
    fulltext_pages: Count | None = Field(default=None, description="Full-text pages (页)")
    electronic_records_gb: float | None = Field(default=None, ge=0, le=1e12, allow_inf_nan=False)
    note: str | None = Field(default=None, max_length=2000)


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
    status: ReportStatus = Field(description="submitted, approved (locked) or returned")
    reviewed_by: str | None = Field(description="Who took the last review decision")
    reviewed_at: datetime | None
    review_comment: str | None
    warnings: list[ReportWarning] = Field(default_factory=list, description="The checks that fire on it now")


class ReviewNote(BaseModel):
    """An optional comment on a review decision (approve, reopen)."""

    model_config = ConfigDict(extra="forbid")

    comment: str | None = Field(default=None, max_length=2000)


class ReturnNote(BaseModel):
    """Why a report goes back to its archive: the comment is required."""

    model_config = ConfigDict(extra="forbid")

    comment: str = Field(min_length=1, max_length=2000, description="What the archive should correct")
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
