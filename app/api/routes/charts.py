"""Progress charts as SVG, to paste into a report."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from app import errors
from app.api.chart_sources import archive_chart_svg, rollup_chart_svg
from app.api.deps import ArchiveDep, ReadSession, RoundTime
from app.api.errors import language, responses
from app.domain.report_checks import MIN_YEAR
from app.models.common import MAX_YEAR

router = APIRouter(prefix="/archives/{code}", tags=["charts"])

SVG_MEDIA_TYPE = "image/svg+xml"
PlanCode = Annotated[str, Query(min_length=1, max_length=32, description="The plan's code, e.g. FYP14")]
AsOfYear = Annotated[
    int | None, Query(ge=MIN_YEAR, le=MAX_YEAR, description="The as-of year (default: the latest reported)")
]
ApprovedOnly = Annotated[bool, Query(description="Judge on approved reports only")]
SVG_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {SVG_MEDIA_TYPE: {"schema": {"type": "string"}}}, "description": "An SVG picture"}
}


@router.get(
    "/chart.svg",
    response_class=Response,
    responses={**SVG_RESPONSE, **responses(errors.ArchiveNotFound, errors.PlanNotFound)},
)
def archive_chart(
    request: Request,
    session: ReadSession,
    archive: ArchiveDep,
    plan: PlanCode,
    clock: RoundTime,
    year: AsOfYear = None,
    approved_only: ApprovedOnly = False,
) -> Response:
    """An archive's yearly rate against its target, with its projection and minimum-growth path (SVG)."""
    svg = archive_chart_svg(
        session, archive, plan, year, approved_only=approved_only, lang=language(request), clock=clock
    )
    return Response(svg, media_type=SVG_MEDIA_TYPE)


@router.get(
    "/rollup/chart.svg",
    response_class=Response,
    responses={**SVG_RESPONSE, **responses(errors.ArchiveNotFound, errors.PlanNotFound)},
)
def rollup_chart(
    request: Request,
    session: ReadSession,
    archive: ArchiveDep,
    plan: PlanCode,
    clock: RoundTime,
    year: AsOfYear = None,
    approved_only: ApprovedOnly = False,
) -> Response:
    """Each archive directly below this one: its rate as a bar against its target, coloured by status (SVG)."""
    svg = rollup_chart_svg(
        session, archive, plan, year, approved_only=approved_only, lang=language(request), clock=clock
    )
    return Response(svg, media_type=SVG_MEDIA_TYPE)
