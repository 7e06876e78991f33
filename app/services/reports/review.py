"""Review of yearly figures: approve, return with a comment, reopen; each step audited.

A step starts from the statuses listed and leaves the report in the next one:
  approve  submitted, returned -> approved   (approved reports are locked)
  return   submitted           -> returned   (a comment says what to correct)
  reopen   approved            -> submitted  (unlocks it for corrections)
Writing a report sets it back to submitted (app.services.reports.service).

Four eyes: nobody approves a revision that their own token wrote (SelfApproval),
admins included, unless the deployment allows it (LANTAI_ALLOW_SELF_APPROVAL, for a
single administrator); every approval records in the trail whether it was one.
"""

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session

from app import errors
from app.domain.roles import Actor
from app.i18n import Text
from app.models import Report
from app.models.audit import AuditAction
from app.models.common import utcnow
from app.models.report import ReportStatus
from app.services import audit
from app.services.reports.service import RevisionPrecondition, check_precondition, get_report, report_key, report_public


class ReviewStep(StrEnum):
    """A review decision on a report."""

    approve = "approve"
    return_ = "return"
    reopen = "reopen"


@dataclass(frozen=True)
class StepRule:
    """Where a step may start, where it leaves the report, and how the trail names it."""

    starts_from: frozenset[ReportStatus]
    leads_to: ReportStatus
    action: AuditAction


STEPS: dict[ReviewStep, StepRule] = {
    ReviewStep.approve: StepRule(
        frozenset({ReportStatus.submitted, ReportStatus.returned}), ReportStatus.approved, AuditAction.report_approve
    ),
    ReviewStep.return_: StepRule(frozenset({ReportStatus.submitted}), ReportStatus.returned, AuditAction.report_return),
    ReviewStep.reopen: StepRule(frozenset({ReportStatus.approved}), ReportStatus.submitted, AuditAction.report_reopen),
}


def review_report(
    session: Session,
    archive_code: str,
    year: int,
    step: ReviewStep,
    *,
    actor: Actor,
    comment: str | None,
    precondition: RevisionPrecondition | None = None,
    allow_self_approval: bool = False,
) -> Report:
    """Take a review step on the stored report, record who took it and why, and audit it."""
    report = get_report(session, archive_code, year, for_update=True)
    check_precondition(report, precondition)
    rule = STEPS[step]
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
    before = report_public(report)
    report.status = rule.leads_to
    report.reviewed_by = actor.name
    report.reviewed_at = utcnow()
    report.review_comment = comment
    session.add(report)
    session.flush()
    audit.record(
        session,
        actor,
        rule.action,
        entity_key=report_key(report.archive_code, report.year),
        archive_code=archive_code,
        year=year,
        before=before,
        after=report_public(report),
        self_approval=self_approval,
    )
    return report


def _is_self_approval(session: Session, report: Report, actor: Actor) -> bool:
    """True when the actor's token wrote the report's current revision (as the trail records it)."""
    if actor.token_id is None:
        return False
    writes = (AuditAction.report_create, AuditAction.report_replace)
    return audit.writer_token_id(session, report_key(report), writes) == actor.token_id
