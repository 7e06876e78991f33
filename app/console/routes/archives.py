"""One archive: its place in the hierarchy, its yearly series and chart, its reports, its audit trail (if allowed)."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from app import errors
from app.api.chart_sources import archive_chart_svg
from app.api.deps import ArchiveDep, ReadSession, RoundTime
from app.console.auth import ConsoleActor, Person
from app.console.charts import inline_svg
from app.console.labels import label
from app.console.render import language, page
from app.services.archive_overview import archive_overview
from app.services.compliance.board import latest_plan

router = APIRouter(prefix="/archives")


@router.get("/{code}", name="console_archive")
def archive_page(
    request: Request, session: ReadSession, person: Person, actor: ConsoleActor, archive: ArchiveDep, clock: RoundTime
) -> Response:
    """The archive's page, with its progress chart for the latest plan where a target of it applies."""
    lang = language(request)
    record = archive_overview(session, archive, actor)
    plan = latest_plan(session)
    chart = None
    if plan is not None and record.reports:
        try:
            svg = archive_chart_svg(session, archive, plan.code, None, approved_only=False, lang=lang, clock=clock)
        except errors.AppError:
            svg = None
        if svg is not None:
            chart = inline_svg(svg, "progress-chart", label("archive.chart_desc", lang))
    return page(request, "archive.html", person=person, record=record, chart=chart)
