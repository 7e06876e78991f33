"""Who is expected to report in a round, what each has sent, and where each stands (app.domain.rounds).

An archive is expected when it is `under` the round (the archive itself or below it; every
archive without `under`) and its level and kind are among the round's. Its first submission
is when its report for the year was first written (`created_at`), even before the round opened.
Local dates are in the deployment's time zone (LANTAI_TIMEZONE). Two queries, however many archives.
"""

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session, col

from app.db.rows import plain_rows
from app.domain.hierarchy import ArchiveRow, Hierarchy
from app.domain.rounds import Standing, standing
from app.models import Report
from app.models.round import Round
from app.services.hierarchy import load_hierarchy
from app.services.kept import ARCHIVES_NAMED_IN_QUERY


@dataclass(frozen=True, slots=True)
class Submission:
    """An archive's report for the round's year: its review status and when it was first written."""

    status: str
    first_submitted_at: datetime


@dataclass(frozen=True)
class RoundView:
    """A round with every archive, the expected ones (in code order), and the reports of its year."""

    round: Round
    hierarchy: Hierarchy
    expected: list[ArchiveRow]
    reports: dict[str, Submission]

    @property
    def archives(self) -> Mapping[str, ArchiveRow]:
        """Every archive, by code."""
        return self.hierarchy.by_code

    def chain(self, code: str) -> Iterator[ArchiveRow]:
        """The archives above this one, nearest first."""
        by_code = self.hierarchy.by_code
        return (by_code[above] for above in self.hierarchy.chain(code)[1:] if above in by_code and above != code)

    def standings(self, now: datetime, zone: str) -> dict[str, Standing]:
        """Each expected archive's standing as of `now`, by code."""
        tz = ZoneInfo(zone)
        today = now.astimezone(tz).date()
        return {archive.code: self._standing(archive.code, today, tz) for archive in self.expected}

    def _standing(self, code: str, today: date, tz: ZoneInfo) -> Standing:
        sent = self.reports.get(code)
        if sent is None:
            return standing(None, None, self.round.due_on, today)
        return standing(sent.status, sent.first_submitted_at.astimezone(tz).date(), self.round.due_on, today)


def load_round_view(session: Session, found: Round, codes: Collection[str] | None = None) -> RoundView:
    """The round's archives and the reports of its year (with `codes`: those archives alone are
    expected and read, for a page about a few)."""
    hierarchy = load_hierarchy(session)
    within = hierarchy.archives if found.under is None else hierarchy.subtree(found.under)
    levels, kinds = set(found.levels), set(found.kinds)
    chosen = {archive.code for archive in within if archive.level in levels and archive.kind in kinds}
    if codes is not None:
        chosen &= set(codes)
    expected = [archive for archive in hierarchy.archives if archive.code in chosen]
    query = select(col(Report.archive_code), col(Report.status), col(Report.created_at)).where(
        col(Report.year) == found.year
    )
    if codes is not None and len(chosen) <= ARCHIVES_NAMED_IN_QUERY:
        query = query.where(col(Report.archive_code).in_(sorted(chosen)))
    reports = {code: Submission(status, _utc(at)) for code, status, at in plain_rows(session, cast(Any, query))}
    return RoundView(found, hierarchy, expected, reports)


def _utc(value: datetime | str) -> datetime:
    """A timestamp as the driver returns it (SQLite: text without a zone, in UTC), zone-aware."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
