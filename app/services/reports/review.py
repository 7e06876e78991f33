"""Review of yearly figures: approve, return with a comment, reopen; each step audited.

A step starts from the statuses listed and leaves the report in the next one:
  approve  submitted, returned -> approved   (approved reports are locked)
  return   submitted           -> returned   (a comment says what to correct)
  reopen   approved            -> submitted  (unlocks it for corrections)
Writing a report sets it back to submitted (app.services.reports.service).
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
    )
    return report
