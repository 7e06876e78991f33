"""Recording a real change of an archive on a date: events (rename, recode, reparent, reclassify, close,
reopen), and history (app.services.hierarchy reads the versions; app.domain.versions has the rules).

Each write changes the stored versions, then checks the tree on every day it may have changed
(`check_tree`): the archive's parent is open, no cycle, the level order holds, a closed archive
supervises nothing. A refusal raises, and the request's transaction leaves everything as it was.
Merges and splits: app.services.successions. Every write is audited here.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlmodel import Session, col

from app import errors
from app.domain.hierarchy import Hierarchy, ancestors
from app.domain.permissions import Action
from app.domain.roles import Actor
from app.domain.versions import ATTRIBUTES, Span, apply_change, close, closed_on, merged, opened_on, reopen, span_on
from app.i18n import Text
from app.models import Archive, ArchiveEvent, ArchiveSuccession, ArchiveVersion
from app.models.archive_history import (
    EVENT_ATTRIBUTES,
    ArchiveEventCreate,
    ArchiveEventPublic,
    ArchiveHistory,
    ArchiveVersionPublic,
    EventType,
    SuccessionPublic,
)
from app.models.audit import AuditAction
from app.models.common import LEVEL_RANK, Level
from app.services import audit
from app.services.access import authorize, authorize_reclassify
from app.services.hierarchy import archive_spans, existing_code, hierarchy_as_of, spans_of
from app.services.versions import is_open, not_open, store_spans

MAX_DAYS_CHECKED = 200  # the tree is checked on at most this many days after a change (the earliest first)
# Events that change where an archive stands (its parent, level or kind, or whether it is open) need the
# reclassify right, as a PATCH of those fields does (app.domain.permissions.may_reclassify).
STRUCTURAL_EVENTS = frozenset({EventType.reparent, EventType.reclassify, EventType.close, EventType.reopen})


def record_event_as(
    session: Session, actor: Actor, archive: Archive, body: ArchiveEventCreate, *, today: date, now: datetime
) -> ArchiveEventPublic:
    """Record an event the actor may record: a structural one only from above, a new parent only one the
    actor may write to (the rules of a PATCH of the same fields)."""
    if body.type in STRUCTURAL_EVENTS:
        authorize_reclassify(session, actor, archive.code)
    if body.type is EventType.reparent and body.parent_code is not None:
        body.parent_code = existing_code(session, body.parent_code, "parent_code")
        authorize(session, actor, Action.write_archives, body.parent_code)
    return record_event(session, actor, archive, body, today=today, now=now)


def record_event(
    session: Session, actor: Actor, archive: Archive, body: ArchiveEventCreate, *, today: date, now: datetime
) -> ArchiveEventPublic:
    """Record one event of the archive, re-dating its versions, after checking it against the tree of its date."""
    day = body.effective_date
    _refuse_future(day, today)
    spans = archive_spans(session, archive.code)
    _attributes_sent(body)
    if body.type is EventType.close:
        changes: dict[str, str | None] = {}
        former: dict[str, str | None] = {}
        new_spans = closing(archive.code, spans, day)
    elif body.type is EventType.reopen:
        changes, former = {}, {}
        new_spans = _reopening(archive.code, spans, day)
    else:
        changes, former = _attribute_changes(archive.code, body, spans)
        recorded = _recorded_days(session, archive.code, day, changes)
        new_spans = merged(apply_change(spans, day, changes, former, recorded))
        if new_spans == merged(spans):
            raise _changes_nothing(day)
    store_spans(session, archive.code, new_spans)
    check_tree(session, [archive.code], day)
    event = ArchiveEvent(
        archive_code=archive.code,
        type=body.type,
        effective_date=day,
        document=body.document,
        note=body.note,
        changes=changes,
        former=former,
        created_by=actor.name,
    )
    session.add(event)
    archive.updated_at = now
    session.add(archive)
    session.flush()
    recorded_event = ArchiveEventPublic.model_validate(event)
    audit.record(
        session,
        actor,
        AuditAction.archive_event,
        entity_key=archive.code,
        archive_code=archive.code,
        after=recorded_event,
    )
    return recorded_event


def _refuse_future(day: date, today: date) -> None:
    if day > today:
        raise errors.InvalidEvent(
            Text(
                f"effective_date: {day.isoformat()} is after today; record a change once it has taken effect",
                f"effective_date：{day.isoformat()} 晚于今天；变更生效后再登记",
            )
        )


def closing(code: str, spans: tuple[Span, ...], day: date) -> tuple[Span, ...]:
    """The spans of the archive closed on `day`: open then, and nothing recorded from that day on."""
    if span_on(spans, day) is None:
        raise not_open(code, day, "effective_date")
    if any(span.valid_from is not None and span.valid_from >= day for span in spans):
        raise _out_of_order(code, day)
    return close(spans, day)


def _reopening(code: str, spans: tuple[Span, ...], day: date) -> tuple[Span, ...]:
    ended = closed_on(spans)
    if ended is None or ended > day:
        raise errors.InvalidEvent(
            Text(
                f"effective_date: archive {code!r} is not closed on {day.isoformat()}",
                f"effective_date：档案馆 {code!r} 于 {day.isoformat()} 并未撤销",
            )
        )
    return reopen(spans, day)


def _out_of_order(code: str, day: date) -> errors.AppError:
    return errors.InvalidEvent(
        Text(
            f"effective_date: archive {code!r} has changes recorded on or after {day.isoformat()}; "
            "a closure is recorded after them, in order",
            f"effective_date：档案馆 {code!r} 在 {day.isoformat()} 当天或之后已有变更；撤销须按时间顺序登记",
        )
    )


def _attribute_changes(
    archive_code: str, body: ArchiveEventCreate, spans: tuple[Span, ...]
) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """The attributes the event sets (only its type's, at least one) and the former values it states."""
    sent = _attributes_sent(body)
    changes = {field: _text(getattr(body, field)) for field in sorted(sent)}
    if any(field in changes and changes[field] is None for field in ("name", "level", "kind")):
        raise errors.ValidationFailed(Text("name, level and kind may not be null", "name、level、kind 不能为空"))
    if span_on(spans, body.effective_date) is None:
        raise not_open(archive_code, body.effective_date, "effective_date")
    stated = body.former.model_fields_set if body.former is not None else set()
    former = {field: _text(getattr(body.former, field)) for field in sorted(stated & set(changes))}
    return changes, former


def _attributes_sent(body: ArchiveEventCreate) -> set[str]:
    """The attributes the event sets: its type's (at least one), or none for a closure or reopening."""
    allowed = EVENT_ATTRIBUTES[body.type]
    sent: set[str] = {field for field in ATTRIBUTES if field in body.model_fields_set}
    if sent - allowed or (allowed and not sent) or (body.former is not None and not allowed):
        named = ", ".join(sorted(allowed)) or "no attribute"
        raise errors.ValidationFailed(
            Text(f"a {body.type} event sets {named} and nothing else", f"{body.type} 事件只能设置 {named}")
        )
    return sent


def _changes_nothing(day: date) -> errors.AppError:
    return errors.InvalidEvent(
        Text(
            f"the archive already has these values on {day.isoformat()}: the event changes nothing",
            f"该档案馆在 {day.isoformat()} 已是这些值：事件未作任何变更",
        )
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _recorded_days(session: Session, code: str, day: date, changes: dict[str, str | None]) -> dict[str, list[date]]:
    """Attribute -> the days of the archive's other recorded changes of it; DuplicateEvent for one on `day`."""
    query = select(ArchiveEvent).where(col(ArchiveEvent.archive_code) == code)
    recorded: dict[str, list[date]] = defaultdict(list)
    for event in session.scalars(query):
        for attribute in event.changes:
            if attribute in changes and event.effective_date == day:
                raise errors.DuplicateEvent(
                    Text(
                        f"archive {code!r} already has a change of {attribute} on {day.isoformat()} (event {event.id})",
                        f"档案馆 {code!r} 在 {day.isoformat()} 已有 {attribute} 的变更（事件 {event.id}）",
                    )
                )
            recorded[attribute].append(event.effective_date)
    return recorded


# --- the tree, checked on every day a change may have touched


def check_tree(session: Session, codes: Iterable[str], since: date) -> None:
    """Refuse when, on some day from `since`, one of these archives is under an archive not open then,
    in a cycle, under a lower level or above a higher one, or closed while supervising open archives."""
    changed = sorted(set(codes))
    for day in _days_to_check(session, changed, since):
        tree = hierarchy_as_of(session, day)
        for code in changed:
            _check_on(tree, code, day)


def _days_to_check(session: Session, codes: list[str], since: date) -> list[date]:
    version = ArchiveVersion
    related = or_(col(version.archive_code).in_(codes), col(version.parent_code).in_(codes))
    parents = select(col(version.parent_code)).where(col(version.archive_code).in_(codes))
    query = select(col(version.valid_from), col(version.valid_until)).where(
        or_(related, col(version.archive_code).in_(parents))
    )
    days = {since}
    for start, end in session.execute(query):
        days.update(day for day in (start, end) if day is not None and day > since)
    return sorted(days)[:MAX_DAYS_CHECKED]


def _check_on(tree: Hierarchy, code: str, day: date) -> None:
    below = [tree.by_code[child] for child in tree.children.get(code, ()) if child in tree.by_code]
    row = tree.by_code.get(code)
    if row is None:
        if below:
            raise _closed_supervisor(code, day, below[0].code)
        return
    if row.parent_code is not None:
        parent = tree.by_code.get(row.parent_code)
        if parent is None:
            raise not_open(row.parent_code, day, "parent_code")
        if code in ancestors(lambda each: tree.by_code[each].parent_code if each in tree.by_code else None, code):
            raise _cycle(code, row.parent_code, day)
        if LEVEL_RANK[Level(parent.level)] > LEVEL_RANK[Level(row.level)]:
            raise _level_order(parent.code, parent.level, code, row.level, day)
    for child in below:
        if LEVEL_RANK[Level(child.level)] < LEVEL_RANK[Level(row.level)]:
            raise _level_order(code, row.level, child.code, child.level, day)


def _closed_supervisor(code: str, day: date, child: str) -> errors.AppError:
    return errors.InvalidHierarchy(
        Text(
            f"archive {code!r} would be closed on {day.isoformat()} while {child!r} is below it; move or close that first",
            f"档案馆 {code!r} 于 {day.isoformat()} 撤销时其下仍有 {child!r}；请先调整或撤销下级",
        )
    )


def _cycle(code: str, parent: str, day: date) -> errors.AppError:
    return errors.HierarchyCycle(
        Text(
            f"parent_code: on {day.isoformat()} {parent!r} is {code!r} itself or below it; that would make a cycle",
            f"parent_code：{day.isoformat()} 时 {parent!r} 是 {code!r} 本身或其下级，会形成循环",
        )
    )


def _level_order(parent: str, parent_level: str, child: str, child_level: str, day: date) -> errors.AppError:
    return errors.InvalidHierarchy(
        Text(
            f"on {day.isoformat()} the {parent_level} archive {parent!r} would supervise the {child_level} archive {child!r}",
            f"{day.isoformat()} 时 {parent_level} 级档案馆 {parent!r} 将成为 {child_level} 级档案馆 {child!r} 的上级",
        )
    )


# --- history


def archive_history(session: Session, code: str) -> ArchiveHistory:
    """The archive's versions and events, oldest first, with its predecessors and successors."""
    spans = spans_of(session, [code]).get(code, ())
    events = session.scalars(
        select(ArchiveEvent)
        .where(col(ArchiveEvent.archive_code) == code)
        .order_by(col(ArchiveEvent.effective_date), col(ArchiveEvent.id))
    )
    link = ArchiveSuccession
    links = list(
        session.scalars(
            select(link)
            .where(or_(col(link.predecessor_code) == code, col(link.successor_code) == code))
            .order_by(col(link.effective_date), col(link.id))
        )
    )
    return ArchiveHistory(
        code=code,
        opened_on=opened_on(spans),
        closed_on=closed_on(spans),
        versions=[
            ArchiveVersionPublic(valid_from=span.valid_from, valid_until=span.valid_until, **vars_of(span))
            for span in spans
        ],
        events=[ArchiveEventPublic.model_validate(event) for event in events],
        predecessors=[SuccessionPublic.model_validate(each) for each in links if each.successor_code == code],
        successors=[SuccessionPublic.model_validate(each) for each in links if each.predecessor_code == code],
    )


def vars_of(span: Span) -> dict[str, str | None]:
    """A span's attributes by name."""
    return {attribute: getattr(span.attributes, attribute) for attribute in ATTRIBUTES}


def open_on(session: Session, code: str, day: date | None) -> bool:
    """Whether the archive is open on `day` (None: now)."""
    return is_open(archive_spans(session, code), day)
