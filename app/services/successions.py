"""Merges and splits: successions recorded with their date, the archives they open and close.

- A merge: every source other than `into` closes on the effective date (a `close` event with
  the document); `into` is an existing archive open that day or a new one opening that day;
  one `merge` link from each closed source to `into`.
- A split: the source stays open unless `close_source`; each part's archive is an existing one
  open that day or a new one opening that day; one `split` link per part, with its shares
  (figure key -> fraction of the source's figure; per figure they add up to 1 at most).
The tree is checked on every day from the effective date (app.services.archive_events.check_tree);
a refusal leaves everything as it was. Every write is audited here.
"""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session

from app import errors
from app.domain.roles import Actor
from app.i18n import Text
from app.models import Archive, ArchiveEvent, ArchiveSuccession
from app.models.archive import ArchiveCreate
from app.models.archive_history import (
    Dating,
    EventType,
    MergeCreate,
    NewArchive,
    SplitCreate,
    SuccessionPublic,
    SuccessionResult,
)
from app.models.audit import AuditAction
from app.services import audit
from app.services.archive_events import check_tree, closing
from app.services.archives import create_archive, get_archive
from app.services.hierarchy import archive_spans
from app.services.versions import check_open, store_spans


def _successor(session: Session, into: str | NewArchive, day: date, opened: list[str]) -> str:
    """The successor's code: an existing archive open on `day`, or a new one registered as opening then."""
    if isinstance(into, NewArchive):
        created = create_archive(session, ArchiveCreate(**into.model_dump(), opened_on=day))
        opened.append(created.code)
        return created.code
    code = get_archive(session, into).code
    check_open(session, code, day, "into")
    return code


def _close(session: Session, actor: Actor, code: str, dating: Dating, note: str, now: datetime) -> None:
    store_spans(session, code, closing(code, archive_spans(session, code), dating.effective_date))
    session.add(
        ArchiveEvent(
            archive_code=code,
            type=EventType.close,
            effective_date=dating.effective_date,
            document=dating.document,
            note=dating.note or note,
            created_by=actor.name,
        )
    )
    archive = session.get(Archive, code)
    if archive is not None:
        archive.updated_at = now
        session.add(archive)


def _link(
    actor: Actor, predecessor: str, successor: str, kind: str, dating: Dating, shares: dict[str, str] | None
) -> ArchiveSuccession:
    return ArchiveSuccession(
        predecessor_code=predecessor,
        successor_code=successor,
        type=kind,
        effective_date=dating.effective_date,
        document=dating.document,
        note=dating.note,
        shares=shares,
        created_by=actor.name,
    )


def _refuse_future(day: date, today: date) -> None:
    if day > today:
        raise errors.InvalidEvent(
            Text(
                f"effective_date: {day.isoformat()} is after today; record a change once it has taken effect",
                f"effective_date：{day.isoformat()} 晚于今天；变更生效后再登记",
            )
        )


def record_merge(session: Session, actor: Actor, body: MergeCreate, *, today: date, now: datetime) -> SuccessionResult:
    """Merge the sources into one archive on the effective date."""
    day = body.effective_date
    _refuse_future(day, today)
    sources = list(dict.fromkeys(get_archive(session, code).code for code in body.sources))
    for code in sources:
        check_open(session, code, day, "sources")
    opened: list[str] = []
    into = _successor(session, body.into, day, opened)
    closed = [code for code in sources if code != into]
    if not closed:
        raise errors.ValidationFailed(
            Text("sources: name an archive other than into", "sources：须含 into 以外的档案馆")
        )
    links = []
    for code in closed:
        _close(session, actor, code, body, f"merged into {into}", now)
        links.append(_link(actor, code, into, "merge", body, None))
    return _finish(session, actor, links, opened, closed, [*closed, into], AuditAction.archive_merge, into)


def record_split(session: Session, actor: Actor, body: SplitCreate, *, today: date, now: datetime) -> SuccessionResult:
    """Split the source into the parts' archives on the effective date, closing it when asked."""
    day = body.effective_date
    _refuse_future(day, today)
    source = get_archive(session, body.source).code
    check_open(session, source, day, "source")
    _check_shares(body)
    opened: list[str] = []
    links = []
    for part in body.into:
        successor = _successor(session, part.into, day, opened)
        if successor == source:
            raise errors.ValidationFailed(
                Text("into: a part cannot be the source itself", "into：不能拆分到源档案馆自身")
            )
        shares = None if part.shares is None else {key: str(value) for key, value in sorted(part.shares.items())}
        links.append(_link(actor, source, successor, "split", body, shares))
    closed = [source] if body.close_source else []
    if body.close_source:
        _close(session, actor, source, body, "split", now)
    touched = [source, *(link.successor_code for link in links)]
    return _finish(session, actor, links, opened, closed, touched, AuditAction.archive_split, source)


def _check_shares(body: SplitCreate) -> None:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for part in body.into:
        for key, value in (part.shares or {}).items():
            totals[key] += value
    over = sorted(key for key, total in totals.items() if total > 1)
    if over:
        raise errors.ValidationFailed(
            Text(f"shares: {', '.join(over)} add up to more than 1", f"shares：{', '.join(over)} 的份额合计超过 1")
        )


def _finish(
    session: Session,
    actor: Actor,
    links: list[ArchiveSuccession],
    opened: list[str],
    closed: list[str],
    touched: list[str],
    action: AuditAction,
    entity: str,
) -> SuccessionResult:
    session.add_all(links)
    session.flush()
    check_tree(session, touched, links[0].effective_date)
    result = SuccessionResult(
        successions=[SuccessionPublic.model_validate(link) for link in links], opened=opened, closed=closed
    )
    audit.record(session, actor, action, entity_key=entity, archive_code=entity, after=result)
    return result
