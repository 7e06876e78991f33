"""达标情况: counts by status, the archives worst first, drill-down by `under`, the rollup chart, exports."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import RedirectResponse, Response

from app.api.chart_sources import rollup_chart_svg
from app.api.deps import ReadSession, RoundTime
from app.console.auth import Person, signed_in
from app.console.charts import inline_svg
from app.console.labels import label
from app.console.render import language, page
from app.models.common import Code
from app.present.compliance_csv import csv_document, judged_csv_rows
from app.services.archives import get_archive
from app.services.compliance.board import compliance_board, latest_plan
from app.services.compliance.lists import ComplianceFilters, filtered_compliance

router = APIRouter(prefix="/compliance")
PlanQuery = Annotated[Code | None, Query()]
YearQuery = Annotated[int | None, Query(ge=1949, le=2100)]
UnderQuery = Annotated[Code | None, Query()]


@router.get("", name="console_compliance")
def compliance_page(
    request: Request,
    session: ReadSession,
    person: Person,
    clock: RoundTime,
    plan: PlanQuery = None,
    year: YearQuery = None,
    under: UnderQuery = None,
    offset: Annotated[int, Query(ge=0, le=10**6)] = 0,
) -> Response:
    """The compliance list of a plan (default: the latest), worst first, with the rollup chart of `under`."""
    lang = language(request)
    chosen = plan.upper() if plan else _default_plan(session)
    if chosen is None:
        return page(request, "compliance.html", person=person, record=None)
    place = under.upper() if under else None
    board = compliance_board(session, chosen, year, place, offset=offset, lang=lang, clock=clock)
    chart = None
    if place is not None:
        svg = rollup_chart_svg(
            session, get_archive(session, place), chosen, board.year, approved_only=False, lang=lang, clock=clock
        )
        chart = inline_svg(svg, "rollup-chart", label("compliance.chart_desc", lang))
    return page(request, "compliance.html", person=person, record=board, chart=chart)


@router.get("/export.csv", name="console_compliance_csv", dependencies=[Depends(signed_in)])
def export_csv(
    request: Request,
    session: ReadSession,
    clock: RoundTime,
    plan: PlanQuery = None,
    year: YearQuery = None,
    under: UnderQuery = None,
) -> Response:
    """Every archive of the list as CSV (as the API exports it)."""
    chosen = plan.upper() if plan else _default_plan(session)
    if chosen is None:
        return RedirectResponse("/console/compliance", status_code=303)
    filters = ComplianceFilters(under=under.upper() if under else None)
    judged = filtered_compliance(session, chosen, year, filters, language(request), clock).ordered("status")
    disposition = {"Content-Disposition": f'attachment; filename="compliance-{chosen}.csv"'}
    return Response(
        csv_document(judged_csv_rows(judged.chosen(None, 0))), media_type="text/csv; charset=utf-8", headers=disposition
    )


def _default_plan(session: ReadSession) -> str | None:
    found = latest_plan(session)
    return None if found is None else found.code
