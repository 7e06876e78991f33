"""Reports across archives: one list for synchronization (GET /api/v1/reports)."""

from typing import Annotated

from fastapi import APIRouter, Query

from app import errors
from app.api.deps import Limit, Offset, ParentCode, ReadSession, Under, UpdatedSince
from app.api.errors import responses
from app.api.ordering import ReportOrder
from app.models.common import Page
from app.models.report import ReportPublic, ReportStatus
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
    order: ReportOrder = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[ReportPublic]:
    """List reports across archives, by archive code then year, for synchronization."""
    codes = place_codes(session, parent_code=parent_code, under=under)
    filters = sync.ReportFilters(
        year=year, archive_codes=codes, statuses=frozenset(status), updated_since=updated_since
    )
    rows, total = sync.list_all_reports(session, filters, order=order, limit=limit, offset=offset)
    return Page(items=[reports.report_public(row) for row in rows], total=total, limit=limit, offset=offset)
