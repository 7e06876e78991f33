"""Reports across archives, for scripts and frontends that keep a copy in sync.

Two ways to ask for what changed:
- `since_change` (the sync cursor): every report whose latest change took a value of the
  change sequence above it (app.services.reports.changes), in that order; the values follow
  commit order, so a client that asks again from the highest value it has seen (the page's
  `next_change`) sees every later change exactly once, however long a write ran.
- `updated_since` (for people): the reports submitted or reviewed at or after an instant.
  A write's time is read when it takes its place in the sequence, before it commits; a
  client that follows times must ask again from a little before the newest time it saw
  (the longest write's duration: five minutes is ample) and drop what it already has.
Otherwise ordered by archive code, then year.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import Session, col

from app.models import Report
from app.models.change_stamp import ChangeSequence
from app.models.report import ReportStatus
from app.services.ordering import sql_order
from app.services.reports.changes import REPORTS


@dataclass(frozen=True)
class ReportFilters:
    """Which reports a synchronizing client asks for."""

    year: int | None = None
    archive_codes: frozenset[str] | None = None  # None: every archive
    statuses: frozenset[ReportStatus] = frozenset()
    updated_since: datetime | None = None
    since_change: int | None = None


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
    if filters.since_change is not None:  # the cursor: in commit order, whatever `order` says
        by_key = [col(Report.change_seq)]
        order = None
    query = select(Report).where(*conditions).order_by(*sql_order(order, REPORT_ORDER, default=by_key, tiebreak=by_key))
    return list(session.scalars(query.limit(limit).offset(offset))), total


def latest_change(session: Session) -> int:
    """The highest value of the reports' change sequence committed (as this transaction sees it)."""
    query = select(col(ChangeSequence.value)).where(col(ChangeSequence.id) == REPORTS)
    return session.scalar(query) or 0


def next_change(rows: list[Report], filters: ReportFilters, latest: int, *, full_page: bool) -> int | None:
    """The cursor to ask with next: the last report's value on a full page; else the sequence's
    latest value, read before the page (every change up to it had committed), or the last
    report's if that is higher; None without a cursor."""
    if filters.since_change is None:
        return None
    seen = rows[-1].change_seq if rows else filters.since_change
    return seen if full_page and rows else max(latest, seen, filters.since_change)


def _conditions(filters: ReportFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.year is not None:
        conditions.append(col(Report.year) == filters.year)
    if filters.archive_codes is not None:
        conditions.append(col(Report.archive_code).in_(sorted(filters.archive_codes)))
    if filters.statuses:
        conditions.append(col(Report.status).in_(sorted(filters.statuses)))
    if filters.since_change is not None:
        conditions.append(col(Report.change_seq) > filters.since_change)
    if filters.updated_since is not None:
        since = filters.updated_since
        conditions.append(or_(col(Report.submitted_at) >= since, col(Report.reviewed_at) >= since))
    return conditions
