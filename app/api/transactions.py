"""Each request's transaction, carried through: queued on SQLite, run again after a transient failure.

- **Queue (SQLite writes).** SQLite lets one writer in at a time, and a writer
  that finds the lock taken polls for it with growing sleeps (up to 100 ms),
  holding a thread and a pooled connection while it does. So a worker queues
  its own write requests here, in the event loop, holding neither: the body is
  read first, then the request waits its turn (at most the busy timeout, then
  503 DatabaseUnavailable), then runs. Only writers of other workers meet at
  SQLite's lock. PostgreSQL writes are not queued. Uploads (multipart bodies)
  are not queued either: the import checks the caller, then reads and parses
  the file outside any lock, and takes SQLite's lock only to write (its session
  is `lock_at_first_write`), so a large file never holds up other writes.
- **Retry.** The error handlers (app/api/errors.py) answer a database failure
  and, when app.db.is_transient says the same transaction may well succeed on a
  second try (a lock held too long, a serialization conflict or deadlock, a
  concurrent insert of the same key), mark the request. Its answer is then
  dropped and the request runs again from the start, with a fresh session and
  the same body, up to `attempts` times; the last answer goes out as it is.
"""

import asyncio
import random

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import WRITE_METHODS

TRANSIENT_FAILURE = "lantai.transient_database_failure"
BACKOFF_SECONDS = 0.02
BUSY_BODY = b'{"error":"DatabaseUnavailable","detail":"the database is busy; try again shortly"}'


def mark_transient(scope: Scope) -> None:
    """Ask for this request to run again (the middleware decides whether it may)."""
    scope[TRANSIENT_FAILURE] = True


class ReplayableBody:
    """The request's messages, recorded as they are read, so that a second run reads them again."""

    def __init__(self, receive: Receive) -> None:
        self.receive = receive
        self.recorded: list[Message] = []

    async def read_all(self) -> None:
        """Read the whole body now."""
        while not self.recorded or self.recorded[-1].get("more_body", False):
            self.recorded.append(await self.receive())
            if self.recorded[-1]["type"] != "http.request":
                return

    def reader(self) -> Receive:
        position = 0

        async def receive() -> Message:
            nonlocal position
            if position == len(self.recorded):
                self.recorded.append(await self.receive())
            position += 1
            return self.recorded[position - 1]

        return receive


class Transactions:
    """Queue a worker's SQLite writes; run a request again while its answer is a transient failure."""

    def __init__(self, app: ASGIApp, *, attempts: int, queue_writes: bool, queue_timeout_seconds: float) -> None:
        self.app = app
        self.attempts = max(1, attempts)
        self.queue_writes = queue_writes
        self.queue_timeout_seconds = queue_timeout_seconds
        self.writer_turn: asyncio.Lock | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = ReplayableBody(receive)
        if not (self.queue_writes and scope["method"] in WRITE_METHODS) or _is_upload(scope):
            await self._run_until_done(scope, body, send)
            return
        await body.read_all()
        turn = self.writer_turn = self.writer_turn or asyncio.Lock()
        try:
            await asyncio.wait_for(turn.acquire(), self.queue_timeout_seconds)
        except TimeoutError:
            await _answer_busy(send)
            return
        try:
            await self._run_until_done(scope, body, send)
        finally:
            turn.release()

    async def _run_until_done(self, scope: Scope, body: ReplayableBody, send: Send) -> None:
        for attempt in range(1, self.attempts + 1):
            scope.pop(TRANSIENT_FAILURE, None)
            if not await self._run(scope, body, send, final=attempt == self.attempts):
                return
            await asyncio.sleep(BACKOFF_SECONDS * attempt * (1 + random.random()))

    async def _run(self, scope: Scope, body: ReplayableBody, send: Send, *, final: bool) -> bool:
        """One run; True when its answer was withheld to run again."""
        withheld = False

        async def send_unless_transient(message: Message) -> None:
            nonlocal withheld
            if message["type"] == "http.response.start":
                withheld = not final and bool(scope.get(TRANSIENT_FAILURE))
            if not withheld:
                await send(message)

        await self.app(scope, body.reader(), send_unless_transient)
        return withheld


def _is_upload(scope: Scope) -> bool:
    """True for a multipart body (a spreadsheet upload), which is not queued."""
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return bool(value.lower().startswith(b"multipart/form-data"))
    return False


async def _answer_busy(send: Send) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(BUSY_BODY)).encode()),
        (b"retry-after", b"1"),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": BUSY_BODY})
