"""Reports across archives, for scripts and frontends that keep a copy in sync.

A report's last change is its latest submission or review step; `updated_since`
keeps the reports changed at or after that instant, so a client that remembers
when it last asked fetches only what changed. Ordered by archive code, then year.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import Session, col

from app.models import Report
from app.models.report import ReportStatus
from app.services.ordering import sql_order


@dataclass(frozen=True)
class ReportFilters:
    """Which reports a synchronizing client asks for."""

    year: int | None = None
    archive_codes: frozenset[str] | None = None  # None: every archive
    statuses: frozenset[ReportStatus] = frozenset()
    updated_since: datetime | None = None


REPORT_ORDER = {
    name: col(getattr(Report, name)) for name in ("archive_code", "year", "status", "submitted_at", "reviewed_at")
}


def list_all_reports(
    session: Session, filters: ReportFilters, *, order: str | None = None, limit: int, offset: int
) -> tuple[list[Report], int]:
    """A page of reports across archives, and the total count."""
    conditions = _conditions(filters)
    total = session.scalar(select(func.count()).select_from(Report).where(*conditions)) or 0
    by_key = [col(Report.archive_code), col(Report.year)]
    query = select(Report).where(*conditions).order_by(*sql_order(order, REPORT_ORDER, default=by_key, tiebreak=by_key))
    return list(session.scalars(query.limit(limit).offset(offset))), total


def _conditions(filters: ReportFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.year is not None:
        conditions.append(col(Report.year) == filters.year)
    if filters.archive_codes is not None:
        conditions.append(col(Report.archive_code).in_(sorted(filters.archive_codes)))
    if filters.statuses:
        conditions.append(col(Report.status).in_(sorted(filters.statuses)))
    if filters.updated_since is not None:
        since = filters.updated_since
        conditions.append(or_(col(Report.submitted_at) >= since, col(Report.reviewed_at) >= since))
    return conditions
