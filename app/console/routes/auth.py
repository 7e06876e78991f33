"""Signing in and out, and changing one's own password (forms that work without JavaScript)."""

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from app import errors
from app.api.deps import Now, WriteSession
from app.console.auth import (
    SESSION_COOKIE,
    AnyPerson,
    CsrfChecked,
    OptionalPerson,
    checked_origin,
    csrf_checked,
    set_session_cookie,
)
from app.console.render import LANGUAGE_COOKIE, page
from app.services import users
from app.services.console_sessions import begin_session, end_session

router = APIRouter()
HOME = "/console/"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a console page of this site only (never another host)."""
    if not target:
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/console") or target.startswith("//"):
        return HOME
    return target


def see_other(location: str) -> RedirectResponse:
    return RedirectResponse(location, status_code=303)


@router.get("/login", name="console_login_page")
def login_page(request: Request, person: OptionalPerson, next: str | None = None, expired: bool = False) -> Response:
    """The sign-in form (a signed-in person goes home)."""
    if person is not None:
        return see_other(safe_next(next))
    notice = "login.expired" if expired else None
    return page(request, "login.html", person=None, record={"next": safe_next(next)}, notice=notice)


@router.post("/login", name="console_sign_in", dependencies=[Depends(checked_origin)])
def sign_in(
    request: Request,
    session: WriteSession,
    now: Now,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    next: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    """Check the name and password; on success a new session (and its cookie), else the form again, unchanged."""
    result = users.sign_in(session, username, password, now=now)
    if result.user is None:
        record = {"next": safe_next(next), "username": username}
        return page(request, "login.html", person=None, record=record, status=401, problems={"login": "login.failed"})
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        end_session(session, old, now=now)
    cookie = begin_session(session, result.user, now=now)
    target = "/console/password" if result.user.must_change_password else safe_next(next)
    response = see_other(target)
    set_session_cookie(request, response, cookie)
    return response


@router.post("/logout", name="console_sign_out", dependencies=[Depends(csrf_checked)])
def sign_out(request: Request, session: WriteSession, now: Now) -> Response:
    """End this session and forget its cookie."""
    end_session(session, request.cookies.get(SESSION_COOKIE, ""), now=now)
    response = see_other("/console/login?notice=login.signed_out")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/password", name="console_password_page")
def password_page(request: Request, person: AnyPerson) -> Response:
    """The form to change one's own password (the only page until an initial password is changed)."""
    return page(request, "password.html", person=person)


@router.post("/password", name="console_change_password")
def change_password(
    request: Request,
    person: CsrfChecked,
    session: WriteSession,
    current_password: Annotated[str, Form(max_length=200)],
    new_password: Annotated[str, Form(max_length=200)],
    repeat_password: Annotated[str, Form(max_length=200)],
) -> Response:
    """Set one's own password: the current one, then the new one twice."""
    if new_password != repeat_password:
        problems = {"repeat_password": "password.mismatch"}
        return page(request, "password.html", person=person, status=422, problems=problems)
    try:
        user = users.get_user(session, person.username)
        users.change_own_password(session, user, current_password, new_password, actor=person.actor)
    except errors.WeakPassword as refusal:
        field = "current_password" if refusal.detail.en.startswith("current_password") else "new_password"
        problems = {field: refusal.message("zh" if request.cookies.get(LANGUAGE_COOKIE) != "en" else "en")}
        return page(request, "password.html", person=person, status=422, problems=problems)
    return see_other("/console/?notice=password.changed")


@router.get("/language/{lang}", name="console_language")
def choose_language(lang: str, next: str | None = None) -> Response:
    """Switch the console's language (a cookie) and go back to the page."""
    response = see_other(safe_next(next))
    response.set_cookie(LANGUAGE_COOKIE, "en" if lang == "en" else "zh", samesite="strict", path="/", max_age=31536000)
    return response
