"""Yearly reports of an archive, with their history."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app import errors
from app.api.deps import (
    ArchiveDep,
    CurrentActor,
    CurrentYear,
    IfMatch,
    Limit,
    Offset,
    SessionDep,
    YearPath,
    etag,
)
from app.api.errors import responses
from app.api.paging import page_of
from app.db import lock_at_first_write
from app.domain.permissions import Action
from app.models.common import Page
from app.models.report import ReportFigures, ReportPublic, ReportRevisionPublic
from app.services.access import authorize
from app.services.reports import service as reports

router = APIRouter(prefix="/archives/{code}/reports", tags=["reports"])


@router.put(
    "/{year}",
    responses={
        201: {"model": ReportPublic, "description": "Created: the archive had no report for that year"},
        **responses(
            errors.MalformedJSON,
            errors.ArchiveNotFound,
            errors.Forbidden,
            errors.ReportLocked,
            errors.PreconditionFailed,
            errors.YearOutOfRange,
            errors.DigitizedExceedsHoldings,
        ),
    },
)
@lock_at_first_write
def put_report(
    session: SessionDep,
    archive: ArchiveDep,
    year: YearPath,
    body: ReportFigures,
    response: Response,
    actor: CurrentActor,
    precondition: IfMatch,
    this_year: CurrentYear,
) -> ReportPublic:
    """Create (201) or replace (200) an archive's year-end figures; earlier versions are kept."""
    authorize(session, actor, Action.write_reports, archive.code)
    report, created = reports.submit_report(
        session, archive, year, body, actor=actor, current_year=this_year, precondition=precondition
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
    response.headers["ETag"] = etag(report.revision)
    return reports.report_public(report)


@router.get("", responses=responses(errors.ArchiveNotFound))
def list_reports(
    session: SessionDep,
    archive: ArchiveDep,
    year_from: Annotated[int | None, Query(ge=0, le=9999)] = None,
    year_to: Annotated[int | None, Query(ge=0, le=9999)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[ReportPublic]:
    """List an archive's reports, oldest year first."""
    rows, total = reports.list_reports(
        session, archive.code, year_from=year_from, year_to=year_to, limit=limit, offset=offset
    )
    return Page(items=[reports.report_public(row) for row in rows], total=total, limit=limit, offset=offset)


@router.get("/{year}", responses=responses(errors.ArchiveNotFound, errors.ReportNotFound))
def get_report(session: SessionDep, archive: ArchiveDep, year: YearPath, response: Response) -> ReportPublic:
    """Read an archive's report for a year, with its rates; the ETag header carries its revision."""
    report = reports.get_report(session, archive.code, year)
    response.headers["ETag"] = etag(report.revision)
    return reports.report_public(report)


@router.get("/{year}/revisions", responses=responses(errors.ArchiveNotFound, errors.ReportNotFound))
def list_revisions(
    session: SessionDep, archive: ArchiveDep, year: YearPath, limit: Limit = 100, offset: Offset = 0
) -> Page[ReportRevisionPublic]:
    """Every version of a report, oldest first, with who submitted it and when."""
    report = reports.get_report(session, archive.code, year)
    revisions = [ReportRevisionPublic.model_validate(row) for row in reports.list_revisions(session, report)]
    return page_of(revisions, limit, offset)
