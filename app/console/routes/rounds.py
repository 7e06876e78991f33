"""报送进度: the rounds, and one round's progress with drill-down by `under`, the missing list and exports."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from app.api.deps import ReadSession, RoundTime, load_round
from app.console.auth import Person
from app.console.render import language, page
from app.models.common import Code
from app.models.round import Round
from app.present.compliance_csv import csv_document
from app.present.compliance_xlsx import XLSX_MEDIA_TYPE
from app.present.rounds import RoundTitle, missing_rows, missing_xlsx, progress_rows, progress_xlsx
from app.services.archives import get_archive
from app.services.rounds.board import round_board
from app.services.rounds.service import list_rounds

router = APIRouter(prefix="/rounds")
RoundDep = Annotated[Round, Depends(load_round)]
Under = Annotated[Code | None, Query()]
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


@router.get("", name="console_rounds")
def rounds_page(request: Request, session: ReadSession, person: Person) -> Response:
    """Every reporting round, the latest year first."""
    rows, _ = list_rounds(session, None, limit=200, offset=0)
    return page(request, "rounds.html", person=person, record=rows)


@router.get("/{round_id}", name="console_round")
def round_page(
    request: Request, session: ReadSession, person: Person, found: RoundDep, clock: RoundTime, under: Under = None
) -> Response:
    """One round under an archive: expected, submitted, on time, late, missing, returned, approved; who to call."""
    record = round_board(session, found, _under(under, person.archive_code), clock)
    return page(request, "round.html", person=person, record=record)


@router.get("/{round_id}/export/{table}.{extension}", name="console_round_export")
def export(
    request: Request,
    session: ReadSession,
    person: Person,
    found: RoundDep,
    clock: RoundTime,
    table: str,
    extension: str,
    under: Under = None,
) -> Response:
    """The progress or the missing list as CSV or XLSX (as the API exports them)."""
    scope = _under(under, person.archive_code)
    board = round_board(session, found, scope, clock)
    missing = [row.archive for row in board.missing]
    lang = language(request)
    name = f"round-{found.id}-{'progress' if table == 'progress' else 'missing'}"
    if extension == "xlsx":
        scope_name = None if scope is None else get_archive(session, scope).name
        title = RoundTitle(found.name, found.year, found.due_on, scope_name, clock.now.date(), lang)
        content = progress_xlsx(board.progress, title) if table == "progress" else missing_xlsx(missing, title)
        disposition = {"Content-Disposition": f'attachment; filename="{name}.xlsx"'}
        return Response(content, media_type=XLSX_MEDIA_TYPE, headers=disposition)
    rows = progress_rows(board.progress, lang) if table == "progress" else missing_rows(missing, lang)
    disposition = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
    return Response(csv_document(rows), media_type=CSV_MEDIA_TYPE, headers=disposition)


def _under(asked: str | None, own: str | None) -> str | None:
    """The archive to look under: the one asked for, else the person's own (None: the round's)."""
    return asked.upper() if asked else own
