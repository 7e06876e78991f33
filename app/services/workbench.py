"""The console's home (工作台): what each person sees first, by role, computed from the features' services.

- someone who writes reports for one archive (a clerk): this reporting year's report of their
  archive (its state, the warnings on it, the round's due date and days left);
- someone who reviews (a chief, an admin): the latest round's progress under their archive, and
  how many reports wait for their review;
- everyone: the compliance summary of the latest plan (archives per status), over the archives
  the person answers for: their archive and those below it (a county clerk: their own archive;
  a city's chief: the city's), the whole country for those bound to no archive (an admin).
The reporting year is that of the latest round already open, else last year.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from app.domain.clock import RoundClock
from app.domain.permissions import Action, Reach, reach
from app.domain.roles import Actor
from app.models.round import Round, RoundProgress
from app.services.compliance.board import latest_plan
from app.services.compliance.lists import ComplianceFilters, filtered_compliance
from app.services.hierarchy import load_hierarchy
from app.services.reports.service import find_report
from app.services.reports.warnings import findings
from app.services.rounds import progress as round_progress
from app.services.rounds.queue import QueueFilters, review_queue
from app.services.rounds.standings import load_round_view


@dataclass(frozen=True)
class OwnReport:
    """A clerk's report for the reporting year: its state (None: not entered), warnings, deadline."""

    archive_code: str
    year: int
    status: str | None
    warnings: int
    due_on: date | None
    days_left: int | None  # negative: overdue


@dataclass(frozen=True)
class ReviewSummary:
    """A reviewer's round progress under their archive and the count of reports waiting for them."""

    round_name: str | None
    progress: RoundProgress | None
    waiting: int


@dataclass(frozen=True)
class ComplianceSummary:
    """Archives per overall status for a plan, as of a year, under one archive (None: everywhere)."""

    plan_code: str
    plan_name: str
    year: int
    counts: dict[str, int]
    under: str | None = None
    under_name: str | None = None


@dataclass(frozen=True)
class Workbench:
    """The home page of one person."""

    year: int
    own_report: OwnReport | None
    review: ReviewSummary | None
    compliance: ComplianceSummary | None


def reporting_round(session: Session, today: date) -> Round | None:
    """The latest round already open (by its opening day), or None."""
    query = select(Round).where(col(Round.opens_on) <= today).order_by(col(Round.year).desc(), col(Round.id).desc())
    return session.scalars(query.limit(1)).first()


def workbench(session: Session, actor: Actor, *, clock: RoundClock, lang: str) -> Workbench:
    """What the actor's home shows."""
    today = clock.now.date()
    found = reporting_round(session, today)
    year = found.year if found is not None else today.year - 1
    own = None
    if reach(actor, Action.write_reports) is Reach.own and actor.archive_code is not None:
        own = _own_report(session, actor.archive_code, year, found, today)
    review = None
    if reach(actor, Action.review) is not Reach.nowhere:
        review = _review(session, actor, found, clock, lang)
    return Workbench(year, own, review, compliance_summary(session, actor.archive_code, lang, clock))


def _own_report(session: Session, code: str, year: int, found: Round | None, today: date) -> OwnReport:
    report = find_report(session, code, year)
    warnings = len(findings(session, [(code, year)])[(code, year)]) if report is not None else 0
    due_on = found.due_on if found is not None else None
    days_left = None if due_on is None else (due_on - today).days
    return OwnReport(code, year, None if report is None else report.status, warnings, due_on, days_left)


def _review(session: Session, actor: Actor, found: Round | None, clock: RoundClock, lang: str) -> ReviewSummary:
    waiting = review_queue(session, actor, QueueFilters(), lang=lang, limit=1, offset=0).total
    if found is None:
        return ReviewSummary(None, None, waiting)
    under = actor.archive_code if reach(actor, Action.review) is not Reach.anywhere else None
    within = None if under is None else [archive.code for archive in load_hierarchy(session).subtree(under)]
    view = load_round_view(session, found, within)  # a chief's home reads their archives' reports alone
    scope = round_progress.scoped(view, under, clock.now, clock.zone)
    return ReviewSummary(found.name, round_progress.progress(scope), waiting)


def compliance_summary(session: Session, under: str | None, lang: str, clock: RoundClock) -> ComplianceSummary | None:
    """Archives per status for the latest plan (by start year), as of the latest reported year, over `under`
    and the archives below it (None: every archive); None without plans."""
    plan = latest_plan(session)
    if plan is None:
        return None
    place = None if under is None else load_hierarchy(session).by_code.get(under)
    filters = ComplianceFilters(under=None if place is None else place.code)
    judged = filtered_compliance(session, plan.code, None, filters, lang, clock)
    counts = {str(k): v for k, v in judged.counts.items()}
    name = None if place is None else place.name
    return ComplianceSummary(plan.code, plan.name, judged.year, counts, filters.under, name)
