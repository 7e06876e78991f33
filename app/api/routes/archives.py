"""Archives: register, list, read, change, remove."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app import errors
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
from app.models.common import Kind, Level, Page
from app.services import archives

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
    ),
)
def create_archive(session: WriteSession, actor: ArchiveWriter, body: ArchiveCreate) -> ArchivePublic:
    """Register an archive under its supervising archive."""
    return archives.register_archive(session, actor, body)


@router.get("", responses=responses(errors.ArchiveNotFound))
def list_archives(
    session: ReadSession,
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
    """List archives, filtered and paged."""
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


@router.get("/{code}", responses=responses(errors.ArchiveNotFound))
def get_archive(archive: ArchiveDep, response: Response, now: Now) -> ArchivePublic:
    """Read one archive; Last-Modified is its updated_at (If-Modified-Since: 304 when unchanged)."""
    last_modified(response, archive.updated_at, now)
    return ArchivePublic.model_validate(archive)


@router.patch(
    "/{code}",
    responses=responses(
        errors.MalformedJSON, errors.ArchiveNotFound, errors.Forbidden, errors.HierarchyCycle, errors.InvalidHierarchy
    ),
)
def update_archive(
    session: WriteSession, archive: WritableArchive, actor: CurrentActor, body: ArchiveUpdate, now: Now
) -> ArchivePublic:
    """Change an archive's name, level, kind, parent or region code; level, kind and parent only from above."""
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
