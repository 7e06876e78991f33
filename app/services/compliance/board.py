"""达标情况 as the console shows it: counts by status, the archives worst first with rate, target, gap and reasons.

The judging is the API's list (`filtered_compliance`, ordered by status, worst first);
each row keeps what a person reads first: the overall status, the rate and target of the
archive's first rule, how many points it is short, and the reasons in the person's language."""

from dataclasses import dataclass

from sqlmodel import Session

from app.domain.clock import RoundClock
from app.models import Plan
from app.models.compliance import ArchiveCompliance
from app.services.compliance.lists import ComplianceFilters, filtered_compliance
from app.services.plans import get_plan, list_plans

PAGE = 100


@dataclass(frozen=True)
class ComplianceRow:
    """One archive's line: its status, its first rule's rate and target, the gap in points, the reasons."""

    archive_code: str
    archive_name: str  # today's
    name_in_year: str | None  # the name it had in the year shown, when not today's
    level: str
    status: str | None
    status_label: str | None
    rate_pct: float | None
    target_value: float | None
    target_unit: str | None
    gap_pp: float | None
    reasons: list[str]


@dataclass(frozen=True)
class ComplianceBoard:
    """A page of the list under an archive (or everywhere), and its counts over every archive listed."""

    plan_code: str
    plan_name: str
    plans: list[tuple[str, str]]
    year: int
    under: str | None
    counts: dict[str, int]
    rows: list[ComplianceRow]
    total: int
    offset: int
    limit: int


def latest_plan(session: Session) -> Plan | None:
    """The plan that starts last (the one a person most likely means), None without plans."""
    plans, _ = list_plans(session, limit=1000, offset=0)
    return max(plans, key=lambda row: (row.start_year, row.code)) if plans else None


def compliance_board(
    session: Session,
    plan_code: str,
    year: int | None,
    under: str | None,
    *,
    offset: int,
    lang: str,
    clock: RoundClock,
) -> ComplianceBoard:
    """The page of the list: worst first, PAGE archives from `offset`."""
    plan = get_plan(session, plan_code)
    judged = filtered_compliance(session, plan.code, year, ComplianceFilters(under=under), lang, clock).ordered(
        "status"
    )
    plans, _ = list_plans(session, limit=1000, offset=0)
    page = judged.page(PAGE, offset)
    return ComplianceBoard(
        plan.code,
        plan.name,
        [(row.code, row.name) for row in plans],
        judged.year,
        under,
        {str(status): count for status, count in judged.counts.items()},
        [_row(item) for item in page.items],
        page.total,
        offset,
        PAGE,
    )


def _row(item: ArchiveCompliance) -> ComplianceRow:
    rule = item.rules[0] if item.rules else None
    gap = None
    if rule is not None and rule.rate_pct is not None and rule.target.unit == "pct":
        gap = max(0.0, rule.target.value - rule.rate_pct)
    reasons = [reason.message for rule_result in item.rules for reason in rule_result.reasons]
    return ComplianceRow(
        item.archive_code,
        item.archive_name,
        item.name_in_year,
        item.level.value,
        None if item.status is None else str(item.status),
        item.status_label,
        None if rule is None else rule.rate_pct,
        None if rule is None else rule.target.value,
        None if rule is None else str(rule.target.unit),
        gap,
        reasons,
    )
