"""The web console (控制台): server-rendered pages for clerks, bureau chiefs and admins, under /console.

Jinja2 templates (templates/), htmx 2.0 vendored in static/vendor (no other host, ever), its
own CSS; every form also works as a plain POST and redirect. Pages call the same services and
permission dependencies as the API (app.console.permissions feeds the API's with the signed-in
person), so there is one permission matrix, one transaction policy and one audit trail.
"""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.console import errors
from app.console.routes import console_router

STATIC = Path(__file__).parent / "static"
# Scripts, styles, images, fonts, requests and forms: this site only; no inline script, no frames.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class ConsoleHeaders:
    """Every console answer carries the security headers; its pages are never stored by the browser."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/console"):
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/console/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if not static:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)


async def to_console() -> RedirectResponse:
    """The site's root is the console."""
    return RedirectResponse("/console/", status_code=307)


def install(app: FastAPI) -> None:
    """Mount the console on the app: its pages, its static files, its refusal pages, its headers, and `/`."""
    errors.install(app)
    app.include_router(console_router)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
    app.add_api_route("/", to_console, include_in_schema=False, name="console_root")
    app.add_middleware(ConsoleHeaders)
