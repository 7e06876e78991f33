"""The review queue: reports awaiting review (submitted, or returned and resubmitted) in the caller's scope.

- Scope: an admin sees every archive, a supervisor their archive and those below it;
  other roles review nothing (Forbidden). `under` narrows it to one archive's subtree,
  `parent_code` to the archives directly below one.
- `round` keeps the reports of the round's year from its expected archives.
- `flagged` keeps the reports with warnings (true) or without (false).
- Oldest submission first, each with its current warnings.
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session, col

from app import errors
from app.domain.permissions import Action, Reach, reach
from app.domain.roles import Actor
from app.i18n import Text
from app.models import Archive, Report
from app.models.common import Page
from app.models.report import ReportStatus
from app.models.round import QueuedReport, Round
from app.services.access import authorize
from app.services.hierarchy import place_codes, subtree_codes
from app.services.reports.warnings import findings, public_warnings
from app.services.rounds.standings import load_round_view


@dataclass(frozen=True)
class QueueFilters:
    """Which waiting reports to list."""

    under: str | None = None
    parent_code: str | None = None  # the archives directly below this one
    round: Round | None = None
    flagged: bool | None = None


def review_queue(
    session: Session, actor: Actor, filters: QueueFilters, *, lang: str, limit: int, offset: int
) -> Page[QueuedReport]:
    """A page of the reports awaiting review that the actor may review, oldest first.

    The scope, the round and the page are applied in the query (a bureau's queue reads its own
    archives' rows, never the country's); only `flagged`, which runs the checks, reads every
    waiting report of the scope to count the page."""
    query = (
        select(*_QUEUED_COLUMNS, col(Archive.name))
        .join(Archive, col(Archive.code) == col(Report.archive_code))
        .where(col(Report.status) == ReportStatus.submitted)
    )
    codes = _scope(session, actor, filters.under)
    if filters.parent_code is not None:
        below = set(place_codes(session, parent_code=filters.parent_code, under=None) or ())
        codes = below if codes is None else codes & below
    if filters.round is not None:
        expected = {archive.code for archive in load_round_view(session, filters.round).expected}
        codes = expected if codes is None else codes & expected
        query = query.where(col(Report.year) == filters.round.year)
    if codes is not None:
        query = query.where(col(Report.archive_code).in_(sorted(codes)))
    ordered = query.order_by(col(Report.submitted_at), col(Report.id))
    if filters.flagged is None:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = list(session.execute(ordered.offset(offset).limit(limit)))
        found = findings(session, [(row.archive_code, row.year) for row in rows])
    else:
        waiting = list(session.execute(ordered))
        found = findings(session, [(row.archive_code, row.year) for row in waiting])
        kept = [row for row in waiting if bool(found[(row.archive_code, row.year)]) == filters.flagged]
        total, rows = len(kept), kept[offset : offset + limit]
    items = [
        QueuedReport(
            archive_code=row.archive_code,
            archive_name=row.name,
            year=row.year,
            revision=row.revision,
            status=row.status,
            submitted_by=row.submitted_by,
            submitted_at=row.submitted_at,
            warnings=public_warnings(found[(row.archive_code, row.year)], lang),
        )
        for row in rows
    ]
    return Page(items=items, total=total, limit=limit, offset=offset)


_QUEUED_COLUMNS = (
    col(Report.archive_code),
    col(Report.year),
    col(Report.revision),
    col(Report.status),
    col(Report.submitted_by),
    col(Report.submitted_at),
)


def _scope(session: Session, actor: Actor, under: str | None) -> set[str] | None:
    """The archives whose reports the actor may review (None: every one), under `under`."""
    if under is not None:
        if session.get(Archive, under) is None:
            raise errors.ArchiveNotFound(
                Text(f"under: no archive with code {under!r}", f"under：不存在代码为 {under!r} 的档案馆")
            )
        authorize(session, actor, Action.review, under)
        return set(subtree_codes(session, under))
    actor_reach = reach(actor, Action.review)
    if actor_reach is Reach.anywhere:
        return None
    authorize(session, actor, Action.review, actor.archive_code)
    assert actor.archive_code is not None
    return set(subtree_codes(session, actor.archive_code))
