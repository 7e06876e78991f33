"""The hierarchy's changes that involve several archives: merges and splits."""

from collections.abc import Iterable

from fastapi import APIRouter, status
from sqlmodel import Session

from app import errors
from app.api.as_of import Today
from app.api.deps import Now, WriteSession
from app.api.errors import responses
from app.api.permissions import ArchiveWriter
from app.domain.permissions import Action
from app.domain.roles import Actor
from app.models.archive_history import MergeCreate, NewArchive, SplitCreate, SuccessionResult
from app.services import successions
from app.services.access import authorize, authorize_reclassify
from app.services.archives import get_archive

router = APIRouter(prefix="/hierarchy", tags=["archives"])

REFUSALS = responses(
    errors.MalformedJSON,
    errors.ArchiveNotFound,
    errors.Forbidden,
    errors.ArchiveExists,
    errors.HierarchyCycle,
    errors.InvalidHierarchy,
    errors.ArchiveNotOpen,
    errors.InvalidEvent,
)


def _authorize(session: Session, actor: Actor, existing: Iterable[str], new: Iterable[NewArchive]) -> None:
    """Every archive named must exist (404), and the caller may change each from above and place each new one (403)."""
    codes = [get_archive(session, code).code for code in existing]
    for code in codes:
        authorize_reclassify(session, actor, code)
    for archive in new:
        if archive.parent_code is not None:
            get_archive(session, archive.parent_code)
        authorize(session, actor, Action.write_archives, archive.parent_code)


@router.post("/merges", status_code=status.HTTP_201_CREATED, responses=REFUSALS)
def record_merge(
    session: WriteSession, actor: ArchiveWriter, body: MergeCreate, now: Now, today: Today
) -> SuccessionResult:
    """Merge archives into one on a date: the sources other than `into` close then."""
    new = [body.into] if isinstance(body.into, NewArchive) else []
    existing = [*body.sources, *([] if isinstance(body.into, NewArchive) else [body.into])]
    _authorize(session, actor, existing, new)
    return successions.record_merge(session, actor, body, today=today, now=now)


@router.post("/splits", status_code=status.HTTP_201_CREATED, responses=REFUSALS)
def record_split(
    session: WriteSession, actor: ArchiveWriter, body: SplitCreate, now: Now, today: Today
) -> SuccessionResult:
    """Split an archive on a date into others (existing or new), with their shares of its figures."""
    new = [part.into for part in body.into if isinstance(part.into, NewArchive)]
    existing = [body.source, *(part.into for part in body.into if not isinstance(part.into, NewArchive))]
    _authorize(session, actor, existing, new)
    return successions.record_split(session, actor, body, today=today, now=now)
