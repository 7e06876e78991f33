"""ASGI middleware: a request id on every answer, a cap on request bodies, no internals in a 500.

- Every request gets a fresh id of the server's, answered in X-Request-ID and read by
  routes from request.state.request_id; the client's own X-Request-ID (if it is a short
  plain token) is kept beside it as request.state.client_request_id, never in its place,
  so that no client can pass its requests off as another's in the logs or the audit trail.
- A body over the limit gets 413 PayloadTooLarge, whether its Content-Length says
  so up front or the bytes streamed in pass the limit. Multipart uploads have their
  own, larger limit.
- An unexpected exception is logged with the request id and answered
  {"error": "InternalError", "detail": ...} carrying that id: never a stack trace or SQL.
- Both answers are rendered by app.api.errors.render, in the client's language.
- A 401 says how to authenticate (WWW-Authenticate: Bearer).
- A body that has not fully arrived within the body deadline (LANTAI_BODY_TIMEOUT_SECONDS,
  20 s) gets 408 RequestTimeout and `Connection: close`, so that the server closes the
  connection at once rather than keeping it for the stalled rest of the body (the request
  head has its own deadline, in app.serving).
"""

import asyncio
import logging
import re
import time
import uuid

from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import errors
from app.api.errors import render
from app.config import Settings
from app.i18n import Text

log = logging.getLogger("lantai.requests")

REQUEST_ID_HEADER = "x-request-id"
CLIENT_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestContext:
    """Give each request an id, echo it in X-Request-ID, and turn a crash into a logged InternalError."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        client_request_id = self._client_request_id(Headers(scope=scope).get(REQUEST_ID_HEADER))
        scope.setdefault("state", {}).update(request_id=request_id, client_request_id=client_request_id)
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = request_id
                if message["status"] == 401:
                    headers["www-authenticate"] = "Bearer"
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception(
                "internal error, request %s (client's id %s): %s %s",
                request_id,
                client_request_id,
                scope["method"],
                scope["path"],
            )
            if started:
                raise
            detail = Text(
                f"an unexpected error occurred; quote request id {request_id} when you report it",
                f"发生意外错误；报告此问题时请注明请求编号 {request_id}",
            )
            response = render(errors.InternalError(detail), Headers(scope=scope).get("accept-language"))
            response.headers[REQUEST_ID_HEADER] = request_id
            await response(scope, receive, send)

    @staticmethod
    def _client_request_id(sent: str | None) -> str | None:
        return sent if sent is not None and CLIENT_REQUEST_ID.fullmatch(sent) else None


class BodyTooLarge(Exception):
    """The request body passed its limit while it was being read."""


class BodyLimit:
    """Refuse request bodies over the limit with 413: JSON and forms at one size, multipart uploads at another."""

    def __init__(self, app: ASGIApp, *, max_json_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_json_bytes = max_json_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = self._limit(headers.get("content-type", ""))
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    raise BodyTooLarge
            return message

        async def send_unless_refused(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counting_receive, send_unless_refused)
        except Exception:
            if not refused:
                raise
        if refused:
            await self._refuse(scope, receive, send, limit)

    def _limit(self, content_type: str) -> int:
        if content_type.lower().startswith("multipart/form-data"):
            return self.max_upload_bytes
        return self.max_json_bytes

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        detail = Text(f"the request body is larger than {limit} bytes", f"请求体超过 {limit} 字节")
        response = render(errors.PayloadTooLarge(detail), Headers(scope=scope).get("accept-language"))
        await response(scope, receive, send)


class BodyTooSlow(Exception):
    """The request body did not arrive before its deadline."""


class BodyDeadline:
    """Answer 408 RequestTimeout when a request's body is not all in within `seconds` of the first read."""

    def __init__(self, app: ASGIApp, *, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        deadline: float | None = None
        body_done = timed_out = started = False

        async def receive_in_time() -> Message:
            nonlocal deadline, body_done, timed_out
            if body_done:
                return await receive()
            deadline = deadline or time.monotonic() + self.seconds
            try:
                message = await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0))
            except TimeoutError:
                timed_out = True
                raise BodyTooSlow from None
            body_done = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        async def send_unless_timed_out(message: Message) -> None:
            """Once the body is late, whatever the app answers (e.g. "cannot parse the body") gives way to 408."""
            nonlocal started
            if timed_out and not started:
                return  # the app's own answer to a body that never came (a parse error) gives way to the 408
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive_in_time, send_unless_timed_out)
        except Exception:
            if not timed_out or started:
                raise
        if timed_out and not started:
            detail = Text(
                f"the request body did not arrive within {self.seconds:g} seconds",
                f"请求体未在 {self.seconds:g} 秒内送达",
            )
            response = render(errors.RequestTimeout(detail), Headers(scope=scope).get("accept-language"))
            response.headers["Connection"] = "close"  # the rest of the body is never read: close, do not wait
            await response(scope, receive, send)


def install(app: Starlette, settings: Settings) -> None:
    """Add the middleware: request id outermost, then CORS (configured origins only), the body limit, the deadline."""
    app.add_middleware(BodyDeadline, seconds=settings.body_timeout_seconds)
    app.add_middleware(
        BodyLimit, max_json_bytes=settings.max_json_body_bytes, max_upload_bytes=settings.max_upload_bytes
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "Accept-Language", "X-Request-ID"],
            expose_headers=["ETag", "X-Request-ID"],
        )
    app.add_middleware(RequestContext)
