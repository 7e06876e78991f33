"""Spreadsheet import of yearly reports, and the templates to fill for it."""

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from app import errors
from app.api.deps import (
    CurrentActor,
    CurrentYear,
    Now,
    ReadSession,
    ReadThenWriteSession,
    WriteClock,
    token_still_active,
)
from app.api.errors import ErrorBody, language, responses
from app.api.permissions import Reporter
from app.domain.report_lifecycle import WriteMode
from app.i18n import Text
from app.models.imports import (
    FigureChangePublic,
    ImportProblemPublic,
    ImportRejectedBody,
    ImportSummary,
    ImportWarningPublic,
    ReportChangePublic,
)
from app.present import report_template
from app.services.imports import service as imports
from app.services.imports.access import figures_by_archive, reportable_archives
from app.services.imports.rows import ReadRows
from app.services.imports.spreadsheets import read_sheets
from app.services.imports.worker import WorkerLimits

router = APIRouter(prefix="/imports", tags=["imports"])

MAX_PROBLEMS_LISTED = 1000
TemplateYear = Annotated[int | None, Query(ge=1949, le=2100, description="Year to pre-fill (default: last year)")]
ImportMode = Annotated[
    WriteMode,
    Query(description="merge (default): a blank cell keeps the stored figure; replace: whole reports, as PUT"),
]


@dataclass(frozen=True, slots=True)
class Upload:
    """The uploaded file's bytes and name."""

    content: bytes
    filename: str | None


async def upload(request: Request, _may_import: Reporter) -> Upload:
    """The multipart body's `file`, read only after the caller may import (the role may report somewhere)."""
    limit = request.app.state.settings.max_upload_bytes
    try:
        form = await request.form(max_files=1, max_fields=10)
    except Exception as exc:  # the multipart parser raises several kinds on a damaged body
        raise errors.MalformedRequest(Text("the multipart body cannot be read", "无法读取 multipart 请求体")) from exc
    try:
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise errors.ValidationFailed(
                Text("file: a file field named 'file' is required", "file：须上传名为 file 的文件")
            )
        content = await file.read(limit + 1)
    finally:
        await form.close()
    if len(content) > limit:
        raise errors.PayloadTooLarge(Text(f"file: larger than {limit:,} bytes", f"file：文件超过 {limit:,} 字节"))
    return Upload(content, file.filename)


def read_upload(
    uploaded: Annotated[Upload, Depends(upload)],
    request: Request,
    this_year: CurrentYear,
    mode: ImportMode = WriteMode.merge,
) -> ReadRows:
    """The file read and checked on its own, before the database is asked anything else and outside any lock
    (the request's session is a read: ReadThenWriteSession); a workbook in a worker process, within bounds."""
    settings = request.app.state.settings
    bounds = WorkerLimits(settings.import_parse_seconds, settings.import_parse_memory_mb)
    sheets = read_sheets(uploaded.content, uploaded.filename, bounds)
    return imports.read_file(sheets, mode=mode, current_year=this_year)


@router.post(
    "/reports",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {
                                "type": "string",
                                "format": "binary",
                                "description": "The .xlsx, .xls or .csv file",
                            }
                        },
                    }
                }
            },
        }
    },
    responses={
        **responses(
            errors.Unauthorized,
            errors.Forbidden,
            errors.UnsupportedFileType,
            errors.PayloadTooLarge,
            errors.UploadsBusy,
        ),
        400: {"model": ErrorBody, "description": "MalformedRequest: the multipart body cannot be read"},
        422: {
            "model": ImportRejectedBody,
            "description": "ImportRejected (with the summary), EmptyFile, ValidationError",
        },
    },
)
def import_reports(
    read: Annotated[ReadRows, Depends(read_upload)],
    sessions: ReadThenWriteSession,
    actor: CurrentActor,
    request: Request,
    now: Now,
    clock: WriteClock,
    mode: ImportMode = WriteMode.merge,
    dry_run: Annotated[bool, Query(description="Check every row and answer the summary; write nothing")] = False,
) -> ImportSummary:
    """Import yearly reports from an .xlsx, .xls or CSV file: every row checked, then all written or none."""
    checked = imports.check_import(sessions.session, read, actor=actor, mode=mode, dry_run=dry_run, now=now)
    outcome = checked.outcome
    if outcome.written:
        with sessions.writing() as session:  # the write lock, only now: the file was read and checked without it
            token_still_active(session, actor)
            outcome = imports.write_import(session, read, checked, actor=actor, clock=clock)
    summary = _summary(outcome, language(request))
    if not outcome.problems:
        return summary
    body = ImportRejectedBody(error="ImportRejected", detail=_rejection(summary), summary=summary)
    return JSONResponse(body.model_dump(), status_code=422)  # type: ignore[return-value]


@router.get(
    "/reports/template.xlsx",
    response_class=Response,
    responses={
        200: {"content": {report_template.XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
        **responses(errors.Unauthorized, errors.Forbidden),
    },
)
def template_xlsx(
    session: ReadSession, actor: CurrentActor, request: Request, this_year: CurrentYear, year: TemplateYear = None
) -> Response:
    """An .xlsx template of the archives you may report for, last year's figures beside the cells to fill."""
    wanted = year or this_year - 1
    archives = reportable_archives(session, actor)
    last_year = figures_by_archive(session, [code for code, _ in archives], wanted - 1)
    content = report_template.template_xlsx(archives, wanted, last_year, language(request))
    return _download(content, report_template.XLSX_MEDIA_TYPE, wanted, "xlsx")


@router.get(
    "/reports/template.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        **responses(errors.Unauthorized, errors.Forbidden),
    },
)
def template_csv(
    session: ReadSession, actor: CurrentActor, this_year: CurrentYear, year: TemplateYear = None
) -> Response:
    """A CSV template (UTF-8 with BOM, bilingual headers) of the archives you may report for, with last year's figures."""
    wanted = year or this_year - 1
    archives = reportable_archives(session, actor)
    last_year = figures_by_archive(session, [code for code, _ in archives], wanted - 1)
    content = report_template.template_csv(archives, wanted, last_year)
    return _download(content, "text/csv; charset=utf-8", wanted, "csv")


def _summary(outcome: imports.ImportOutcome, lang: str) -> ImportSummary:
    problems = [
        ImportProblemPublic(
            row=p.row,
            column=p.column,
            cell=p.cell,
            header=p.header,
            value=p.value,
            code=p.code,
            message=p.text.pick(lang),
        )
        for p in outcome.problems[:MAX_PROBLEMS_LISTED]
    ]
    changes = [
        ReportChangePublic(
            archive_code=change.archive_code,
            year=change.year,
            action="create" if change.created else "change",
            figures=[FigureChangePublic(figure=f.name, before=f.before, after=f.after) for f in change.figures],
            cleared_by_replace=change.cleared_by_replace,
        )
        for change in outcome.changes[:MAX_PROBLEMS_LISTED]
    ]
    return ImportSummary(
        dry_run=outcome.dry_run,
        mode=outcome.mode.value,
        written=outcome.written,
        rows_read=outcome.rows_read,
        created=outcome.created,
        replaced=outcome.replaced,
        unchanged=outcome.unchanged,
        skipped=outcome.skipped,
        problem_count=len(outcome.problems),
        problems=problems,
        warnings=[warning.pick(lang) for warning in outcome.warnings],
        changes=changes,
        message=imports.outcome_text(outcome).pick(lang),
        check_warning_count=len(outcome.check_warnings),
        check_warnings=[
            ImportWarningPublic(
                row=w.row, archive_code=w.archive_code, year=w.year, code=w.finding.code, field=w.finding.field,
                message=w.finding.zh if lang == "zh" else w.finding.en, severity=w.finding.severity.value,
            )
            for w in outcome.check_warnings[:MAX_PROBLEMS_LISTED]
        ],
    )  # fmt: skip


def _rejection(summary: ImportSummary) -> str:
    shown = "; ".join(problem.message for problem in summary.problems[:3])
    more = summary.problem_count - min(3, summary.problem_count)
    return f"{summary.message} — {shown}" + (f" (+{more})" if more else "")


def _download(content: bytes, media_type: str, year: int, suffix: str) -> Response:
    ascii_name = f"lantai-reports-template-{year}.{suffix}"
    chinese_name = quote(f"{report_template.TEMPLATE_FILENAME}-{year}.{suffix}")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{chinese_name}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})
