"""HTTP caching of every data GET under /api/v1, in one place.

The rule, for a GET (or HEAD) under /api/v1 that answers 200:
- the answer carries a strong ETag, a digest of the body's bytes; where the route sets
  its own (a report's revision, "3", which If-Match takes), the digest is added to it
  ("3.<digest>", still read by If-Match as revision 3), so that it changes when the
  answer does (a review step, a change of its warnings), not only with the revision;
- `Cache-Control: private, no-cache`: browsers and proxies keep it for that user
  only and revalidate it every time; `Vary: Accept-Language, Accept`: and apart for
  each language (labels, reasons and warnings are written in the one asked for) and
  each format (the compliance list answers CSV or JSON by Accept);
- when If-None-Match names that ETag (or is `*`), the answer is 304 Not Modified,
  with the ETag and no body: the data is sent only when it changed;
- where the data has a time (one archive: its updated_at; one report: the latest write
  or review its answer depends on), the route sets `Last-Modified` (`last_modified`),
  and a request with `If-Modified-Since` at or after it, and no If-None-Match (which
  wins when both are sent), is answered 304; an If-Modified-Since in the future is no
  validator (RFC 9110) and the answer is sent in full. An HTTP date has whole seconds:
  while the second of the last change is not over, no Last-Modified is sent, so that
  a second write within that second can never hide behind a 304.
Writes and error answers pass through untouched.
"""

import hashlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHED_PREFIX = "/api/v1/"
CACHE_CONTROL = "private, no-cache"
DIGEST_BYTES = 16


def body_etag(body: bytes, own: str | None = None) -> str:
    """A strong entity tag for these exact bytes, after the route's own tag when it set one ('"3"' -> '"3.<digest>"')."""
    digest = hashlib.blake2b(body, digest_size=DIGEST_BYTES).hexdigest()
    if own is None:
        return f'"{digest}"'
    return f'"{own.removeprefix("W/").strip(chr(34))}.{digest}"'


def last_modified(response: Response, changed: datetime, now: datetime) -> None:
    """Set Last-Modified to the change's second, once that second is over (see the module's docstring)."""
    second = changed.astimezone(UTC).replace(microsecond=0)
    if second + timedelta(seconds=1) <= now:
        response.headers["Last-Modified"] = format_datetime(second, usegmt=True)


def not_modified_since(if_modified_since: str | None, last_modified_at: str | None, now: datetime) -> bool:
    """True when If-Modified-Since is at or after Last-Modified, and not after now (either missing or
    malformed, or a date in the future: False)."""
    if if_modified_since is None or last_modified_at is None:
        return False
    try:
        asked, changed = parsedate_to_datetime(if_modified_since), parsedate_to_datetime(last_modified_at)
    except (TypeError, ValueError):
        return False
    if asked.tzinfo is None:  # RFC 9110: an HTTP date is in GMT
        asked = asked.replace(tzinfo=UTC)
    return changed <= asked <= now


def matches(if_none_match: str | None, etag: str) -> bool:
    """True when If-None-Match names this entity tag (weak comparison, as RFC 9110 asks for it)."""
    if if_none_match is None:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag.removeprefix("W/") in tags


class Caching:
    """Add ETag and Cache-Control to data GETs and answer a matching If-None-Match with 304."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cached = scope["type"] == "http" and scope["method"] in ("GET", "HEAD")
        if not cached or not scope["path"].startswith(CACHED_PREFIX):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._answer(scope, start, b"".join(chunks), send)
            else:
                await send(message)

        await self.app(scope, receive, buffer)

    @staticmethod
    async def _answer(scope: Scope, start: Message, body: bytes, send: Send) -> None:
        if start["status"] != 200:
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        headers = MutableHeaders(scope=start)
        etag = body_etag(body, headers.get("etag"))
        headers["ETag"] = etag
        headers["Cache-Control"] = CACHE_CONTROL
        headers.add_vary_header("Accept-Language")  # labels, reasons and warnings are in the language asked for
        headers.add_vary_header("Accept")  # the compliance list is CSV or JSON by Accept
        asked = Headers(scope=scope)
        if_none_match = asked.get("if-none-match")
        unchanged = matches(if_none_match, etag)
        since = asked.get("if-modified-since")
        if if_none_match is None and not_modified_since(since, headers.get("last-modified"), datetime.now(UTC)):
            unchanged = True
        if unchanged:
            kept = [
                (name, value)
                for name, value in start["headers"]
                if name.lower() not in (b"content-length", b"content-type")
            ]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(start)
        await send({"type": "http.response.body", "body": body})
