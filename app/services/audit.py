"""The audit trail: record every write with its values before and after; read it back, filtered.

Who sees which rows is decided structurally: a supervisor of X sees a row when X is,
exactly, one of the codes on the row's archive path (the chain at the time of the
write), compared in Python the same way on every database, never with LIKE.

History belongs to the archive, not to its code: an archive deleted and another created
with its code later, the new one's supervisors and reporters see only what was written
after the deletion (rows come after it by id: ids are never reused, migration 0009)."""

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from app.domain.permissions import Action, Reach, reach
from app.domain.roles import Actor, Role
from app.models import AuditEntry
from app.models.audit import AuditAction
from app.services.hierarchy import archive_path
from app.services.ordering import sql_order


@dataclass(frozen=True)
class AuditFilters:
    """What to look for in the trail; None matches anything."""

    archive_code: str | None = None
    parent_code: str | None = None  # writes to the archives directly below this one (by the path written then)
    under: str | None = None  # writes to this archive and those below it (by the path written then)
    year: int | None = None
    actor: str | None = None
    token_id: int | None = None
    role: Role | None = None
    action: AuditAction | None = None
    since: datetime | None = None  # in UTC
    until: datetime | None = None  # in UTC


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
    self_approval: bool | None = None,
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
        self_approval=self_approval,
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
    self_approval: bool | None = None,
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
        client_request_id=actor.client_request_id,
        self_approval=self_approval,
        username=actor.username,
    )
    if at is not None:
        entry.at = at
    return entry


def list_entries(
    session: Session, actor: Actor, filters: AuditFilters, *, order: str | None = None, limit: int, offset: int
) -> tuple[list[AuditEntry], int]:
    """A page of the rows the actor may read that match the filters, newest first, and the total."""
    conditions = [*_visible_to(session, actor), *_matching(filters), *_placed(session, filters)]
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
    newest_first = [col(AuditEntry.at).desc(), col(AuditEntry.id).desc()]
    sort = sql_order(order, AUDIT_ORDER, default=newest_first, tiebreak=[col(AuditEntry.id)])
    query = select(AuditEntry).where(*conditions).order_by(*sort)
    return list(session.scalars(query.limit(limit).offset(offset))), total


AUDIT_ORDER = {name: col(getattr(AuditEntry, name)) for name in ("at", "id", "archive_code", "actor", "action")}


def writer_token_id(session: Session, entity_key: str, actions: tuple[AuditAction, ...]) -> int | None:
    """The token that made the latest of these writes to the entity (None: no token, or none recorded)."""
    query = select(col(AuditEntry.token_id)).where(
        col(AuditEntry.entity_key) == entity_key, col(AuditEntry.action).in_(actions)
    )
    return session.scalars(query.order_by(col(AuditEntry.id).desc()).limit(1)).first()


def writer_username(session: Session, entity_key: str, actions: tuple[AuditAction, ...]) -> str | None:
    """The console account that made the latest of these writes to the entity (None: a token, or none recorded)."""
    query = select(col(AuditEntry.username)).where(
        col(AuditEntry.entity_key) == entity_key, col(AuditEntry.action).in_(actions)
    )
    return session.scalars(query.order_by(col(AuditEntry.id).desc()).limit(1)).first()


def paths_through(session: Session, archive_code: str) -> list[str]:
    """The archive paths on the trail that pass through this archive: the code is one of their parts, exactly."""
    column = col(AuditEntry.archive_path)
    paths = session.scalars(select(column).where(column.is_not(None)).distinct())
    return [path for path in paths if path is not None and archive_code in path.strip("/").split("/")]


def _placed(session: Session, filters: AuditFilters) -> list[ColumnElement[bool]]:
    """parent_code and under, read on the archive path each row kept (so removed archives still match)."""
    column = col(AuditEntry.archive_path)
    conditions: list[ColumnElement[bool]] = []
    if filters.under is not None:
        conditions.append(column.in_(paths_through(session, filters.under.upper())))
    if filters.parent_code is not None:
        parent = filters.parent_code.upper()
        below = [path for path in paths_through(session, parent) if path.strip("/").split("/")[-2:-1] == [parent]]
        conditions.append(column.in_(below))
    return conditions


def _visible_to(session: Session, actor: Actor) -> list[ColumnElement[bool]]:
    actor_reach = reach(actor, Action.read_audit)
    if actor_reach is Reach.anywhere:
        return []
    code = actor.archive_code
    if code is None or actor_reach not in (Reach.subtree, Reach.own):
        return [col(AuditEntry.id).is_(None)]
    since_this_archive = col(AuditEntry.id) > last_deletion(session, code)
    if actor_reach is Reach.subtree:
        return [col(AuditEntry.archive_path).in_(paths_through(session, code)), since_this_archive]
    return [col(AuditEntry.archive_code) == code, since_this_archive]


def last_deletion(session: Session, archive_code: str) -> int:
    """The id of the trail's row of the latest deletion of an archive with this code (0: never deleted):
    every row before it is the history of an archive that no longer exists."""
    query = select(func.max(col(AuditEntry.id))).where(
        col(AuditEntry.action) == AuditAction.archive_delete, col(AuditEntry.entity_key) == archive_code
    )
    return session.scalar(query) or 0


def _matching(filters: AuditFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for column, value in (
        (AuditEntry.archive_code, filters.archive_code),
        (AuditEntry.year, filters.year),
        (AuditEntry.actor, filters.actor),
        (AuditEntry.token_id, filters.token_id),
        (AuditEntry.actor_role, filters.role),
        (AuditEntry.action, filters.action),
    ):
        if value is not None:
            conditions.append(col(column) == value)
    if filters.since is not None:
        conditions.append(col(AuditEntry.at) >= filters.since)
    if filters.until is not None:
        conditions.append(col(AuditEntry.at) < filters.until)
    return conditions
