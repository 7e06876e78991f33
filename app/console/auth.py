"""Who is signed in to the console, and the CSRF check of every form.

- The session cookie (`lantai_session`: HttpOnly, SameSite=Strict, Secure over https) names a
  row of console_session (app.services.console_sessions); no cookie, or one of a session
  that ended, expired or whose user is disabled, is SignInRequired: the sign-in page.
- An account that must still change its password sees only the password page.
- Every state-changing request carries the session's CSRF token (the form's `csrf_token`
  or the `X-CSRF-Token` header htmx sends) and an Origin (or Referer) of this site: 403 otherwise.
- The signed-in person acts through `console_actor`, an Actor as the API's tokens give one:
  the console's permission dependencies (app.console.permissions) are the API's, fed with it.
"""

import hmac
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response
from sqlmodel import Session

from app.api.transactions import RequestSession, declared_intent
from app.console.errors import CsrfRefused, PasswordChangeRequired, SignInRequired
from app.db import Intent, session_scope
from app.domain.roles import Actor
from app.models.common import utcnow
from app.services.console_sessions import SessionRules, SignedIn, find_session, needs_touch, touch_session

SESSION_COOKIE = "lantai_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def session_rules(request: Request) -> SessionRules:
    """The session lifetimes of the settings."""
    settings = request.app.state.settings
    return SessionRules(
        idle=timedelta(minutes=settings.console_idle_minutes), absolute=timedelta(hours=settings.console_session_hours)
    )


def optional_person(request: Request, session: RequestSession) -> SignedIn | None:
    """The live session of the cookie sent, None without one; its last use recorded (at most once a minute)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    now = utcnow()
    found = find_session(session, cookie, now=now, rules=session_rules(request))
    if found is not None and needs_touch(found, now):
        if declared_intent(request) is Intent.write:
            touch_session(session, found.id_hash, now=now)
        else:
            with session_scope(request.app.state.engine, Intent.write) as writing:
                touch_session(writing, found.id_hash, now=now)
    return found


OptionalPerson = Annotated[SignedIn | None, Depends(optional_person)]


async def any_person(request: Request, person: OptionalPerson) -> SignedIn:
    """The signed-in person, even one who must still change their password (the password page, sign-out)."""
    if person is None:
        raise SignInRequired(expired=SESSION_COOKIE in request.cookies)
    return person


AnyPerson = Annotated[SignedIn, Depends(any_person)]


async def signed_in(person: AnyPerson) -> SignedIn:
    """The signed-in person, once their own password is set."""
    if person.must_change_password:
        raise PasswordChangeRequired()
    return person


Person = Annotated[SignedIn, Depends(signed_in)]


async def console_actor(request: Request, person: Person) -> Actor:
    """The signed-in person as the permission rules and the audit trail see them."""
    return Actor(
        name=person.actor.name,
        role=person.actor.role,
        archive_code=person.actor.archive_code,
        request_id=getattr(request.state, "request_id", None),
        username=person.username,
    )


ConsoleActor = Annotated[Actor, Depends(console_actor)]


def same_origin(request: Request) -> bool:
    """True when the request's Origin (or, without one, its Referer) is this site."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return False
    found = urlsplit(source)
    return (found.scheme, found.netloc) == (request.url.scheme, request.url.netloc)


async def checked_origin(request: Request) -> None:
    """403 unless the request comes from a page of this site (the sign-in form, before any session)."""
    if not same_origin(request):
        raise CsrfRefused()


async def _csrf_token_sent(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    # an import's confirmation carries its file in a field: the upload limit, not the form default, bounds it
    form = await request.form(max_part_size=2 * request.app.state.settings.max_upload_bytes)
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else ""


async def csrf_checked(request: Request, person: AnyPerson) -> SignedIn:
    """The signed-in person, once the request carries their session's CSRF token and comes from this site."""
    sent = await _csrf_token_sent(request)
    if not same_origin(request) or not hmac.compare_digest(sent.encode(), person.csrf_token.encode()):
        raise CsrfRefused()
    return person


CsrfChecked = Annotated[SignedIn, Depends(csrf_checked)]


def session_still_live(request: Request, session: Session) -> None:
    """SignInRequired unless the request's console session is still live: read again inside a write
    transaction of its own (as the API reads a token again: app.services.tokens.refuse_unless_active)."""
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if find_session(session, cookie, now=utcnow(), rules=session_rules(request)) is None:
        raise SignInRequired(expired=True)


def set_session_cookie(request: Request, response: Response, cookie: str) -> None:
    """Hand the browser its session id: HttpOnly, SameSite=Strict, Secure when served over https."""
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
        max_age=request.app.state.settings.console_session_hours * 3600,
    )
