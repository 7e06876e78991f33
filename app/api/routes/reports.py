"""Yearly reports of an archive, with their history."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app import errors
from app.api.caching import last_modified
from app.api.deps import (
    ArchiveDep,
    IfMatch,
    Limit,
    Now,
    Offset,
    ReadSession,
    WriteContext,
    WritingContext,
    YearPath,
    etag,
)
from app.api.errors import language, responses
from app.api.ordering import ArchiveReportOrder, RevisionOrder
from app.api.paging import page_of
from app.api.permissions import ReportableArchive
from app.domain.report_lifecycle import WriteMode
from app.models.common import Page
from app.models.report import ReportFigures, ReportFiguresPatch, ReportPublic, ReportRevisionPublic
from app.services.reports import service as reports
from app.services.reports.warnings import (
    keeps_after_write,
    report_with_warnings,
    with_warnings,
    written_report_with_warnings,
)
from app.services.reports.writer import Submission, Written, write_report

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
def put_report(
    context: WritingContext,
    archive: ReportableArchive,
    year: YearPath,
    body: ReportFigures,
    precondition: IfMatch,
    response: Response,
) -> ReportPublic:
    """Create (201) or replace (200) an archive's year-end figures; a figure left out is cleared; versions are kept (never refused for a warning)."""
    written = _submit(context, Submission(archive.code, year, body.model_dump(), WriteMode.replace, precondition))
    if written.created:
        response.status_code = status.HTTP_201_CREATED
    return _answer(context, written, response)


@router.patch(
    "/{year}",
    responses=responses(
        errors.MalformedJSON,
        errors.ArchiveNotFound,
        errors.ReportNotFound,
        errors.Forbidden,
        errors.ReportLocked,
        errors.PreconditionFailed,
        errors.YearOutOfRange,
        errors.DigitizedExceedsHoldings,
    ),
)
def patch_report(
    context: WritingContext,
    archive: ReportableArchive,
    year: YearPath,
    body: ReportFiguresPatch,
    precondition: IfMatch,
    response: Response,
) -> ReportPublic:
    """Change some figures of a stored report; a figure left out or null keeps its stored value."""
    written = _submit(context, Submission(archive.code, year, body.model_dump(), WriteMode.merge, precondition))
    return _answer(context, written, response)


def _submit(context: WriteContext, submission: Submission) -> Written:
    """The one service call, in the request's one transaction, where the dependencies read the token,
    the archive and the scope (app.services.reports.writer.write_report); committed here."""
    written = write_report(context.sessions.session, submission, context.author)
    context.sessions.commit()
    return written


def _answer(context: WriteContext, written: Written, response: Response) -> ReportPublic:
    """The report as written, its ETag, and its warnings after the commit (the lock is free): from what
    reads keep, else read."""
    response.headers["ETag"] = etag(written.report["revision"])
    engine = context.sessions.request.app.state.engine
    keep = keeps_after_write(engine, written.stamps)
    answer = written_report_with_warnings(engine, written.report, written.stamps, context.lang)
    if answer is not None:
        return answer
    with context.sessions.reading_again() as session:
        return report_with_warnings(session, written.report, context.lang, just_written=not keep)


@router.get("", responses=responses(errors.ArchiveNotFound))
def list_reports(
    session: ReadSession,
    archive: ArchiveDep,
    request: Request,
    year_from: Annotated[int | None, Query(ge=0, le=9999)] = None,
    year_to: Annotated[int | None, Query(ge=0, le=9999)] = None,
    order: ArchiveReportOrder = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[ReportPublic]:
    """List an archive's reports, oldest year first."""
    rows, total = reports.list_reports(
        session, archive.code, year_from=year_from, year_to=year_to, order=order, limit=limit, offset=offset
    )
    items = with_warnings(session, rows, language(request))
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{year}", responses=responses(errors.ArchiveNotFound, errors.ReportNotFound))
def get_report(
    session: ReadSession, archive: ArchiveDep, year: YearPath, response: Response, request: Request, now: Now
) -> ReportPublic:
    """Read an archive's report for a year, with its rates and warnings; the ETag header carries its revision.

    Last-Modified is the latest write or review step the answer depends on (its own, and
    those its warnings read): If-Modified-Since answers 304 when nothing changed since."""
    report = reports.get_report(session, archive.code, year)
    response.headers["ETag"] = etag(report.revision)
    last_modified(response, reports.last_changed(session, report), now)
    return report_with_warnings(session, report, language(request))


@router.get("/{year}/revisions", responses=responses(errors.ArchiveNotFound, errors.ReportNotFound))
def list_revisions(
    session: ReadSession,
    archive: ArchiveDep,
    year: YearPath,
    order: RevisionOrder = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[ReportRevisionPublic]:
    """Every version of a report, oldest first, with who submitted it and when."""
    report = reports.get_report(session, archive.code, year)
    revisions = [ReportRevisionPublic.model_validate(row) for row in reports.list_revisions(session, report, order)]
    return page_of(revisions, limit, offset)
