"""Spreadsheet import of yearly reports, and the templates to fill for it."""

from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from app import errors
from app.api.deps import CurrentActor, CurrentYear, SessionDep
from app.api.errors import ErrorBody, language, responses
from app.i18n import Text
from app.models.common import utcnow
from app.models.imports import ImportProblemPublic, ImportRejectedBody, ImportSummary
from app.services.imports import service as imports
from app.services.imports import templates
from app.services.imports.access import reportable_archives
from app.services.imports.spreadsheets import SheetRow, read_rows

router = APIRouter(prefix="/imports", tags=["imports"])

MAX_PROBLEMS_LISTED = 1000
TemplateYear = Annotated[int | None, Query(ge=1949, le=2100, description="Year to pre-fill (default: last year)")]


def read_upload(
    request: Request,
    file: Annotated[UploadFile, File(description="The .xlsx or .csv file", json_schema_extra={"format": "binary"})],
) -> list[SheetRow]:
    """The uploaded spreadsheet's rows, read before the database session opens."""
    limit = request.app.state.settings.max_upload_bytes
    content = file.file.read(limit + 1)
    if len(content) > limit:
        raise errors.PayloadTooLarge(Text(f"file: larger than {limit:,} bytes", f"file：文件超过 {limit:,} 字节"))
    return read_rows(content, file.filename)


UploadRows = Annotated[list[SheetRow], Depends(read_upload)]


@router.post(
    "/reports",
    responses={
        **responses(errors.Unauthorized, errors.Forbidden, errors.UnsupportedFileType, errors.PayloadTooLarge),
        400: {"model": ErrorBody, "description": "MalformedRequest: the multipart body cannot be read"},
        422: {
            "model": ImportRejectedBody,
            "description": "ImportRejected (with the summary), EmptyFile, ValidationError",
        },
    },
)
def import_reports(
    rows: UploadRows,
    session: SessionDep,
    actor: CurrentActor,
    request: Request,
    this_year: CurrentYear,
    dry_run: Annotated[bool, Query(description="Check every row and answer the summary; write nothing")] = False,
) -> ImportSummary:
    """Import yearly reports from a CSV or XLSX file: every row checked, then all written or none."""
    outcome = imports.import_reports(session, rows, actor=actor, dry_run=dry_run, current_year=this_year, now=utcnow())
    summary = _summary(outcome, language(request))
    if not outcome.problems:
        return summary
    body = ImportRejectedBody(error="ImportRejected", detail=_rejection(summary), summary=summary)
    return JSONResponse(body.model_dump(), status_code=422)  # type: ignore[return-value]


@router.get(
    "/reports/template.xlsx",
    response_class=Response,
    responses={
        200: {"content": {templates.XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
        **responses(errors.Unauthorized, errors.Forbidden),
    },
)
def template_xlsx(
    session: SessionDep, actor: CurrentActor, request: Request, this_year: CurrentYear, year: TemplateYear = None
) -> Response:
    """An .xlsx template with bilingual headers and a notes sheet, pre-filled with the archives you may report for."""
    archives = reportable_archives(session, actor)
    content = templates.template_xlsx(archives, year or this_year - 1, language(request))
    return _download(content, templates.XLSX_MEDIA_TYPE, "lantai-reports-template.xlsx")


@router.get(
    "/reports/template.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        **responses(errors.Unauthorized, errors.Forbidden),
    },
)
def template_csv(
    session: SessionDep, actor: CurrentActor, this_year: CurrentYear, year: TemplateYear = None
) -> Response:
    """A CSV template (UTF-8 with BOM, bilingual headers), pre-filled with the archives you may report for."""
    content = templates.template_csv(reportable_archives(session, actor), year or this_year - 1)
    return _download(content, "text/csv; charset=utf-8", "lantai-reports-template.csv")


def _summary(outcome: imports.ImportOutcome, lang: str) -> ImportSummary:
    problems = [
        ImportProblemPublic(row=p.row, column=p.column, value=p.value, code=p.code, message=p.text.pick(lang))
        for p in outcome.problems[:MAX_PROBLEMS_LISTED]
    ]
    return ImportSummary(
        dry_run=outcome.dry_run,
        written=outcome.written,
        rows_read=outcome.rows_read,
        created=outcome.created,
        replaced=outcome.replaced,
        unchanged=outcome.unchanged,
        skipped=outcome.skipped,
        problem_count=len(outcome.problems),
        problems=problems,
        message=imports.outcome_text(outcome).pick(lang),
    )


def _rejection(summary: ImportSummary) -> str:
    shown = "; ".join(problem.message for problem in summary.problems[:3])
    more = summary.problem_count - min(3, summary.problem_count)
    return f"{summary.message} — {shown}" + (f" (+{more})" if more else "")


def _download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
