"""Dependencies: the session, load-or-404 of path objects, paging, the clock."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlmodel import Session

from app.db import get_session
from app.models import Archive, Plan
from app.services.archives import get_archive
from app.services.plans import get_plan

SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def load_archive(session: SessionDep, code: Annotated[str, Path(max_length=32)]) -> Archive:
    """The archive named in the path, or 404."""
    return get_archive(session, code)


def load_plan(session: SessionDep, code: Annotated[str, Path(max_length=32)]) -> Plan:
    """The plan named in the path, or 404."""
    return get_plan(session, code)


def current_year() -> int:
    """This year, by the server's clock: the only place a route reads it."""
    return date.today().year


def actor_name(request: Request) -> str:
    """Who is writing; the trust layer replaces this with the token's holder."""
    return request.headers.get("x-lantai-user", "anonymous")[:200]


ArchiveDep = Annotated[Archive, Depends(load_archive)]
PlanDep = Annotated[Plan, Depends(load_plan)]
CurrentYear = Annotated[int, Depends(current_year)]
ActorName = Annotated[str, Depends(actor_name)]
YearPath = Annotated[int, Path(ge=0, le=9999, description="The reporting year (1949 to next year)")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Rows to skip")]
