"""round.overdue: once a round's due date has passed (its end, in LANTAI_TIMEZONE), one event per round.

The worker looks for rounds whose due date passed within RECENT_DAYS and that have no
overdue event yet; each gets one, with the round's counts and the missing archives' codes.
The event's `once_key` is unique, so two workers looking at once still emit it once (the
second insert fails and its transaction is retried later, finding the event there).
Rounds that were overdue long before webhooks existed are left alone.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import JsonValue
from sqlalchemy import select
from sqlmodel import Session, col

from app.domain.rounds import count
from app.models import Round, WebhookEvent
from app.models.webhook import EventType
from app.services import outbox
from app.services.rounds.progress import counts_model, missing, scoped
from app.services.rounds.standings import load_round_view

RECENT_DAYS = 7


def once_key(round_id: int | None) -> str:
    """The key that keeps a round's overdue event unique."""
    return f"round.overdue:{round_id}"


def waiting_rounds(session: Session, now: datetime, zone: str) -> list[Round]:
    """The rounds due before today (in the zone), within RECENT_DAYS, not yet told."""
    today = now.astimezone(ZoneInfo(zone)).date()
    recent = list(
        session.scalars(
            select(Round).where(col(Round.due_on) < today, col(Round.due_on) >= today - timedelta(days=RECENT_DAYS))
        )
    )
    if not recent:
        return []
    keys = [once_key(found.id) for found in recent]
    told = set(session.scalars(select(col(WebhookEvent.once_key)).where(col(WebhookEvent.once_key).in_(keys))))
    return [found for found in recent if once_key(found.id) not in told]


def overdue_rounds(session: Session, now: datetime, zone: str) -> None:
    """Emit round.overdue for every round waiting_rounds finds."""
    for found in waiting_rounds(session, now, zone):
        _tell(session, found, now, zone)


def _tell(session: Session, found: Round, now: datetime, zone: str) -> None:
    scope = scoped(load_round_view(session, found), None, now, zone)
    counts = counts_model(count(scope.standings[archive.code] for archive in scope.archives))
    data: dict[str, JsonValue] = {"round_id": found.id, "year": found.year, "name": found.name}
    data |= {"due_on": found.due_on.isoformat(), "under": found.under}
    data["counts"] = {name: value for name, value in counts.items() if isinstance(value, int | float | None)}
    data["missing"] = [archive.code for archive in missing(scope)]
    data["path"] = f"/api/v1/rounds/{found.id}/progress"
    outbox.emit(session, EventType.round_overdue, data, at=now, archive_code=found.under, once_key=once_key(found.id))
