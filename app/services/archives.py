"""Archives: register, change, remove, list (the hierarchy walks: app.services.hierarchy)."""

from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import Session, col

from app import errors
from app.domain.codes import normalize_code
from app.domain.hierarchy import would_cycle
from app.domain.permissions import CLASSIFYING_FIELDS, Action
from app.domain.roles import Actor
from app.i18n import Text
from app.models import ApiToken, Archive, ArchiveSuccession, ArchiveVersion, Report, Target
from app.models.archive import ArchiveCreate, ArchivePublic, ArchiveUpdate
from app.models.audit import AuditAction
from app.models.common import LEVEL_RANK, Level
from app.services import audit
from app.services.access import authorize, authorize_reclassify
from app.services.hierarchy import ancestor_codes, existing_code, subtree_codes
from app.services.ordering import sql_order
from app.services.versions import check_open, correct_latest_version


def get_archive(session: Session, code: str) -> Archive:
    """The archive with this code, however it is typed ("hn-cs" finds HN-CS), or ArchiveNotFound."""
    archive = session.get(Archive, normalize_code(code))
    if archive is None:
        raise errors.ArchiveNotFound(Text(f"no archive with code {code!r}", f"不存在代码为 {code!r} 的档案馆"))
    return archive


def list_archives(
    session: Session,
    *,
    level: str | None = None,
    kind: str | None = None,
    parent_code: str | None = None,
    under: str | None = None,
    region_code: str | None = None,
    q: str | None = None,
    updated_since: datetime | None = None,
    order: str | None = None,
    limit: int,
    offset: int,
) -> tuple[list[Archive], int]:
    """A page of archives matching the filters, ordered by code, and the total count.

    parent_code: the archives directly below that one; under: that archive and its whole
    subtree; an unknown code is ArchiveNotFound naming the parameter."""
    conditions: list[ColumnElement[bool]] = []
    for column, value in ((Archive.level, level), (Archive.kind, kind)):
        if value is not None:
            conditions.append(col(column) == value)
    if parent_code is not None:
        conditions.append(col(Archive.parent_code) == existing_code(session, parent_code, "parent_code"))
    if under is not None:
        conditions.append(col(Archive.code).in_(sorted(subtree_codes(session, existing_code(session, under, "under")))))
    if region_code is not None:
        conditions.append(col(Archive.region_code) == region_code)
    if updated_since is not None:
        conditions.append(col(Archive.updated_at) >= updated_since)
    if q:  # matched literally: "%" and "_" are not wildcards
        literal_q = or_(col(Archive.name).contains(q, autoescape=True), col(Archive.code).contains(q, autoescape=True))
        conditions.append(literal_q)
    total = session.scalar(select(func.count()).select_from(Archive).where(*conditions)) or 0
    code = col(Archive.code)
    sort = sql_order(order, ARCHIVE_ORDER, default=[code], tiebreak=[code])
    rows = session.scalars(select(Archive).where(*conditions).order_by(*sort).limit(limit).offset(offset))
    return list(rows), total


ARCHIVE_ORDER = {
    name: col(getattr(Archive, name)) for name in ("code", "name", "level", "region_code", "created_at", "updated_at")
}


def create_archive(session: Session, data: ArchiveCreate) -> Archive:
    """Register a new archive under an existing parent."""
    if session.get(Archive, data.code) is not None:
        raise errors.ArchiveExists(
            Text(f"code: an archive with code {data.code!r} exists", f"code：代码 {data.code!r} 已被使用")
        )
    if data.parent_code is not None:
        _check_parent(session, child_code=data.code, child_level=data.level, parent_code=data.parent_code)
        check_open(session, data.parent_code, data.opened_on, "parent_code")
    archive = Archive(**data.model_dump(exclude={"opened_on"}))
    session.add(archive)
    session.flush()
    session.add(
        ArchiveVersion(
            valid_from=data.opened_on, **data.model_dump(exclude={"code", "opened_on"}), archive_code=archive.code
        )
    )
    session.flush()
    return archive


def register_archive(session: Session, actor: Actor, data: ArchiveCreate) -> ArchivePublic:
    """Register an archive under a parent the actor may write to; recorded in the audit trail."""
    authorize(session, actor, Action.write_archives, data.parent_code)
    created = ArchivePublic.model_validate(create_archive(session, data))
    audit.record(
        session, actor, AuditAction.archive_create, entity_key=created.code, archive_code=created.code, after=created
    )
    return created


def change_archive(
    session: Session, actor: Actor, archive: Archive, data: ArchiveUpdate, *, now: datetime
) -> ArchivePublic:
    """Change an archive as the actor may: its level, kind or parent only from above (the reclassify
    rule, app.domain.permissions.may_reclassify), a new parent only one the actor may write to;
    a change is recorded in the audit trail."""
    if any(getattr(archive, field) != getattr(data, field) for field in CLASSIFYING_FIELDS & data.model_fields_set):
        authorize_reclassify(session, actor, archive.code)
    if "parent_code" in data.model_fields_set and data.parent_code != archive.parent_code:
        authorize(session, actor, Action.write_archives, data.parent_code)
    before = ArchivePublic.model_validate(archive)
    updated = ArchivePublic.model_validate(update_archive(session, archive, data, now=now))
    if updated != before:
        audit.record(
            session,
            actor,
            AuditAction.archive_update,
            entity_key=archive.code,
            archive_code=archive.code,
            before=before,
            after=updated,
        )
    return updated


def remove_archive(session: Session, actor: Actor, archive: Archive) -> None:
    """Remove an archive that nothing depends on; recorded in the audit trail."""
    audit.record(
        session,
        actor,
        AuditAction.archive_delete,
        entity_key=archive.code,
        archive_code=archive.code,
        before=ArchivePublic.model_validate(archive),
    )
    delete_archive(session, archive)


def update_archive(session: Session, archive: Archive, data: ArchiveUpdate, *, now: datetime) -> Archive:
    """Change the given fields; the hierarchy is checked again whenever the level or the parent changes.

    Fields sent with the value they already have change nothing: a body that changes
    nothing leaves the archive (and its updated_at) as it was."""
    changes = {
        field: value for field, value in data.model_dump(exclude_unset=True).items() if getattr(archive, field) != value
    }
    for required in ("name", "level", "kind"):
        if required in changes and changes[required] is None:
            raise errors.ValidationFailed(Text(f"{required}: may not be null", f"{required}：不能为空"))
    if not changes:
        return archive
    level = changes.get("level", archive.level)
    parent_code = changes.get("parent_code", archive.parent_code)
    if parent_code is not None and ("level" in changes or "parent_code" in changes):
        _check_parent(session, child_code=archive.code, child_level=level, parent_code=parent_code)
    if "level" in changes:
        _check_children_levels(session, archive.code, Level(level))
    for field, value in changes.items():
        setattr(archive, field, value)
    archive.updated_at = now
    session.add(archive)
    correct_latest_version(session, archive.code, changes)
    session.flush()
    return archive


def delete_archive(session: Session, archive: Archive) -> None:
    """Remove an archive that has no reports, no children and no targets of its own."""
    if session.scalar(select(func.count()).select_from(Report).where(col(Report.archive_code) == archive.code)):
        raise errors.ArchiveInUse(
            Text(f"archive {archive.code!r} has reports", f"档案馆 {archive.code!r} 已有年报数据")
        )
    if session.scalar(select(func.count()).select_from(Archive).where(col(Archive.parent_code) == archive.code)):
        raise errors.ArchiveInUse(
            Text(f"archive {archive.code!r} supervises other archives", f"档案馆 {archive.code!r} 下有下级档案馆")
        )
    if _has_history_with_others(session, archive.code):
        raise errors.ArchiveInUse(
            Text(
                f"archive {archive.code!r} has a predecessor or successor, or supervised others in the past",
                f"档案馆 {archive.code!r} 有前身或继承者，或曾有下级档案馆",
            )
        )
    if session.scalar(select(func.count()).select_from(Target).where(col(Target.archive_code) == archive.code)):
        raise errors.ArchiveInUse(Text(f"archive {archive.code!r} has targets", f"档案馆 {archive.code!r} 有专属目标"))
    _refuse_if_tokens_act_for(session, archive)
    session.delete(archive)
    session.flush()


def _has_history_with_others(session: Session, code: str) -> bool:
    link = ArchiveSuccession
    linked = select(col(link.id)).where(or_(col(link.predecessor_code) == code, col(link.successor_code) == code))
    supervised = select(col(ArchiveVersion.id)).where(
        col(ArchiveVersion.parent_code) == code, col(ArchiveVersion.archive_code) != code
    )
    return session.scalar(linked.limit(1)) is not None or session.scalar(supervised.limit(1)) is not None


def _refuse_if_tokens_act_for(session: Session, archive: Archive) -> None:
    """A token is bound to its archive: the archive cannot go while an unrevoked token acts for it,
    so that no token outlives it or passes to a later archive given the same code."""
    query = select(col(ApiToken.id), col(ApiToken.name)).where(
        col(ApiToken.archive_code) == archive.code, col(ApiToken.revoked_at).is_(None)
    )
    holders = ", ".join(f"{token_id} ({name})" for token_id, name in session.execute(query.order_by(col(ApiToken.id))))
    if holders:
        raise errors.ArchiveInUse(
            Text(
                f"archive {archive.code!r} has tokens acting for it: {holders}; revoke them first",
                f"档案馆 {archive.code!r} 仍有有效令牌：{holders}；请先吊销",
            )
        )


def _check_parent(session: Session, *, child_code: str, child_level: str, parent_code: str) -> None:
    parent = session.get(Archive, parent_code)
    if parent is None:
        raise errors.ArchiveNotFound(
            Text(
                f"parent_code: no archive with code {parent_code!r}",
                f"parent_code：不存在代码为 {parent_code!r} 的档案馆",
            )
        )
    if would_cycle(ancestor_codes(session, parent_code), child=child_code, parent=parent_code):
        raise errors.HierarchyCycle(
            Text(
                f"parent_code: {parent_code!r} is {child_code!r} itself or below it; that would make a cycle",
                f"parent_code：{parent_code!r} 是 {child_code!r} 本身或其下级，会形成循环",
            )
        )
    if LEVEL_RANK[Level(parent.level)] > LEVEL_RANK[Level(child_level)]:
        raise errors.InvalidHierarchy(
            Text(
                f"parent_code: a {parent.level} archive cannot supervise a {child_level} one",
                f"parent_code：{parent.level} 级档案馆不能作为 {child_level} 级档案馆的上级",
            )
        )


def _check_children_levels(session: Session, code: str, level: Level) -> None:
    child_levels = session.scalars(select(col(Archive.level)).where(col(Archive.parent_code) == code).distinct())
    if any(LEVEL_RANK[Level(child)] < LEVEL_RANK[level] for child in child_levels):
        raise errors.InvalidHierarchy(
            Text(f"level: {code!r} supervises archives above {level}", f"level：{code!r} 的下级档案馆级别高于 {level}")
        )
