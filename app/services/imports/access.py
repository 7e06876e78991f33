"""Which archives an actor may report for (the trust rules of app.services.access).

The actor's reportable archives are read in one query (and the archives in another:
app.services.hierarchy.load_hierarchy), so that a file naming thousands of archives is
checked without a query per row.
"""

from collections.abc import Collection

from sqlalchemy import select
from sqlmodel import Session, col

from app.domain.permissions import Action
from app.domain.roles import Actor
from app.models import Archive
from app.models.report import ReportColumns
from app.services.access import authorize_somewhere, reportable_archive_codes
from app.services.reports.bulk import stored_reports


def check_may_report(session: Session, actor: Actor) -> None:
    """Forbidden unless the actor may report for some archive."""
    authorize_somewhere(actor, Action.write_reports)


def reportable_archives(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """(code, name) of every archive the actor may report for, by code."""
    check_may_report(session, actor)
    allowed = reportable_archive_codes(session, actor)
    rows = session.execute(select(col(Archive.code), col(Archive.name)).order_by(col(Archive.code)))
    return [(code, name) for code, name in rows if allowed is None or code in allowed]


def figures_by_archive(session: Session, codes: Collection[str], year: int) -> dict[str, ReportColumns]:
    """The stored reports of these archives for a year (the template's 上年 columns), by archive code."""
    stored = stored_reports(session, [(code, year) for code in codes], for_update=False)
    return {code: report for (code, _), report in stored.items()}
