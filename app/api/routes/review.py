"""Review of yearly figures: approve, return with a comment, reopen."""

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from app import errors
from app.api.deps import ArchiveDep, CurrentActor, IfMatch, WriteSession, YearPath, etag
from app.api.errors import responses
from app.domain.permissions import Action
from app.domain.roles import Actor
from app.models.report import ReportPublic, ReturnNote, ReviewNote
from app.services.access import authorize
from app.services.reports import service as reports
from app.services.reports.review import ReviewStep, review_report
from app.services.reports.service import RevisionPrecondition

router = APIRouter(prefix="/archives/{code}/reports/{year}", tags=["review"])

REVIEW_ERRORS = responses(
    errors.MalformedJSON,
    errors.ArchiveNotFound,
    errors.ReportNotFound,
    errors.Forbidden,
    errors.SelfApproval,
    errors.InvalidReviewStep,
    errors.PreconditionFailed,
)


@router.post("/approve", responses=REVIEW_ERRORS)
def approve_report(
    request: Request,
    session: WriteSession,
    archive: ArchiveDep,
    year: YearPath,
    actor: CurrentActor,
    precondition: IfMatch,
    response: Response,
    body: ReviewNote | None = None,
) -> ReportPublic:
    """Approve a submitted (or returned) report written by another token: it is locked until reopened."""
    comment = body.comment if body else None
    allow_self = request.app.state.settings.allow_self_approval
    return _review(session, archive.code, year, ReviewStep.approve, actor, comment, precondition, response, allow_self)


@router.post("/return", responses=REVIEW_ERRORS)
def return_report(
    session: WriteSession,
    archive: ArchiveDep,
    year: YearPath,
    body: ReturnNote,
    actor: CurrentActor,
    precondition: IfMatch,
    response: Response,
) -> ReportPublic:
    """Return a submitted report to its archive, with a comment saying what to correct."""
    return _review(session, archive.code, year, ReviewStep.return_, actor, body.comment, precondition, response)


@router.post("/reopen", responses=REVIEW_ERRORS)
def reopen_report(
    session: WriteSession,
    archive: ArchiveDep,
    year: YearPath,
    actor: CurrentActor,
    precondition: IfMatch,
    response: Response,
    body: ReviewNote | None = None,
) -> ReportPublic:
    """Reopen an approved report so that it can be corrected; it becomes submitted again."""
    comment = body.comment if body else None
    return _review(session, archive.code, year, ReviewStep.reopen, actor, comment, precondition, response)


def _review(
    session: Session,
    archive_code: str,
    year: int,
    step: ReviewStep,
    actor: Actor,
    comment: str | None,
    precondition: RevisionPrecondition | None,
    response: Response,
    allow_self_approval: bool = False,
) -> ReportPublic:
    authorize(session, actor, Action.review, archive_code)
    report = review_report(
        session,
        archive_code,
        year,
        step,
        actor=actor,
        comment=comment,
        precondition=precondition,
        allow_self_approval=allow_self_approval,
    )
    response.headers["ETag"] = etag(report.revision)
    return reports.report_public(report)
