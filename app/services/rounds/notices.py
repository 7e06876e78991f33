"""Rounds in the compliance answers: which archives have not reported in a round for the judged year.

For every round of the year, each expected archive without a report for that year gets a
notice (the round, its due date, the days late so far); with several rounds, the earliest
due date wins. The compliance answer shows it on an archive with a no_data rule
(app.services.compliance.answers.archive_answer, the one place the field is set).
No query when no round is open for the year, once a read has found none (app.services.kept);
with `codes`, only those archives' reports are read and judged (one archive's page, a clerk's home).
"""

from collections.abc import Collection

from sqlalchemy import select
from sqlmodel import Session, col

from app.domain.clock import RoundClock
from app.models.compliance import NotReported
from app.models.round import Round
from app.services import kept
from app.services.rounds.standings import load_round_view


def not_reported_notices(
    session: Session, year: int, clock: RoundClock, codes: Collection[str] | None = None
) -> dict[str, NotReported]:
    """A notice for each archive expected in a round of the year that has not reported, by code
    (of the archives in `codes` alone, when given)."""
    notices: dict[str, NotReported] = {}
    if not kept.HAS_ROUNDS.get(session, year):
        return notices  # no round for the year: known without a query while the stamp stands
    rounds = list(session.scalars(select(Round).where(col(Round.year) == year).order_by(col(Round.due_on).desc())))
    for found in rounds:
        view = load_round_view(session, found, codes)
        standings = view.standings(clock.now, clock.zone)
        for archive in view.expected:
            if archive.code not in view.reports:
                notices[archive.code] = NotReported(
                    round_id=found.id or 0,
                    round_name=found.name,
                    due_on=found.due_on,
                    days_late=standings[archive.code].days_late,
                )
    return notices
