"""工作台: each person's home."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import ReadSession, RoundTime
from app.console.auth import ConsoleActor, Person
from app.console.render import language, page
from app.services.workbench import workbench

router = APIRouter()


@router.get("/", name="console_home")
def home(request: Request, session: ReadSession, person: Person, actor: ConsoleActor, clock: RoundTime) -> Response:
    """The workbench of the signed-in person's role."""
    record = workbench(session, actor, clock=clock, lang=language(request))
    return page(request, "home.html", person=person, record=record)
