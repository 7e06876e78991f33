"""Review of yearly figures: approve, return with a comment, reopen."""

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from app import errors
from app.api.deps import CurrentActor, IfMatch, WriteClock, WriteSession, YearPath, etag
from app.api.errors import language, responses
from app.api.permissions import ReviewableArchive
from app.domain.report_lifecycle import ReviewStep
from app.domain.roles import Actor
from app.models.report import ReportPublic, ReturnNote, ReviewNote
from app.services.reports.changes import Clock
from app.services.reports.review import citing_warnings, review_report
from app.services.reports.service import RevisionPrecondition
from app.services.reports.warnings import report_with_warnings

router = APIRouter(prefix="/archives/{code}/reports/{year}", tags=["review"])

REVIEW_ERRORS = responses(
    errors.MalformedJSON,
    errors.ArchiveNotFound,
    errors.ReportNotFound,
    errors.Forbidden,
    errors.SelfApproval,
    errors.InvalidReviewStep,
    errors.PreconditionFailed,
    errors.CommentRequired,
)


@router.post("/approve", responses=REVIEW_ERRORS)
def approve_report(
    session: WriteSession,
    archive: ReviewableArchive,
    year: YearPath,
    actor: CurrentActor,
    precondition: IfMatch,
    response: Response,
    request: Request,
    clock: WriteClock,
    body: ReviewNote | None = None,
) -> ReportPublic:
    """Approve a report another token wrote, and lock it; one with warnings needs a comment."""
    comment = body.comment if body else None
    return _review(
        session, archive.code, year, ReviewStep.approve, actor, comment, precondition, response, request, clock
    )


@router.post("/return", responses=REVIEW_ERRORS)
def return_report(
    session: WriteSession,
    archive: ReviewableArchive,
    year: YearPath,
    body: ReturnNote,
    actor: CurrentActor,
    precondition: IfMatch,
    response: Response,
    request: Request,
    clock: WriteClock,
) -> ReportPublic:
    """Return a submitted report to its archive, with a comment saying what to correct (and warnings cited)."""
    comment = citing_warnings(body.comment, body.warnings)
    return _review(
        session, archive.code, year, ReviewStep.return_, actor, comment, precondition, response, request, clock
    )


@router.post("/reopen", responses=REVIEW_ERRORS)
def reopen_report(
    session: WriteSession,
    archive: ReviewableArchive,
    year: YearPath,
    actor: CurrentActor,
    precondition: IfMatch,
    response: Response,
    request: Request,
    clock: WriteClock,
    body: ReviewNote | None = None,
) -> ReportPublic:
    """Reopen an approved report so that it can be corrected; it becomes submitted again."""
    comment = body.comment if body else None
    return _review(
        session, archive.code, year, ReviewStep.reopen, actor, comment, precondition, response, request, clock
    )


def _review(
    session: Session,
    archive_code: str,
    year: int,
    step: ReviewStep,
    actor: Actor,
    comment: str | None,
    precondition: RevisionPrecondition | None,
    response: Response,
    request: Request,
    clock: Clock,
) -> ReportPublic:
    report = review_report(
        session,
        archive_code,
        year,
        step,
        actor=actor,
        comment=comment,
        clock=clock,
        precondition=precondition,
        allow_self_approval=request.app.state.settings.allow_self_approval,
    )
    response.headers["ETag"] = etag(report.revision)
    return report_with_warnings(session, report, language(request))
