"""Rounds: open one (admins, and supervisors within their scope), list, read, extend its due date, delete it.

- `under` defaults to the caller's own archive (a supervisor's scope) or, for an admin, everywhere;
  `levels` and `kinds` default to all. Opening, changing or deleting a round needs the review
  permission on `under` (everywhere: admins only): checked here when a round is opened (the
  body names `under`), and by the route's RoundFor dependency (app/api/permissions.py) when
  one is changed or deleted.
- A round is deleted only while no expected archive has reported for its year (RoundInUse).
- Every write is recorded in the audit trail.
"""

from sqlalchemy import func, select
from sqlmodel import Session, col

from app import errors
from app.domain.permissions import Action
from app.domain.roles import Actor
from app.i18n import Text
from app.models.audit import AuditAction
from app.models.common import Kind, Level
from app.models.round import Round, RoundCreate, RoundPublic, RoundUpdate
from app.services import audit, outbox
from app.services.access import authorize
from app.services.archives import get_archive
from app.services.ordering import sql_order
from app.services.rounds.standings import load_round_view


def get_round(session: Session, round_id: int) -> Round:
    """The round, or RoundNotFound."""
    found = session.get(Round, round_id)
    if found is None:
        raise errors.RoundNotFound(Text(f"no round with id {round_id}", f"不存在编号为 {round_id} 的年报工作"))
    return found


ROUND_ORDER = {name: col(getattr(Round, name)) for name in ("id", "year", "opens_on", "due_on")}


def list_rounds(
    session: Session, year: int | None = None, *, order: str | None = None, limit: int, offset: int
) -> tuple[list[Round], int]:
    """A page of the rounds (of a year), the latest year first (or by `order`, ties by id), and the total."""
    conditions = [] if year is None else [col(Round.year) == year]
    total = session.scalar(select(func.count()).select_from(Round).where(*conditions)) or 0
    round_id = col(Round.id)
    sort = sql_order(order, ROUND_ORDER, default=[col(Round.year).desc(), round_id], tiebreak=[round_id])
    return list(session.scalars(select(Round).where(*conditions).order_by(*sort).limit(limit).offset(offset))), total


def create_round(session: Session, data: RoundCreate, actor: Actor) -> Round:
    """Open a round under the archive given (default: the caller's scope)."""
    under = data.under if data.under is not None else actor.archive_code
    if under is not None:
        get_archive(session, under)
    authorize(session, actor, Action.review, under)
    created = Round(
        year=data.year,
        name=data.name,
        opens_on=data.opens_on,
        due_on=data.due_on,
        under=under,
        levels=[str(level) for level in (data.levels or list(Level))],
        kinds=[str(kind) for kind in (data.kinds or list(Kind))],
        created_by=actor.name,
    )
    session.add(created)
    session.flush()
    _audit(session, actor, AuditAction.round_create, created, before=None)
    outbox.round_opened(session, created)
    return created


def update_round(session: Session, found: Round, data: RoundUpdate, actor: Actor) -> Round:
    """Rename a round or move its due date (not before it opens); the caller may review under `found.under`."""
    before = RoundPublic.model_validate(found)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    due_on = changes.get("due_on", found.due_on)
    if due_on < found.opens_on:
        raise errors.InvalidRound(
            Text(
                f"due_on: {due_on} is before the round opens ({found.opens_on})",
                f"due_on：{due_on} 早于开始日期 {found.opens_on}",
            )
        )
    for name, value in changes.items():
        setattr(found, name, value)
    session.add(found)
    session.flush()
    _audit(session, actor, AuditAction.round_update, found, before=before)
    return found


def delete_round(session: Session, found: Round, actor: Actor) -> None:
    """Delete a round while no expected archive has reported for its year; the caller may review under it."""
    view = load_round_view(session, found)
    reported = sum(archive.code in view.reports for archive in view.expected)
    if reported:
        raise errors.RoundInUse(
            Text(
                f"round {found.id}: {reported} expected archive(s) have reported for {found.year}",
                f"年报工作 {found.id}：已有 {reported} 个应报档案馆报送了 {found.year} 年数据",
            )
        )
    before = RoundPublic.model_validate(found)
    session.delete(found)
    session.flush()
    audit.record(
        session, actor, AuditAction.round_delete, entity_key=f"round/{before.id}", archive_code=before.under,
        year=before.year, before=before,
    )  # fmt: skip


def _audit(session: Session, actor: Actor, action: AuditAction, found: Round, *, before: RoundPublic | None) -> None:
    audit.record(
        session,
        actor,
        action,
        entity_key=f"round/{found.id}",
        archive_code=found.under,
        year=found.year,
        before=before,
        after=RoundPublic.model_validate(found),
    )
