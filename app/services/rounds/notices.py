"""Rounds in the compliance answers: which archives have not reported in a round for the judged year.

For every round of the year, each expected archive without a report for that year gets a
notice (the round, its due date, the days late so far); with several rounds, the earliest
due date wins. The compliance answer shows it on an archive with a no_data rule
(app.services.compliance.answers.archive_answer, the one place the field is set).
One query when no round is open for the year.
"""

from sqlalchemy import select
from sqlmodel import Session, col

from app.config import get_settings
from app.models.common import utcnow
from app.models.compliance import NotReported
from app.models.round import Round
from app.services.rounds.standings import load_round_view


def not_reported_notices(session: Session, year: int) -> dict[str, NotReported]:
    """A notice for each archive expected in a round of the year that has not reported, by code."""
    rounds = list(session.scalars(select(Round).where(col(Round.year) == year).order_by(col(Round.due_on).desc())))
    notices: dict[str, NotReported] = {}
    if not rounds:
        return notices
    now, zone = utcnow(), get_settings().timezone
    for found in rounds:
        view = load_round_view(session, found)
        standings = view.standings(now, zone)
        for archive in view.expected:
            if archive.code not in view.reports:
                notices[archive.code] = NotReported(
                    round_id=found.id or 0,
                    round_name=found.name,
                    due_on=found.due_on,
                    days_late=standings[archive.code].days_late,
                )
    return notices
