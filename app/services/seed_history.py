"""The seed's history of the hierarchy (reference.json's `events`, the demo's `merges`), add-only.

An event is skipped when its archive already has an event of that type on that day, or is gone;
a merge when one of its sources already has a successor. What is skipped is said, with why.
"""

from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from app import errors
from app.domain.roles import Actor, Role
from app.models import Archive, ArchiveEvent, ArchiveSuccession
from app.models.archive_history import ArchiveEventCreate, MergeCreate
from app.models.common import utcnow
from app.services.archive_events import record_event
from app.services.successions import record_merge

SEED = Actor(name="seed", role=Role.admin)


def _load_event(session: Session, row: dict[str, object], skipped: list[str]) -> None:
    body = ArchiveEventCreate.model_validate(
        {key: value for key, value in row.items() if key not in ("archive_code", "source")}
    )
    code = str(row["archive_code"])
    archive = session.get(Archive, code)
    if archive is None:
        skipped.append(f"event {body.type} of {code} on {body.effective_date}: the archive is gone")
        return
    same = select(col(ArchiveEvent.id)).where(
        col(ArchiveEvent.archive_code) == code,
        col(ArchiveEvent.type) == body.type,
        col(ArchiveEvent.effective_date) == body.effective_date,
    )
    if session.scalar(same) is not None:
        skipped.append(f"event {body.type} of {code} on {body.effective_date}: recorded, left as it is")
        return
    try:
        with session.begin_nested():  # a refusal undoes only this event
            record_event(session, SEED, archive, body, today=date.max, now=utcnow())
    except errors.AppError as refusal:
        skipped.append(f"event {body.type} of {code} on {body.effective_date}: {refusal}")


def _load_merge(session: Session, row: dict[str, object], skipped: list[str]) -> None:
    body = MergeCreate.model_validate(row)
    merged = select(col(ArchiveSuccession.id)).where(col(ArchiveSuccession.predecessor_code).in_(body.sources))
    if session.scalar(merged) is not None:
        skipped.append(f"merge of {', '.join(body.sources)}: recorded, left as it is")
        return
    try:
        with session.begin_nested():  # a refusal undoes only this merge
            record_merge(session, SEED, body, today=date.max, now=utcnow())
    except errors.AppError as refusal:
        skipped.append(f"merge of {', '.join(body.sources)}: {refusal}")


def load_history(
    session: Session, events: list[dict[str, object]], merges: list[dict[str, object]], skipped: list[str]
) -> None:
    """Record the seed's events, then its merges, skipping what is already recorded."""
    for row in events:
        _load_event(session, row, skipped)
    for row in merges:
        _load_merge(session, row, skipped)
