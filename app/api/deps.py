"""Dependencies: the session, who is asking, load-or-404 of path objects, a write's context, paging, the clock.

The permissions a route needs are declared with the dependencies of app/api/permissions.py.
A route declares what it does with the database by the session it asks for (`ReadSession`,
`WriteSession`, `ReadThenWriteSession`, `WriteThenReadSession`, or `WritingContext`, which
bundles the last with who writes, the clock, this year and the answer's language): the
transaction policy is app/db/__init__.py's.

Those that touch no database are `async def`: they run in the event loop, not on a thread.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import Depends, Header, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field
from pydantic_core import PydanticCustomError
from sqlmodel import Session

from app import errors
from app.api.errors import language
from app.api.paging import MAX_LIMIT
from app.api.transactions import (
    ReadThenWrite,
    RequestSession,
    WriteThenRead,
    read_session,
    read_then_write_session,
    write_session,
    write_then_read_session,
)
from app.domain.clock import RoundClock
from app.domain.codes import normalize_code
from app.domain.roles import Actor
from app.i18n import Text, language_from_header
from app.models import Archive, Plan
from app.models.common import code_as_typed, utcnow
from app.models.round import Round
from app.services.archives import get_archive
from app.services.plans import get_plan
from app.services.reports.changes import Clock
from app.services.reports.service import RevisionPrecondition
from app.services.reports.writer import Author
from app.services.rounds.service import get_round
from app.services.tokens import TOKEN_REVOKED, actor_for, find_active_token

# A report's entity tag is its revision, quoted ("3"), as a write answers it, or followed by the
# digest of the answer, as a read answers it ("3.<digest>", app.api.caching); either names
# revision 3, and so does a weak tag (W/"3").
ENTITY_TAG = re.compile(r'(?:W/)?"(\d{1,18})(?:\.[0-9a-f]{1,64})?"', re.ASCII)
TOKEN_NEEDED = Text(
    "this request needs a token: send 'Authorization: Bearer <token>'",
    "此请求需要令牌：请发送 'Authorization: Bearer <令牌>'",
)
ReadSession = Annotated[Session, Depends(read_session)]
WriteSession = Annotated[Session, Depends(write_session)]
ReadThenWriteSession = Annotated[ReadThenWrite, Depends(read_then_write_session)]
WriteThenReadSession = Annotated[WriteThenRead, Depends(write_then_read_session)]
bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer <token>`")
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def in_utc(moment: datetime | None) -> datetime | None:
    """An instant in UTC, or a 422 when it falls outside the calendar there (0001-01-01T00:00:00+14:00)."""
    if moment is None:
        return None
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError(
            "datetime_out_of_range", "the instant falls outside the years 1 to 9999 in UTC"
        ) from None


def token_actor(request: Request, session: RequestSession, credentials: BearerCredentials) -> Actor | None:
    """The holder of the bearer token sent, None when none was sent; 401 for a bad or revoked one."""
    if credentials is None:
        if "authorization" in request.headers:
            raise errors.Unauthorized(
                Text("the Authorization header must be 'Bearer <token>'", "Authorization 请求头须为 'Bearer <令牌>'")
            )
        return None
    token = find_active_token(session, credentials.credentials, secret=request.app.state.settings.secret)
    if token is None:
        raise errors.Unauthorized(TOKEN_REVOKED)
    return actor_for(
        token,
        request_id=getattr(request.state, "request_id", None),
        client_request_id=getattr(request.state, "client_request_id", None),
    )


async def current_actor(actor: Annotated[Actor | None, Depends(token_actor)]) -> Actor:
    """The token's holder; 401 when no token was sent."""
    if actor is None:
        raise errors.Unauthorized(TOKEN_NEEDED)
    return actor


async def reader(request: Request, actor: Annotated[Actor | None, Depends(token_actor)]) -> Actor | None:
    """Who reads: a token's holder, or None for an anonymous read when LANTAI_PUBLIC_READ allows it."""
    if actor is None and not request.app.state.settings.public_read:
        raise errors.Unauthorized(TOKEN_NEEDED)
    return actor


def load_archive(session: RequestSession, code: Annotated[str, Path(max_length=32)]) -> Archive:
    """The archive named in the path (however its code is typed), or 404."""
    return get_archive(session, normalize_code(code))


def load_plan(session: RequestSession, code: Annotated[str, Path(max_length=32)]) -> Plan:
    """The plan named in the path, or 404."""
    return get_plan(session, code)


def load_round(session: RequestSession, round_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Round:
    """The round named in the path, or 404."""
    return get_round(session, round_id)


async def current_year() -> int:
    """This year, by the server's clock: the only place a route reads it."""
    return date.today().year


async def request_time() -> datetime:
    """Now, by the server's clock: the time a request's writes are stamped with (services never read the clock)."""
    return utcnow()


async def request_clock() -> Clock:
    """The server's clock, for a write that reads the time once it has its place in commit order
    (app.services.reports.changes): services never read the clock themselves."""
    return utcnow


async def round_clock(request: Request) -> RoundClock:
    """Now, by the server's clock, and the time zone a round's due date ends in (LANTAI_TIMEZONE)."""
    return RoundClock(utcnow(), request.app.state.settings.timezone)


async def revision_precondition(
    if_match: Annotated[
        str | None,
        Header(max_length=200, description='The report\'s ETag as last read, e.g. "3": refused with 412 if it changed'),
    ] = None,
) -> RevisionPrecondition | None:
    """The revisions an If-Match header accepts ("*": any existing report); None without the header."""
    if if_match is None:
        return None
    if if_match.strip() == "*":
        return RevisionPrecondition(any_existing=True)
    tags = (ENTITY_TAG.fullmatch(tag.strip()) for tag in if_match.split(","))
    return RevisionPrecondition(revisions=frozenset(int(tag.group(1)) for tag in tags if tag))


def etag(revision: int) -> str:
    """The ETag of a report at this revision."""
    return f'"{revision}"'


ArchiveDep = Annotated[Archive, Depends(load_archive)]
PlanDep = Annotated[Plan, Depends(load_plan)]
CurrentYear = Annotated[int, Depends(current_year)]
Now = Annotated[datetime, Depends(request_time)]
WriteClock = Annotated[Clock, Depends(request_clock)]
RoundTime = Annotated[RoundClock, Depends(round_clock)]
CurrentActor = Annotated[Actor, Depends(current_actor)]
IfMatch = Annotated[RevisionPrecondition | None, Depends(revision_precondition)]


@dataclass(frozen=True, slots=True)
class WriteContext:
    """What a write route needs besides its path and body, as one dependency: its transactions
    (the request's one write, in which the token, the archive and the scope are read, committed by
    the route, then what the answer reads: WriteThenRead), who writes with the clock and this
    year (the services' Author), and the answer's language."""

    sessions: WriteThenRead
    author: Author
    lang: str


async def write_context(
    request: Request, sessions: WriteThenReadSession, actor: CurrentActor, this_year: CurrentYear, clock: WriteClock
) -> WriteContext:
    """The write's context (no I/O: the token was read by `current_actor`)."""
    return WriteContext(sessions, Author(actor, clock, this_year), language(request))


WritingContext = Annotated[WriteContext, Depends(write_context)]
YearPath = Annotated[int, Path(ge=0, le=9999, description="The reporting year (1949 to the current year)")]
Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT} (one maximum for every list)")
]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Rows to skip")]
# the place filters, one meaning on every list: parent_code = direct children, under = the archive and its subtree
# an archive code in a query, read as stored (app.domain.codes.normalize_code)
QueryCode = Annotated[str, BeforeValidator(code_as_typed), Field(max_length=32)]
ParentCode = Annotated[
    QueryCode | None,
    Query(description="Only the archives directly below this one (404 ArchiveNotFound if unknown)"),
]
UpdatedSince = Annotated[
    AwareDatetime | None,
    AfterValidator(in_utc),
    Query(
        description="Only what changed at or after this instant: ISO 8601 with its time zone, "
        "e.g. 2026-01-31T08:00:00+08:00 or 2026-01-31T00:00:00Z (a time without a zone is 422)"
    ),
]
SinceChange = Annotated[
    int | None,
    Query(
        ge=0,
        le=2**62,
        description="The sync cursor: only the reports changed after this value of the change sequence, in commit "
        "order; start with 0, then ask with the answer's next_change (every change seen exactly once)",
    ),
]
Under = Annotated[
    QueryCode | None,
    Query(description="Only this archive and its whole subtree (404 ArchiveNotFound if unknown)"),
]


async def table_language(
    request: Request,
    lang: Annotated[
        Literal["en", "zh"] | None,
        Query(
            description="CSV and XLSX: zh for Chinese headers and words (级别 县级, 状态 进度滞后, 是/否), en for"
            " English; default: Accept-Language, else a CSV keeps its stable English keys and an XLSX is in Chinese"
        ),
    ] = None,
) -> str | None:
    """The language a table export was asked in: `lang`, else the Accept-Language the client sent;
    None when neither says (the export's own default: a CSV's English keys, a printed workbook's Chinese)."""
    if lang is not None:
        return lang
    header = request.headers.get("accept-language")
    return language_from_header(header) if header else None


TableLanguage = Annotated[str | None, Depends(table_language)]
