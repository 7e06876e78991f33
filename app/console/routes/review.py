"""审核队列: the reports waiting for the person's review; open one, approve it or return it with a comment.

The steps are the API's (`review_report`, with four eyes and the comment rule); approving
several rows at once approves each on its own (app.services.reports.bulk_review). A row
approved from the queue with htmx is swapped in place, and the status region says so."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app import errors
from app.api.deps import ReadSession, WriteClock, WriteSession, YearPath
from app.console.auth import ConsoleActor, CsrfChecked, Person, csrf_checked
from app.console.labels import label
from app.console.permissions import ReviewableArchive, Reviewer
from app.console.render import fragment, language, page
from app.domain.roles import Actor
from app.models import Archive
from app.models.common import Page
from app.models.round import QueuedReport
from app.services.console_sessions import SignedIn
from app.services.reports.bulk_review import approve_many
from app.services.reports.changes import Clock
from app.services.reports.entry_form import entry_form
from app.services.reports.review import ReviewStep, review_report
from app.services.rounds.queue import QueueFilters, review_queue

router = APIRouter(prefix="/review")


@dataclass(frozen=True)
class BulkCounts:
    """What the last bulk approval came to, as its redirect said."""

    approved: int
    refused: int

    @classmethod
    def of(cls, approved: str | None, refused: str | None) -> "BulkCounts | None":
        if approved is None or refused is None or not (approved.isdigit() and refused.isdigit()):
            return None
        return cls(int(approved), int(refused))


@dataclass(frozen=True)
class ReviewQueuePage:
    """The queue, and the outcome of the bulk approval just made (if any)."""

    queue: Page[QueuedReport]
    done: BulkCounts | None


QUEUE_PAGE = 500
Comment = Annotated[str, Form(max_length=2000)]
REVIEW_REFUSALS = (errors.CommentRequired, errors.SelfApproval, errors.InvalidReviewStep, errors.ReportNotFound)


@router.get("", name="console_review_queue")
def queue_page(request: Request, session: ReadSession, person: Person, actor: Reviewer) -> Response:
    """The reports waiting for review in the person's scope, oldest first, with their warnings."""
    queue = review_queue(session, actor, QueueFilters(), lang=language(request), limit=QUEUE_PAGE, offset=0)
    done = BulkCounts.of(request.query_params.get("approved"), request.query_params.get("refused"))
    return page(request, "review_queue.html", person=person, record=ReviewQueuePage(queue, done))


@router.get("/{code}/{year}", name="console_review_report")
def report_page(
    request: Request, session: ReadSession, person: Person, archive: ReviewableArchive, year: YearPath
) -> Response:
    """One report read-only, with its warnings and last year's figures, and the review forms."""
    record = entry_form(session, archive, year, lang=language(request))
    return page(request, "review_report.html", person=person, record=record)


@router.post("/{code}/{year}/approve", name="console_approve_report")
def approve(
    request: Request,
    person: CsrfChecked,
    session: WriteSession,
    archive: ReviewableArchive,
    actor: ConsoleActor,
    year: YearPath,
    clock: WriteClock,
    comment: Comment = "",
) -> Response:
    """Approve a report another person wrote, and lock it; one with warnings needs a comment."""
    return _step(request, session, person, archive, actor, year, clock, ReviewStep.approve, comment)


@router.post("/{code}/{year}/return", name="console_return_report")
def return_report(
    request: Request,
    person: CsrfChecked,
    session: WriteSession,
    archive: ReviewableArchive,
    actor: ConsoleActor,
    year: YearPath,
    clock: WriteClock,
    comment: Comment = "",
) -> Response:
    """Return a report to its archive with a comment saying what to correct (the comment is required)."""
    if not comment.strip():
        problem = label("review.comment_required", language(request))
        return _again(request, session, person, archive, year, problem, 422)
    return _step(request, session, person, archive, actor, year, clock, ReviewStep.return_, comment)


@router.post("/approve", name="console_approve_reports", dependencies=[Depends(csrf_checked)])
def approve_several(
    request: Request,
    session: WriteSession,
    actor: Reviewer,
    clock: WriteClock,
    report: Annotated[list[str], Form(max_length=200)] = [],  # noqa: B006
) -> Response:
    """Approve the rows ticked (those without warnings); each is approved or refused on its own."""
    keys = [(code, int(year)) for code, _, year in (key.rpartition("/") for key in report) if year.isdigit()]
    allow = request.app.state.settings.allow_self_approval
    outcome = approve_many(session, keys, actor=actor, clock=clock, allow_self_approval=allow)
    location = (
        f"/console/review?notice=review.bulk_done&approved={len(outcome.approved)}&refused={len(outcome.refused)}"
    )
    return RedirectResponse(location, status_code=303)


def _step(
    request: Request,
    session: Session,
    person: SignedIn,
    archive: Archive,
    actor: Actor,
    year: int,
    clock: Clock,
    step: ReviewStep,
    comment: str,
) -> Response:
    try:
        review_report(
            session,
            archive.code,
            year,
            step,
            actor=actor,
            comment=comment.strip() or None,
            clock=clock,
            allow_self_approval=request.app.state.settings.allow_self_approval,
        )
    except REVIEW_REFUSALS as refused:
        return _again(request, session, person, archive, year, refused.message(language(request)), refused.status_code)
    notice = "review.approved" if step is ReviewStep.approve else "review.returned"
    if request.headers.get("hx-request"):
        return fragment(request, "review_row_done.html", code=archive.code, name=archive.name, year=year, notice=notice)
    return RedirectResponse(f"/console/review?notice={notice}", status_code=303)


def _again(
    request: Request, session: Session, person: SignedIn, archive: Archive, year: int, problem: str, status: int
) -> Response:
    """The report's page again, with why the step was refused."""
    record = entry_form(session, archive, year, lang=language(request), problems={"review": problem})
    return page(request, "review_report.html", person=person, record=record, status=status)
