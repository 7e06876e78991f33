"""Archives as they stood on a day: the list and one archive, with the attributes of their version then.

An archive not open on the day is left out of the list and not found alone; one stored without
any version (inserted by hand) is taken as it stands, as having existed always.
"""

from datetime import date

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import Session, col

from app import errors
from app.i18n import Text
from app.models import Archive, ArchiveVersion
from app.models.archive import ArchivePublic
from app.services.hierarchy import place_codes
from app.services.kept import version_open_on
from app.services.ordering import sql_order

VERSION_ORDER = {
    "code": col(Archive.code),
    "name": col(ArchiveVersion.name),
    "level": col(ArchiveVersion.level),
    "region_code": col(ArchiveVersion.region_code),
    "created_at": col(Archive.created_at),
    "updated_at": col(Archive.updated_at),
}


def _open_on(day: date) -> ColumnElement[bool]:
    return or_(version_open_on(day), col(ArchiveVersion.id).is_(None))


def _public(archive: Archive, version: ArchiveVersion | None) -> ArchivePublic:
    shown = ArchivePublic.model_validate(archive)
    if version is None:
        return shown
    attributes = ("name", "level", "kind", "parent_code", "region_code")
    return ArchivePublic.model_validate(shown.model_dump() | {name: getattr(version, name) for name in attributes})


def archive_as_of(session: Session, archive: Archive, day: date) -> ArchivePublic:
    """The archive with the attributes it had on `day`; ArchiveNotFound when it was not open then."""
    query = (
        select(Archive, ArchiveVersion)
        .outerjoin(ArchiveVersion, col(ArchiveVersion.archive_code) == col(Archive.code))
        .where(col(Archive.code) == archive.code, _open_on(day))
    )
    row = session.execute(query).first()
    if row is None:
        raise errors.ArchiveNotFound(
            Text(
                f"archive {archive.code!r} was not open on {day.isoformat()}",
                f"档案馆 {archive.code!r} 于 {day.isoformat()} 未开放（尚未设立或已撤销）",
            )
        )
    return _public(row[0], row[1])


def list_archives_as_of(
    session: Session,
    day: date,
    *,
    conditions: dict[str, str | None],
    parent_code: str | None,
    under: str | None,
    q: str | None,
    order: str | None,
    limit: int,
    offset: int,
) -> tuple[list[ArchivePublic], int]:
    """A page of the archives open on `day`, filtered on their attributes then, and the total count.

    conditions: level, kind, region_code (None: any); parent_code and under on the tree of that day."""
    where: list[ColumnElement[bool]] = [_open_on(day)]
    for name, value in conditions.items():
        if value is not None:
            where.append(func.coalesce(getattr(ArchiveVersion, name), getattr(Archive, name)) == value)
    selected = place_codes(session, parent_code=parent_code, under=under, as_of=day)
    if selected is not None:
        where.append(col(Archive.code).in_(sorted(selected)))
    if q:
        shown = func.coalesce(col(ArchiveVersion.name), col(Archive.name))
        where.append(or_(shown.contains(q, autoescape=True), col(Archive.code).contains(q, autoescape=True)))
    joined = select(Archive, ArchiveVersion).outerjoin(
        ArchiveVersion, col(ArchiveVersion.archive_code) == col(Archive.code)
    )
    counted = (
        select(func.count())
        .select_from(Archive)
        .outerjoin(ArchiveVersion, col(ArchiveVersion.archive_code) == col(Archive.code))
    )
    total = session.scalar(counted.where(*where)) or 0
    code = col(Archive.code)
    sort = sql_order(order, VERSION_ORDER, default=[code], tiebreak=[code])
    rows = session.execute(joined.where(*where).order_by(*sort).limit(limit).offset(offset))
    return [_public(archive, version) for archive, version in rows], total
