"""Review of yearly figures: approve, return with a comment, reopen; each step audited.

A step starts from some statuses and leaves the report in the next one: the table of
transitions is the domain's, beside the report's lifecycle (app.domain.report_lifecycle.REVIEW_STEPS).

Four eyes: nobody approves a revision that their own token wrote (SelfApproval),
admins included, unless the deployment allows it (LANTAI_ALLOW_SELF_APPROVAL, for a
single administrator); every approval records in the trail whether it was one.
Approving a report on which a plausibility check fires needs a comment (CommentRequired);
a return may cite the warnings it is about: their codes are kept with its comment.
"""

from collections.abc import Sequence

from sqlmodel import Session

from app import errors
from app.domain.report_lifecycle import REVIEW_STEPS, ReviewStep
from app.domain.roles import Actor
from app.i18n import Text
from app.models import Report
from app.models.audit import AuditAction
from app.services import audit, outbox
from app.services.reports.changes import Clock, take
from app.services.reports.service import RevisionPrecondition, check_precondition, get_report, report_key, report_public
from app.services.reports.warnings import findings

STEP_ACTIONS: dict[ReviewStep, AuditAction] = {  # how the audit trail names each step
    ReviewStep.approve: AuditAction.report_approve,
    ReviewStep.return_: AuditAction.report_return,
    ReviewStep.reopen: AuditAction.report_reopen,
}


def review_report(
    session: Session,
    archive_code: str,
    year: int,
    step: ReviewStep,
    *,
    actor: Actor,
    comment: str | None,
    clock: Clock,
    precondition: RevisionPrecondition | None = None,
    allow_self_approval: bool = False,
) -> Report:
    """Take a review step on the stored report, record who took it and why, and audit it."""
    report = get_report(session, archive_code, year, for_update=True)
    check_precondition(report.revision, precondition)
    rule = REVIEW_STEPS[step]
    if report.status not in rule.starts_from:
        allowed = " or ".join(sorted(rule.starts_from))
        raise errors.InvalidReviewStep(
            Text(
                f"the {year} report of {archive_code} is {report.status}; {step} needs one that is {allowed}",
                f"{archive_code} 的 {year} 年年报当前状态为 {report.status}，{step} 仅适用于状态为 {allowed} 的年报",
            )
        )
    self_approval = _is_self_approval(session, report, actor) if step is ReviewStep.approve else None
    if self_approval and not allow_self_approval:
        raise errors.SelfApproval(
            Text(
                f"revision {report.revision} of the {year} report of {archive_code} was written with this token; "
                "another token must approve it",
                f"{archive_code} 的 {year} 年年报第 {report.revision} 版由本令牌填报，须由其他令牌审核通过",
            )
        )
    check_comment_for_warnings(session, report, step, comment)
    before = report_public(report)
    taken = take(session, 1, clock)  # its place in commit order, and the time read after it
    report.status = rule.leads_to
    report.reviewed_by = actor.name
    report.reviewed_at = taken.at
    report.review_comment = comment
    report.change_seq = taken.first
    session.add(report)
    session.flush()
    audit.record(
        session,
        actor,
        STEP_ACTIONS[step],
        entity_key=report_key(report.archive_code, report.year),
        archive_code=archive_code,
        year=year,
        before=before,
        after=report_public(report),
        self_approval=self_approval,
        at=taken.at,
    )
    outbox.report_reviewed(session, step, archive_code, year, report.revision, report.status, taken.at)
    return report


def _is_self_approval(session: Session, report: Report, actor: Actor) -> bool:
    """True when the actor's token, or the actor's console account, wrote the report's current revision
    (as the trail records it)."""
    writes = (AuditAction.report_create, AuditAction.report_replace)
    key = report_key(report.archive_code, report.year)
    if actor.username is not None:
        return audit.writer_username(session, key, writes) == actor.username
    if actor.token_id is None:
        return False
    return audit.writer_token_id(session, key, writes) == actor.token_id


def check_comment_for_warnings(session: Session, report: Report, step: ReviewStep, comment: str | None) -> None:
    """Refuse to approve a report with warnings without a comment saying why its figures stand."""
    if step is not ReviewStep.approve or (comment and comment.strip()):
        return
    found = findings(session, [(report.archive_code, report.year)])[(report.archive_code, report.year)]
    if found:
        codes = ", ".join(dict.fromkeys(finding.code for finding in found))
        raise errors.CommentRequired(
            Text(
                f"comment: the {report.year} report of {report.archive_code} has warnings ({codes}); "
                "say why its figures stand to approve it",
                f"comment：{report.archive_code} 的 {report.year} 年年报有预警（{codes}），审核通过须说明理由",
            )
        )


def citing_warnings(comment: str, codes: Sequence[str]) -> str:
    """A return's comment with the warning codes it cites: "数字有误 [digit_slip, rate_fell]"."""
    return f"{comment} [{', '.join(dict.fromkeys(codes))}]" if codes else comment
