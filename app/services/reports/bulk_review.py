"""Approving several reports at once (the console's review queue): each is the one review step, checked on its own.

Each report is authorized (the reviewer's scope over its archive) and approved by
`review_report`, with its four-eyes and comment rules: one with warnings needs a comment,
so it is refused here and stays in the queue. A refusal of one report does not stop the
others; each refusal is reported with its message. Every check runs before anything of
that report is written, so a refused report leaves nothing behind."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from app import errors
from app.domain.permissions import Action
from app.domain.report_lifecycle import ReviewStep
from app.domain.roles import Actor
from app.i18n import Text
from app.services.access import authorize
from app.services.reports.changes import Clock
from app.services.reports.review import review_report

REFUSALS = (
    errors.Forbidden,
    errors.ReportNotFound,
    errors.InvalidReviewStep,
    errors.SelfApproval,
    errors.CommentRequired,
)


@dataclass
class BulkApproval:
    """What came of approving several reports: those approved, and those refused with why."""

    approved: list[tuple[str, int]] = field(default_factory=list)
    refused: list[tuple[str, int, Text]] = field(default_factory=list)


def approve_many(
    session: Session,
    keys: Sequence[tuple[str, int]],
    *,
    actor: Actor,
    clock: Clock,
    allow_self_approval: bool,
) -> BulkApproval:
    """Approve each report named (archive code, year) the actor may review; refuse the others, one by one."""
    outcome = BulkApproval()
    for code, year in dict.fromkeys(keys):
        try:
            authorize(session, actor, Action.review, code)
            review_report(
                session,
                code,
                year,
                ReviewStep.approve,
                actor=actor,
                comment=None,
                clock=clock,
                allow_self_approval=allow_self_approval,
            )
        except REFUSALS as refused:
            outcome.refused.append((code, year, refused.detail))
        else:
            outcome.approved.append((code, year))
    return outcome
