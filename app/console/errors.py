"""How the console answers a refusal: pages and redirects, never the API's JSON.

- SignInRequired (no session, or one that ended): 303 to the sign-in page, with the page asked for in `next`
  (an htmx request gets HX-Redirect instead, so the whole page goes there).
- PasswordChangeRequired: 303 to the password page.
- CsrfRefused: a 403 page saying the form was stale or came from elsewhere.
- Any AppError raised under /console (403 Forbidden, 404, 409 ...): a page with its status and its
  message in the console's language. Elsewhere the API's handlers answer, unchanged.
"""

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from app import errors
from app.api import errors as api_errors
from app.console.render import error_page

CONSOLE_PREFIX = "/console"


class SignInRequired(Exception):
    """Nobody is signed in (or the session ended): go to the sign-in page."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("sign in required")
        self.expired = expired


class PasswordChangeRequired(Exception):
    """The account must change its initial password before anything else."""


class CsrfRefused(Exception):
    """A state-changing request without this session's CSRF token, or from another site."""


def is_console(request: Request) -> bool:
    return request.url.path == CONSOLE_PREFIX or request.url.path.startswith(CONSOLE_PREFIX + "/")


def redirect(request: Request, location: str) -> Response:
    """303 to `location`; for htmx, HX-Redirect (htmx follows a 303 inside the fragment otherwise)."""
    if request.headers.get("hx-request"):
        return Response(status_code=200, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)


async def handle_sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    reason = "&expired=1" if exc.expired else ""
    response = redirect(request, f"{CONSOLE_PREFIX}/login?next={quote(target, safe='')}{reason}")
    if exc.expired:
        response.delete_cookie("lantai_session", path="/")
    return response


async def handle_password_change(request: Request, _exc: Exception) -> Response:
    return redirect(request, f"{CONSOLE_PREFIX}/password")


async def handle_csrf(request: Request, _exc: Exception) -> Response:
    return error_page(request, 403, "error.csrf")


async def handle_app_error(request: Request, exc: Exception) -> Response:
    if not is_console(request):
        return await api_errors.handle_app_error(request, exc)
    assert isinstance(exc, errors.AppError)
    return error_page(request, exc.status_code, None, exc)


async def handle_http_error(request: Request, exc: Exception) -> Response:
    if not is_console(request):
        return await api_errors.handle_http_error(request, exc)
    assert isinstance(exc, StarletteHTTPException)
    return error_page(request, exc.status_code, "error.not_found" if exc.status_code == 404 else "error.title")


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    if not is_console(request):
        return await api_errors.handle_validation_error(request, exc)
    return error_page(request, 422, "error.title")


def install(app: FastAPI) -> None:
    """Register the console's handlers; outside /console each hands over to the API's."""
    app.add_exception_handler(SignInRequired, handle_sign_in_required)
    app.add_exception_handler(PasswordChangeRequired, handle_password_change)
    app.add_exception_handler(CsrfRefused, handle_csrf)
    app.add_exception_handler(errors.AppError, handle_app_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
