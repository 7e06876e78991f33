"""Compliance: which archives are on track for a plan's targets, why, and what it would take.

The answers are built without re-validation (the rules' values are already checked) and
written straight to JSON through their declared schemas, which round the figures.
"""

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel
from sqlmodel import Session

from app import errors
from app.api.deps import ArchiveDep, Now, Offset, ParentCode, ReadSession, RoundTime, TableLanguage, Under
from app.api.errors import language, responses
from app.api.ordering import ComplianceOrder
from app.api.paging import MAX_LIMIT
from app.domain.clock import RoundClock
from app.domain.report_checks import MIN_YEAR
from app.i18n import Text
from app.models.common import MAX_YEAR, Kind, Level
from app.models.compliance import (
    ArchiveComplianceDetail,
    CompliancePage,
    RollupAnswer,
    Status,
    Structure,
    WhatIfRequest,
    WhatIfResult,
)
from app.present.compliance_csv import csv_document, judged_csv_rows
from app.present.compliance_xlsx import XLSX_MEDIA_TYPE, WorkbookTitle, compliance_xlsx, xlsx_download_headers
from app.services.archives import get_archive
from app.services.compliance import archive as compliance_archive
from app.services.compliance import lists as compliance
from app.services.compliance import rollup as compliance_rollup
from app.services.plans import get_plan

router = APIRouter(tags=["compliance"])

DEFAULT_PAGE = 100
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"

PlanCode = Annotated[str, Query(min_length=1, max_length=32, description="The plan's code, e.g. FYP14")]
AsOfYear = Annotated[
    int | None,
    Query(ge=MIN_YEAR, le=MAX_YEAR, description="The as-of year Y; default: the latest year any report exists for"),
]
ApprovedOnly = Annotated[bool, Query(description="Judge on approved reports only")]
StructureJudged = Annotated[
    Structure,
    Query(
        description="as_of (default): the tree as it stood on 31 December of the year, its archives on their own"
        " reports; current: today's archives, their earlier years carried forward through the merges and splits"
        " since. Place filters select in that tree"
    ),
]
ComplianceLimit = Annotated[
    int | None,
    Query(ge=1, le=MAX_LIMIT, description=f"Page size, up to {MAX_LIMIT}; default {DEFAULT_PAGE} (CSV: every archive)"),
]


class ListFormat(StrEnum):
    """How the list is written: JSON, CSV (also chosen by `Accept: text/csv`), or XLSX."""

    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class ComplianceListQuery(BaseModel):
    """A compliance list's query: the plan and year judged, which archives, their order and page."""

    plan: PlanCode
    year: AsOfYear = None
    level: Level | None = None
    kind: Kind | None = None
    parent_code: ParentCode = None
    under: Under = None
    status: Annotated[list[Status], Query(description="Overall statuses to keep (repeatable)")] = []
    approved_only: ApprovedOnly = False
    structure: StructureJudged = Structure.as_of
    order: ComplianceOrder = None
    limit: ComplianceLimit = None
    offset: Offset = 0

    def filters(self) -> compliance.ComplianceFilters:
        """Which archives the list shows (app.services.compliance.lists)."""
        return compliance.ComplianceFilters(
            level=self.level,
            kind=self.kind,
            parent_code=self.parent_code,
            under=self.under,
            statuses=frozenset(self.status),
            approved_only=self.approved_only,
            structure=self.structure,
        )


async def asked_format(
    format: Annotated[ListFormat | None, Query(include_in_schema=False)] = None,
) -> ListFormat | None:
    """`format=csv|xlsx` on GET /compliance, kept for the scripts that send it (the CLI, older clients) but
    not in the OpenAPI: a generated client types GET /compliance as JSON alone, CSV and XLSX being
    operations of their own (GET /compliance.csv, /compliance.xlsx)."""
    return format


def _json(answer: BaseModel) -> Response:
    return Response(answer.model_dump_json(), media_type="application/json")


def _wants_csv(request: Request, format: ListFormat | None) -> bool:
    if format is not None:
        return format is ListFormat.csv
    return "text/csv" in request.headers.get("accept", "")


LIST_ERRORS = responses(errors.PlanNotFound, errors.ArchiveNotFound)


@router.get("/compliance", response_model=CompliancePage, responses=LIST_ERRORS)
def list_compliance(
    request: Request,
    session: ReadSession,
    query: Annotated[ComplianceListQuery, Query()],
    now: Now,
    clock: RoundTime,
    table_lang: TableLanguage,
    format: Annotated[ListFormat | None, Depends(asked_format)],
) -> Response:
    """List archives' compliance with a plan as of a year, filtered and paged, with counts per status (as CSV or XLSX: GET /compliance.csv, /compliance.xlsx)."""
    return _compliance_list(request, session, query, now, clock, table_lang, format)


@router.get(
    "/compliance.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}, **LIST_ERRORS},
)
def export_compliance_csv(
    request: Request,
    session: ReadSession,
    query: Annotated[ComplianceListQuery, Query()],
    now: Now,
    clock: RoundTime,
    table_lang: TableLanguage,
) -> Response:
    """The compliance list as CSV (UTF-8 with a BOM, for Excel): one row an archive and rule, every archive the filters select unless limit is given."""
    return _compliance_list(request, session, query, now, clock, table_lang, ListFormat.csv)


@router.get(
    "/compliance.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}}, **LIST_ERRORS},
)
def export_compliance_xlsx(
    request: Request,
    session: ReadSession,
    query: Annotated[ComplianceListQuery, Query()],
    now: Now,
    clock: RoundTime,
    table_lang: TableLanguage,
) -> Response:
    """The compliance list as an XLSX workbook (statuses in Chinese words unless lang=en), titled with the plan, the place and the day."""
    return _compliance_list(request, session, query, now, clock, table_lang, ListFormat.xlsx)


def _compliance_list(
    request: Request,
    session: Session,
    query: ComplianceListQuery,
    now: datetime,
    clock: RoundClock,
    table_lang: str | None,
    format: ListFormat | None,
) -> Response:
    plan, year, limit, offset = query.plan, query.year, query.limit, query.offset
    if format is ListFormat.xlsx:
        lang = table_lang or "zh"
    else:
        lang = (table_lang or "en") if _wants_csv(request, format) else language(request)
    judged = compliance.filtered_compliance(session, plan, year, query.filters(), lang, clock).ordered(query.order)
    if format is ListFormat.xlsx:
        page = judged.page(limit or MAX_LIMIT, offset)
        place = query.under if query.under is not None else query.parent_code  # the title names the scope listed
        scope = None if place is None else get_archive(session, place).name
        title = WorkbookTitle(get_plan(session, plan).name, scope, now.date(), lang)
        return Response(compliance_xlsx(page, title), media_type=XLSX_MEDIA_TYPE, headers=xlsx_download_headers(page))
    if _wants_csv(request, format):
        disposition = f'attachment; filename="compliance-{plan}.csv"'
        return Response(
            csv_document(judged_csv_rows(judged.chosen(limit, offset), lang)),
            media_type=CSV_MEDIA_TYPE,
            headers={"Content-Disposition": disposition},
        )
    return Response(judged.page_json(limit or DEFAULT_PAGE, offset), media_type="application/json")


@router.get(
    "/archives/{code}/compliance",
    response_model=ArchiveComplianceDetail,
    responses=responses(errors.ArchiveNotFound, errors.PlanNotFound),
)
def get_archive_compliance(
    request: Request,
    session: ReadSession,
    archive: ArchiveDep,
    plan: PlanCode,
    clock: RoundTime,
    year: AsOfYear = None,
    approved_only: ApprovedOnly = False,
    structure: StructureJudged = Structure.as_of,
) -> Response:
    """Read one archive's compliance with a plan, and its yearly rate series.

    With `structure=as_of` (the default) the archive is judged in the tree as it stood on 31 December
    of the year: its parent, level and kind then decide which targets bind it and whether the plan
    does; `name_in_year` is its name then, when not today's (`archive_name`). With `structure=current`
    it is judged in today's tree, and its years before a merge or split on its figures carried into
    today's structure (its predecessors' taken together, or its share of a split archive's): the rules
    and the `series` read them, and say so with the reason `mapped_series`. An archive not open on
    31 December of the year (as_of), or closed today (current), answers with no status and no rules,
    and the reason `not_open` naming the day it opened or closed."""
    return _json(
        compliance_archive.archive_compliance(
            session,
            archive,
            plan,
            year,
            approved_only=approved_only,
            lang=language(request),
            clock=clock,
            structure=structure,
        )
    )


MAX_SERIES_YEARS = 30
Years = Annotated[
    str | None,
    Query(
        max_length=9,
        description=f"A range of as-of years, FIRST-LAST (e.g. 2021-2025, at most {MAX_SERIES_YEARS} years): "
        "the answer is the last year's rollup, with `series` holding one rollup per year, oldest first. "
        "Not with `year`",
        examples=["2021-2025"],
    ),
]


def _years(years: str, year: int | None) -> range:
    """The range `FIRST-LAST`, or 422 ValidationError naming `years`."""
    found = re.fullmatch(r"([0-9]{4})-([0-9]{4})", years)
    if year is not None:
        problem = Text("years: give either year or years, not both", "years：year 与 years 只能给出其一")
    elif found is None:
        problem = Text(
            f"years: {years!r} is not a range FIRST-LAST such as 2021-2025",
            f"years：{years!r} 不是形如 2021-2025 的年份范围",
        )
    else:
        first, last = int(found[1]), int(found[2])
        if first > last:
            problem = Text(f"years: {years!r} runs backwards", f"years：{years!r} 起止年份颠倒")
        elif last - first + 1 > MAX_SERIES_YEARS:
            problem = Text(f"years: at most {MAX_SERIES_YEARS} years", f"years：最多 {MAX_SERIES_YEARS} 年")
        elif first < MIN_YEAR or last > MAX_YEAR:
            problem = Text(f"years: between {MIN_YEAR} and {MAX_YEAR}", f"years：须在 {MIN_YEAR} 至 {MAX_YEAR} 之间")
        else:
            return range(first, last + 1)
    raise errors.ValidationFailed(problem)


@router.get(
    "/archives/{code}/rollup",
    response_model=RollupAnswer,
    responses=responses(errors.ArchiveNotFound, errors.PlanNotFound, errors.ValidationFailed),
)
def get_rollup(
    request: Request,
    session: ReadSession,
    archive: ArchiveDep,
    plan: PlanCode,
    clock: RoundTime,
    year: AsOfYear = None,
    years: Years = None,
    approved_only: ApprovedOnly = False,
    structure: StructureJudged = Structure.as_of,
) -> Response:
    """Sum up compliance over an archive and everything below it, child by child (a year, or a series of years)."""
    lang = language(request)
    if years is not None:
        span = _years(years, year)
        answer = compliance_rollup.rollup_series(
            session, archive, plan, span, approved_only=approved_only, lang=lang, clock=clock, structure=structure
        )
        return _json(answer)
    one = compliance_rollup.rollup(
        session, archive, plan, year, approved_only=approved_only, lang=lang, clock=clock, structure=structure
    )
    return _json(RollupAnswer.model_construct(**dict(one), series=None))  # `series`: null, as the schema says


@router.post(
    "/archives/{code}/compliance/what-if",
    response_model=WhatIfResult,
    responses=responses(
        errors.MalformedJSON, errors.ArchiveNotFound, errors.PlanNotFound, errors.DigitizedExceedsHoldings
    ),
)
def what_if(
    request: Request,
    session: ReadSession,
    archive: ArchiveDep,
    body: WhatIfRequest,
    plan: PlanCode,
    clock: RoundTime,
    year: AsOfYear = None,
    structure: StructureJudged = Structure.as_of,
) -> Response:
    """Judge an archive as if hypothetical reports were stored; nothing is saved.

    `structure` as for GET /archives/{code}/compliance: with `current`, each hypothetical report
    replaces the archive's figures of its year, carried ones included."""
    answer = compliance_archive.what_if(
        session, archive, plan, year, body, lang=language(request), clock=clock, structure=structure
    )
    return _json(answer)
