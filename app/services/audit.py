"""The audit trail: record every write with its values before and after; read it back, filtered."""

from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session

from app.domain.permissions import Action, Reach, reach
from app.domain.roles import Actor
from app.models import AuditEntry
from app.models.audit import AuditAction
from app.services.archives import ancestor_codes


@dataclass(frozen=True)
class AuditFilters:
    """What to look for in the trail; None matches anything."""

    archive_code: str | None = None
    year: int | None = None
    actor: str | None = None
    action: AuditAction | None = None
    since: datetime | None = None
    until: datetime | None = None


def record(
    session: Session,
    actor: Actor,
    action: AuditAction,
    *,
    entity_key: str,
    archive_code: str | None = None,
    year: int | None = None,
    before: BaseModel | None = None,
    after: BaseModel | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one row to the trail, in the same transaction as the write it records (`at`: the write's time)."""
    path = None if archive_code is None else archive_path(session, archive_code)
    entry = build_entry(
        actor,
        action,
        entity_key=entity_key,
        archive_code=archive_code,
        archive_path=path,
        year=year,
        before=before,
        after=after,
        at=at,
    )
    session.add(entry)
    session.flush()
    return entry


def build_entry(
    actor: Actor,
    action: AuditAction,
    *,
    entity_key: str,
    archive_code: str | None,
    archive_path: str | None,
    year: int | None,
    before: BaseModel | None,
    after: BaseModel | None,
    at: datetime | None = None,
) -> AuditEntry:
    """One row of the trail (the one builder: a single write and a bulk import alike); `at` defaults to now."""
    entry = AuditEntry(
        actor=actor.name,
        actor_role=actor.role,
        token_id=actor.token_id,
        action=action,
        entity=action.entity,
        entity_key=entity_key,
        archive_code=archive_code,
        archive_path=archive_path,
        year=year,
        before=None if before is None else before.model_dump(mode="json"),
        after=None if after is None else after.model_dump(mode="json"),
        request_id=actor.request_id,
    )
    if at is not None:
        entry.at = at
    return entry


def archive_path(session: Session, archive_code: str) -> str:
    """The archive's chain from the root, as "/HN/HN-CS/HN-CS-WC/"."""
    chain = [*reversed(ancestor_codes(session, archive_code)), archive_code]
    return "/" + "/".join(chain) + "/"


def list_entries(
    session: Session, actor: Actor, filters: AuditFilters, *, limit: int, offset: int
) -> tuple[list[AuditEntry], int]:
    """A page of the rows the actor may read that match the filters, newest first, and the total."""
    conditions = [*_visible_to(actor), *_matching(filters)]
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
    query = select(AuditEntry).where(*conditions).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return list(session.scalars(query.limit(limit).offset(offset))), total


def _visible_to(actor: Actor) -> list[ColumnElement[bool]]:
    actor_reach = reach(actor, Action.read_audit)
    if actor_reach is Reach.anywhere:
        return []
    if actor_reach is Reach.subtree and actor.archive_code is not None:
        return [AuditEntry.archive_path.contains(f"/{actor.archive_code}/", autoescape=True)]
    if actor_reach is Reach.own and actor.archive_code is not None:
        return [AuditEntry.archive_code == actor.archive_code]
    return [AuditEntry.id.is_(None)]


def _matching(filters: AuditFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for column, value in (
        (AuditEntry.archive_code, filters.archive_code),
        (AuditEntry.year, filters.year),
        (AuditEntry.actor, filters.actor),
        (AuditEntry.action, filters.action),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.since is not None:
        conditions.append(AuditEntry.at >= _in_utc(filters.since))
    if filters.until is not None:
        conditions.append(AuditEntry.at < _in_utc(filters.until))
    return conditions


def _in_utc(moment: datetime) -> datetime:
    """The moment in UTC, as the trail stores it; a moment without a zone is taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
