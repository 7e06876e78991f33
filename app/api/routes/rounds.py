"""Yearly reporting rounds: who is expected, who has reported and when, who is missing; the review queue."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from sqlmodel import Session

from app import errors
from app.api.deps import CurrentActor, Limit, Offset, ParentCode, ReadSession, TableLanguage, WriteSession, load_round
from app.api.errors import language, responses
from app.api.ordering import RoundOrder
from app.api.paging import MAX_LIMIT, page_of
from app.api.permissions import ReviewableRound, RoundOpener
from app.models.common import ArchiveCode, Page, Year, utcnow
from app.models.round import (
    ArchiveRoundState,
    MissingArchive,
    QueuedReport,
    Round,
    RoundCreate,
    RoundProgress,
    RoundPublic,
    RoundUpdate,
)
from app.present.compliance_csv import csv_document
from app.present.compliance_xlsx import XLSX_MEDIA_TYPE
from app.present.rounds import RoundTitle, missing_rows, missing_xlsx, progress_rows, progress_xlsx
from app.services.archives import get_archive
from app.services.hierarchy import load_hierarchy
from app.services.rounds import progress as round_progress
from app.services.rounds import service as rounds
from app.services.rounds.queue import QueueFilters, review_queue
from app.services.rounds.standings import load_round_view

router = APIRouter(prefix="/rounds", tags=["rounds"])
queue_router = APIRouter(tags=["review"])
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
TABLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
        }
    }
}


class TableFormat(StrEnum):
    """How a table is written: JSON, CSV or XLSX."""

    json = "json"
    csv = "csv"
    xlsx = "xlsx"


async def clock() -> datetime:
    """Now: the only place these routes read the clock."""
    return utcnow()


RoundDep = Annotated[Round, Depends(load_round)]
Now = Annotated[datetime, Depends(clock)]
Under = Annotated[ArchiveCode | None, Query(description="Only this archive and those below it (default: the round's)")]
Format = Annotated[TableFormat, Query(description="json (default), csv or xlsx")]


def _scoped(
    session: Session, found: Round, under: str | None, now: datetime, request: Request
) -> round_progress.Scoped:
    view = load_round_view(session, found)
    today = load_hierarchy(session).by_code  # kept in a read session: no query (app.services.kept)
    return round_progress.scoped(view, under, now, request.app.state.settings.timezone, today)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=responses(errors.ArchiveNotFound, errors.Forbidden),
)
def create_round(session: WriteSession, body: RoundCreate, actor: RoundOpener) -> RoundPublic:
    """Open a reporting round: the year, the dates, and which archives are expected to report."""
    return RoundPublic.model_validate(rounds.create_round(session, body, actor))


@router.get("", responses=responses(errors.ValidationFailed))
def list_rounds(
    session: ReadSession,
    year: Annotated[Year | None, Query(description="The rounds for this year's figures only")] = None,
    order: RoundOrder = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[RoundPublic]:
    """List the reporting rounds, the latest year first."""
    rows, total = rounds.list_rounds(session, year, order=order, limit=limit, offset=offset)
    return Page(items=[RoundPublic.model_validate(row) for row in rows], total=total, limit=limit, offset=offset)


@router.get("/{round_id}", responses=responses(errors.RoundNotFound))
def get_round(found: RoundDep) -> RoundPublic:
    """Read a reporting round."""
    return RoundPublic.model_validate(found)


@router.patch("/{round_id}", responses=responses(errors.RoundNotFound, errors.Forbidden, errors.InvalidRound))
def update_round(session: WriteSession, found: ReviewableRound, body: RoundUpdate, actor: CurrentActor) -> RoundPublic:
    """Rename a round or extend its due date; the change is audited."""
    return RoundPublic.model_validate(rounds.update_round(session, found, body, actor))


@router.delete(
    "/{round_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(errors.RoundNotFound, errors.Forbidden, errors.RoundInUse),
)
def delete_round(session: WriteSession, found: ReviewableRound, actor: CurrentActor) -> None:
    """Delete a round while no expected archive has reported for its year."""
    rounds.delete_round(session, found, actor)


@router.get("/{round_id}/archives", responses=responses(errors.RoundNotFound, errors.ArchiveNotFound))
def archive_states(
    session: ReadSession,
    found: RoundDep,
    request: Request,
    now: Now,
    under: Under = None,
    parent_code: ParentCode = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[ArchiveRoundState]:
    """Each expected archive's state in the round: submitted, returned, approved or not_submitted, and lateness."""
    scope = round_progress.below(_scoped(session, found, under, now, request), parent_code)
    return page_of(round_progress.archive_states(scope), limit, offset)


@router.get(
    "/{round_id}/progress",
    responses={**TABLE_RESPONSES, **responses(errors.RoundNotFound, errors.ArchiveNotFound)},
)
def progress(
    session: ReadSession,
    found: RoundDep,
    request: Request,
    now: Now,
    table_lang: TableLanguage,
    under: Under = None,
    format: Format = TableFormat.json,
) -> RoundProgress:
    """Completeness, timeliness and approvals under an archive, and for each archive directly below it."""
    answer = round_progress.progress(_scoped(session, found, under, now, request))
    if format is TableFormat.csv:
        rows = progress_rows(answer, table_lang or "en")
        return Response(csv_document(rows), media_type=CSV_MEDIA_TYPE)  # type: ignore[return-value]
    if format is TableFormat.xlsx:
        content = progress_xlsx(answer, _title(session, found, under, now, table_lang))
        return _download(content, f"round-{found.id}-progress.xlsx")  # type: ignore[return-value]
    return answer


@router.get(
    "/{round_id}/missing",
    responses={**TABLE_RESPONSES, **responses(errors.RoundNotFound, errors.ArchiveNotFound)},
)
def missing(
    session: ReadSession,
    found: RoundDep,
    request: Request,
    now: Now,
    under: Under = None,
    parent_code: ParentCode = None,
    limit: Annotated[int | None, Query(ge=1, le=MAX_LIMIT, description="Page size (JSON: 100; CSV, XLSX: all)")] = None,
    offset: Offset = 0,
    format: Format = TableFormat.json,
    table_lang: TableLanguage = None,
) -> Page[MissingArchive]:
    """The expected archives that have not submitted: days late, and the archives above each (who to call)."""
    answer = round_progress.missing(round_progress.below(_scoped(session, found, under, now, request), parent_code))
    if format is not TableFormat.json:
        chosen = answer[offset:] if limit is None else answer[offset : offset + limit]
        if format is TableFormat.csv:
            rows = missing_rows(chosen, table_lang or "en")
            return Response(csv_document(rows), media_type=CSV_MEDIA_TYPE)  # type: ignore[return-value]
        content = missing_xlsx(chosen, _title(session, found, under or parent_code, now, table_lang))
        return _download(content, f"round-{found.id}-missing.xlsx")  # type: ignore[return-value]
    return page_of(answer, limit or 100, offset)


@queue_router.get("/review-queue", responses=responses(errors.Forbidden, errors.ArchiveNotFound, errors.RoundNotFound))
def list_review_queue(
    session: ReadSession,
    actor: CurrentActor,
    request: Request,
    under: Under = None,
    parent_code: ParentCode = None,
    round_id: Annotated[int | None, Query(alias="round", ge=1, le=2**31 - 1)] = None,
    flagged: Annotated[bool | None, Query(description="true: with warnings only; false: without")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[QueuedReport]:
    """The reports awaiting your review (submitted, or returned and resubmitted), oldest first, with warnings."""
    found = None if round_id is None else rounds.get_round(session, round_id)
    filters = QueueFilters(under=under, parent_code=parent_code, round=found, flagged=flagged)
    return review_queue(session, actor, filters, lang=language(request), limit=limit, offset=offset)


def _title(session: Session, found: Round, under: str | None, now: datetime, lang: str | None) -> RoundTitle:
    """A round's workbook title: the round, its year and due date, the archive it covers, today; Chinese by default."""
    scope = None if under is None else get_archive(session, under).name
    return RoundTitle(found.name, found.year, found.due_on, scope, now.date(), lang or "zh")


def _download(content: bytes, filename: str) -> Response:
    return Response(
        content, media_type=XLSX_MEDIA_TYPE, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
