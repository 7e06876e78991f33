"""批量导入: upload a workbook or CSV, see the dry run (each figure before -> after, problems at their cells), confirm.

The same import service as the API's POST /imports/reports: the dry run checks every row and
writes nothing (a read); the confirmation sends the same file again, which is checked again and
written in one write transaction of its own, all or nothing (ReadThenWriteSession, as the API)."""

import base64
import binascii
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse, Response

from app import errors
from app.api.deps import CurrentYear, Now, ReadSession, ReadThenWriteSession, WriteClock
from app.console.auth import CsrfChecked, Person, session_still_live
from app.console.permissions import ConsolePermittedSomewhere, Reporter
from app.console.render import page
from app.domain.permissions import Action
from app.domain.report_lifecycle import WriteMode
from app.i18n import Text
from app.present import report_template
from app.services.imports import service as imports
from app.services.imports.access import figures_by_archive, reportable_archives
from app.services.imports.rows import ReadRows
from app.services.imports.spreadsheets import read_sheets
from app.services.imports.worker import WorkerLimits

router = APIRouter(prefix="/import")


@dataclass(frozen=True)
class Uploaded:
    """The file sent (uploaded, or carried by the confirmation form), its name and the mode chosen."""

    content: bytes
    filename: str | None
    mode: WriteMode


@dataclass(frozen=True)
class ImportPage:
    """The dry run's outcome, and the file to send again to confirm it (base64), when it may be confirmed."""

    outcome: imports.ImportOutcome | None
    filename: str | None
    carried: str | None
    mode: str


async def uploaded(request: Request, _may_import: Reporter) -> Uploaded:
    """The form's file (`file`, or `carried` in base64 on confirmation) within the upload limit, and `mode`."""
    limit = request.app.state.settings.max_upload_bytes
    form = await request.form(max_files=1, max_fields=10, max_part_size=limit * 2)
    mode = WriteMode.replace if form.get("mode") == "replace" else WriteMode.merge
    file, carried = form.get("file"), form.get("carried")
    name: str | None
    if isinstance(file, UploadFile) and file.filename:
        content, name = await file.read(limit + 1), file.filename
    elif isinstance(carried, str) and carried:
        try:
            content, name = base64.b64decode(carried, validate=True), str(form.get("filename") or "") or None
        except binascii.Error:
            raise errors.ValidationFailed(Text("file: damaged", "file：文件已损坏")) from None
    else:
        raise errors.ValidationFailed(Text("file: choose a file to import", "file：请选择要导入的文件"))
    if len(content) > limit:
        raise errors.PayloadTooLarge(Text(f"file: larger than {limit:,} bytes", f"file：文件超过 {limit:,} 字节"))
    return Uploaded(content, name, mode)


Upload = Annotated[Uploaded, Depends(uploaded)]


def _read(request: Request, upload: Uploaded, this_year: int) -> ReadRows:
    """The file read as the API's import reads it: a workbook in a worker process, within the same bounds."""
    settings = request.app.state.settings
    bounds = WorkerLimits(settings.import_parse_seconds, settings.import_parse_memory_mb)
    sheets = read_sheets(upload.content, upload.filename, bounds)
    return imports.read_file(sheets, mode=upload.mode, current_year=this_year)


@router.get("", name="console_import_page", dependencies=[Depends(ConsolePermittedSomewhere(Action.write_reports))])
def import_page(request: Request, person: Person) -> Response:
    """The upload form, with the templates of the archives the person may report for."""
    return page(request, "import.html", person=person, record=ImportPage(None, None, None, "merge"))


@router.post("", name="console_import_check")
def check(
    request: Request,
    person: CsrfChecked,
    session: ReadSession,
    actor: Reporter,
    upload: Upload,
    this_year: CurrentYear,
    now: Now,
) -> Response:
    """The dry run: every row checked, each figure before -> after, problems at their cells; nothing written."""
    checked = imports.check_import(
        session, _read(request, upload, this_year), actor=actor, mode=upload.mode, dry_run=True, now=now
    )
    outcome = checked.outcome
    carried = None if outcome.problems else base64.b64encode(upload.content).decode()
    record = ImportPage(outcome, upload.filename, carried, upload.mode.value)
    return page(request, "import.html", person=person, record=record, status=422 if outcome.problems else 200)


@router.post("/confirm", name="console_import_confirm")
def confirm(
    request: Request,
    person: CsrfChecked,
    sessions: ReadThenWriteSession,
    actor: Reporter,
    upload: Upload,
    this_year: CurrentYear,
    now: Now,
    clock: WriteClock,
) -> Response:
    """Write the file checked in the dry run: checked again, then written in one transaction, all or nothing."""
    read = _read(request, upload, this_year)
    checked = imports.check_import(sessions.session, read, actor=actor, mode=upload.mode, dry_run=False, now=now)
    outcome = checked.outcome
    if outcome.written:
        with sessions.writing() as session:
            session_still_live(request, session)
            outcome = imports.write_import(session, read, checked, actor=actor, clock=clock)
    if outcome.problems:
        record = ImportPage(outcome, upload.filename, None, upload.mode.value)
        return page(request, "import.html", person=person, record=record, status=422)
    written = outcome.created + outcome.replaced
    return RedirectResponse(f"/console/import?notice=import.done&written={written}", status_code=303)


@router.get("/template.{extension}", name="console_import_template")
def template(session: ReadSession, actor: Reporter, this_year: CurrentYear, extension: str) -> Response:
    """The template (XLSX or CSV) of the archives the person may report for, last year's figures beside the cells."""
    wanted = this_year - 1
    archives = reportable_archives(session, actor)
    last_year = figures_by_archive(session, [code for code, _ in archives], wanted - 1)
    if extension == "csv":
        content, media = report_template.template_csv(archives, wanted, last_year), "text/csv; charset=utf-8"
    else:
        content = report_template.template_xlsx(archives, wanted, last_year, "zh")
        media = report_template.XLSX_MEDIA_TYPE
    extension = "csv" if extension == "csv" else "xlsx"
    disposition = {"Content-Disposition": f'attachment; filename="lantai-{wanted}.{extension}"'}
    return Response(content, media_type=media, headers=disposition)
