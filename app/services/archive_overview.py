"""One archive as the console shows it: its place in the hierarchy, its yearly reports, and its audit trail.

Each year's report stands beside the name the archive had on 31 December of that year, when it
is not today's (`names_in_years`, from the archive's dated versions: one query).

The trail is shown only to those who may read it (authorize_audit, the API's own check);
everything else is what the API's reads answer to anyone signed in."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlmodel import Session

from app import errors
from app.domain.permissions import Action
from app.domain.roles import Actor
from app.domain.versions import span_on
from app.models import Archive, AuditEntry
from app.models.report import ReportPublic
from app.services.access import authorize, authorize_audit
from app.services.audit import AuditFilters, list_entries
from app.services.hierarchy import ancestor_codes, archive_spans, children_codes, year_end
from app.services.reports.service import list_reports, report_public

TRAIL_ROWS = 30


@dataclass(frozen=True)
class ArchiveOverview:
    """The archive, the archives above it (root first) and directly below it, its reports, its trail (None: not allowed)."""

    archive: Archive
    above: list[Archive]
    below: list[Archive]
    reports: list[ReportPublic]
    trail: list[AuditEntry] | None
    may_write: bool  # whether the person may write its reports (the entry form opens for them)
    names_in_years: Mapping[int, str]  # year -> the name on its 31 December, where it is not today's


def archive_overview(session: Session, archive: Archive, actor: Actor) -> ArchiveOverview:
    """What the archive's page shows to this person."""
    above = [found for code in reversed(ancestor_codes(session, archive.code)) if (found := session.get(Archive, code))]
    below = sorted(
        (found for code in children_codes(session, archive.code) if (found := session.get(Archive, code))),
        key=lambda row: row.code,
    )
    rows, _ = list_reports(session, archive.code, year_from=None, year_to=None, order="-year", limit=100, offset=0)
    try:
        authorize_audit(session, actor, archive.code)
    except errors.Forbidden:
        trail = None
    else:
        trail, _ = list_entries(session, actor, AuditFilters(archive_code=archive.code), limit=TRAIL_ROWS, offset=0)
    try:
        authorize(session, actor, Action.write_reports, archive.code)
    except errors.Forbidden:
        may_write = False
    else:
        may_write = True
    names = names_in_years(session, archive, [row.year for row in rows])
    return ArchiveOverview(archive, above, below, [report_public(row) for row in rows], trail, may_write, names)


def names_in_years(session: Session, archive: Archive, years: Iterable[int]) -> dict[int, str]:
    """The name the archive had on 31 December of each year, where it differs from today's."""
    spans = archive_spans(session, archive.code)
    found = {year: span_on(spans, year_end(year)) for year in years}
    return {year: span.attributes.name for year, span in found.items() if span and span.attributes.name != archive.name}
