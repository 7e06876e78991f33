"""Reports across archives: one list for synchronization (GET /api/v1/reports)."""

from typing import Annotated

from fastapi import APIRouter, Query

from app import errors
from app.api.deps import Limit, Offset, ParentCode, ReadSession, SinceChange, Under, UpdatedSince
from app.api.errors import responses
from app.api.ordering import ReportOrder
from app.models.report import ReportStatus, ReportSyncPage
from app.services.hierarchy import place_codes
from app.services.reports import service as reports
from app.services.reports import sync

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("", responses=responses(errors.ArchiveNotFound))
def list_all_reports(
    session: ReadSession,
    year: Annotated[int | None, Query(ge=0, le=9999, description="Reports of this year only")] = None,
    parent_code: ParentCode = None,
    under: Under = None,
    status: Annotated[list[ReportStatus], Query(description="Review states to keep (repeatable)")] = [],  # noqa: B006
    updated_since: UpdatedSince = None,
    since_change: SinceChange = None,
    order: ReportOrder = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> ReportSyncPage:
    """List reports across archives, by archive code then year (by change with since_change), for synchronization."""
    codes = place_codes(session, parent_code=parent_code, under=under)
    filters = sync.ReportFilters(
        year=year,
        archive_codes=codes,
        statuses=frozenset(status),
        updated_since=updated_since,
        since_change=since_change,
    )
    latest = sync.latest_change(session)
    rows, total = sync.list_all_reports(session, filters, order=order, limit=limit, offset=offset)
    cursor = sync.next_change(rows, filters, latest, full_page=len(rows) == limit)
    items = [reports.report_public(row) for row in rows]
    return ReportSyncPage(items=items, total=total, limit=limit, offset=offset, next_change=cursor)
