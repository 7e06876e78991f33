"""What the compliance rules read, loaded as typed records in a fixed number of queries.

Never one query per archive: archives, targets and reports each come in one SELECT of
columns, and only the report years the rules look at are read (app.domain.compliance.
years_read). The many rows (archives, reports) are read straight off the database cursor
and become the records the rules read (YearFigures): no ORM objects, no Row objects.
What a read keeps of them between requests is declared in app.services.kept.
"""

from collections.abc import Collection

from sqlmodel import Session

from app.domain.compliance import PlanSpec, TargetRow
from app.services import kept
from app.services.kept import ARCHIVES_NAMED_IN_QUERY, FEW_ARCHIVES, KeptPlan, ReportsByArchive
from app.services.plans import get_plan


def load_plan(session: Session, code: str) -> KeptPlan:
    """The plan with this code, or PlanNotFound (kept in a read session while the stamp stands)."""
    found = kept.PLAN.get(session, code)
    return kept.kept_plan(get_plan(session, code)) if found is None else found  # None: PlanNotFound


def load_target_rows(session: Session, plan_code: str) -> tuple[TargetRow, ...]:
    """The plan's targets, in the order they were set (kept in a read session while the stamp stands)."""
    return kept.TARGETS.get(session, plan_code)


def latest_report_year(
    session: Session, plan: PlanSpec, archive_codes: Collection[str] | None, *, approved_only: bool
) -> int | None:
    """The latest year, never after the plan's end, that one of the archives (any, when None)
    has a report (an approved one, with approved_only) for (for any archive, kept in a read
    session while the stamp stands)."""
    if archive_codes is None:
        return kept.LATEST_REPORT_YEAR.get(session, plan.end_year, approved_only)
    return kept.latest_report_year(session, plan.end_year, archive_codes, approved_only)


def load_reports(
    session: Session, *, years: Collection[int] | None, archive_codes: Collection[str] | None, approved_only: bool
) -> ReportsByArchive:
    """Archive code -> its reports in the years (every year when None), oldest first.

    The reports of many archives (a list, a rollup) are kept, in a read session, while no
    report changes (app.services.kept)."""
    if archive_codes is not None and len(archive_codes) <= FEW_ARCHIVES:
        return kept.reports_of(session, years, archive_codes, approved_only)
    named = None if archive_codes is None or len(archive_codes) > ARCHIVES_NAMED_IN_QUERY else frozenset(archive_codes)
    return kept.REPORTS.get(session, None if years is None else frozenset(years), named, approved_only)
