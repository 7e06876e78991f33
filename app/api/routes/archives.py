"""Archives: register, list, read, change, remove; record their real changes (events) and read their history."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app import errors
from app.api.as_of import AsOf, Today
from app.api.caching import last_modified
from app.api.deps import (
    ArchiveDep,
    CurrentActor,
    Limit,
    Now,
    Offset,
    ParentCode,
    ReadSession,
    Under,
    UpdatedSince,
    WriteSession,
)
from app.api.errors import responses
from app.api.ordering import ArchiveOrder
from app.api.permissions import ArchiveWriter, WritableArchive
from app.models.archive import ArchiveCreate, ArchivePublic, ArchiveUpdate
from app.models.archive_history import ArchiveEventCreate, ArchiveEventPublic, ArchiveHistory
from app.models.common import Kind, Level, Page
from app.services import archive_events, archives, archives_as_of

router = APIRouter(prefix="/archives", tags=["archives"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=responses(
        errors.MalformedJSON,
        errors.Forbidden,
        errors.ArchiveExists,
        errors.ArchiveNotFound,
        errors.HierarchyCycle,
        errors.InvalidHierarchy,
        errors.ArchiveNotOpen,
    ),
)
def create_archive(session: WriteSession, actor: ArchiveWriter, body: ArchiveCreate) -> ArchivePublic:
    """Register an archive under its supervising archive (opened_on: the day it opened; without it, always)."""
    return archives.register_archive(session, actor, body)


@router.get("", responses=responses(errors.ArchiveNotFound, errors.ValidationFailed))
def list_archives(
    session: ReadSession,
    as_of: AsOf,
    level: Level | None = None,
    kind: Kind | None = None,
    parent_code: ParentCode = None,
    under: Under = None,
    region_code: Annotated[str | None, Query(max_length=6)] = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name or code")] = None,
    updated_since: UpdatedSince = None,
    order: ArchiveOrder = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[ArchivePublic]:
    """List archives, filtered and paged; with as_of, as they stood on that day or at the end of that year."""
    if as_of is not None:
        shown, total = archives_as_of.list_archives_as_of(
            session,
            as_of,
            conditions={"level": level, "kind": kind, "region_code": region_code},
            parent_code=parent_code,
            under=under,
            q=q,
            order=order,
            limit=limit,
            offset=offset,
        )
        return Page(items=shown, total=total, limit=limit, offset=offset)
    rows, total = archives.list_archives(
        session,
        level=level,
        kind=kind,
        parent_code=parent_code,
        under=under,
        region_code=region_code,
        q=q,
        updated_since=updated_since,
        order=order,
        limit=limit,
        offset=offset,
    )
    return Page(items=[ArchivePublic.model_validate(row) for row in rows], total=total, limit=limit, offset=offset)


@router.get("/{code}", responses=responses(errors.ArchiveNotFound, errors.ValidationFailed))
def get_archive(session: ReadSession, archive: ArchiveDep, as_of: AsOf, response: Response, now: Now) -> ArchivePublic:
    """Read one archive (with as_of, as it stood then); Last-Modified is its updated_at (If-Modified-Since: 304)."""
    last_modified(response, archive.updated_at, now)
    if as_of is not None:
        return archives_as_of.archive_as_of(session, archive, as_of)
    return ArchivePublic.model_validate(archive)


@router.get("/{code}/history", responses=responses(errors.ArchiveNotFound))
def get_archive_history(session: ReadSession, archive: ArchiveDep) -> ArchiveHistory:
    """An archive's versions and events, oldest first, with its predecessors and successors."""
    return archive_events.archive_history(session, archive.code)


@router.post(
    "/{code}/events",
    status_code=status.HTTP_201_CREATED,
    responses=responses(
        errors.MalformedJSON,
        errors.ArchiveNotFound,
        errors.Forbidden,
        errors.HierarchyCycle,
        errors.InvalidHierarchy,
        errors.ArchiveNotOpen,
        errors.DuplicateEvent,
        errors.InvalidEvent,
    ),
)
def record_archive_event(
    session: WriteSession,
    archive: WritableArchive,
    actor: CurrentActor,
    body: ArchiveEventCreate,
    now: Now,
    today: Today,
) -> ArchiveEventPublic:
    """Record a real change of an archive on its date: rename, recode, reparent, reclassify, close or reopen."""
    return archive_events.record_event_as(session, actor, archive, body, today=today, now=now)


@router.patch(
    "/{code}",
    responses=responses(
        errors.MalformedJSON, errors.ArchiveNotFound, errors.Forbidden, errors.HierarchyCycle, errors.InvalidHierarchy
    ),
)
def update_archive(
    session: WriteSession, archive: WritableArchive, actor: CurrentActor, body: ArchiveUpdate, now: Now
) -> ArchivePublic:
    """Correct a mistake in an archive's name, level, kind, parent or region code, without history (a real change is an event: POST /archives/{code}/events); level, kind and parent only from above."""
    return archives.change_archive(session, actor, archive, body, now=now)


@router.delete(
    "/{code}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(errors.ArchiveNotFound, errors.Forbidden, errors.ArchiveInUse),
)
def delete_archive(session: WriteSession, archive: WritableArchive, actor: CurrentActor) -> Response:
    """Remove an archive that has no reports, children or targets."""
    archives.remove_archive(session, actor, archive)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
