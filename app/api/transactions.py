"""Where HTTP meets the transaction policy (stated once, in app/db/__init__.py): each request's
session opened for its route's declared intent, SQLite's per-worker write queue, the retry.

- **Declared intent** (`declared_intent`): found once per route among its dependencies
  (`read_session`, `write_session`, `read_then_write_session`).
- **Read, then write** (`ReadThenWrite`: the import): the request's session is a read;
  `writing()` is the route's one write transaction (the writer turn, then BEGIN IMMEDIATE),
  `reading_again()` a read after its commit.
- **Write, then read** (`WriteThenRead`: a report's PUT and PATCH): the request's session is
  the write, opened before the token is read, so every check runs in the transaction that
  writes; the route commits it itself (`commit()`: the lock and the worker's turn are given
  back), then answers from what the write returned and a read after the commit if it must.
- **Queue (SQLite writes).** SQLite lets one writer in at a time, and a writer that finds the
  lock taken polls for it with growing sleeps, holding a thread and a pooled connection. So a
  worker queues its own writing requests in the event loop, holding neither: the request waits
  its turn (at most the busy timeout, then 503 DatabaseUnavailable), then opens its session.
  Only writers of other workers meet at SQLite's lock. Reads and PostgreSQL writes never queue.
- **Retry.** When the session scope ends in a failure that `app.db.is_transient` says may well
  pass on a second try, the request is marked; `Transactions` then drops its answer and runs
  the request again from the start, with a fresh session and the same body, up to `attempts`
  times; the last answer goes out as it is.
"""

import asyncio
import random
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Annotated

import anyio.from_thread
from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import errors
from app.api.errors import BUSY
from app.db import Intent, is_sqlite, is_transient, session_scope

TRANSIENT_FAILURE = "lantai.transient_database_failure"
COMMITTED = "lantai.committed"  # the route committed its write itself: never run it again
WRITER_TURN = "lantai.writer_turn"  # the request's turn in its worker's SQLite write queue
BACKOFF_SECONDS = 0.02


def reads_then_writes(_request: Request) -> Intent:
    """A read for the request's session; the route opens its one write transaction itself (ReadThenWrite)."""
    return Intent.read


def reads(_request: Request) -> Intent:
    """Always a read."""
    return Intent.read


def writes(_request: Request) -> Intent:
    """Always a write."""
    return Intent.write


# id(route) -> (route, how its intent is decided): each route's dependencies are walked once
_known_intents: dict[int, tuple[BaseRoute, Callable[[Request], Intent]]] = {}


def declared_intent(request: Request) -> Intent:
    """The intent the matched route declared through its session dependency; a read when it declared none."""
    route = request.scope.get("route")
    return Intent.read if route is None else intent_declaration(route)(request)


def intent_declaration(route: BaseRoute) -> Callable[[Request], Intent]:
    """How the route's intent is decided, found once among its dependencies (a read when none declares one)."""
    known = _known_intents.get(id(route))
    if known is None or known[0] is not route:
        known = _known_intents[id(route)] = (route, _declaration(getattr(route, "dependant", None)) or reads)
    return known[1]


def _declaration(dependant: Dependant | None) -> Callable[[Request], Intent] | None:
    if dependant is None:
        return None
    for dependency in dependant.dependencies:
        found = DECLARATIONS.get(dependency.call) or _declaration(dependency)  # type: ignore[arg-type]
        if found is not None:
            return found
    return None


async def writer_turn(request: Request) -> AsyncIterator[None]:
    """Wait for this worker's SQLite writers ahead of a writing request, holding no thread or connection."""
    if not is_sqlite(request.app.state.settings.database_url) or declared_intent(request) is not Intent.write:
        yield
        return
    turn = request.scope[WRITER_TURN] = _Turn(await _take_turn(request))
    try:
        yield
    finally:
        turn.release()


class _Turn:
    """A writer's turn, given back once: when the route commits (WriteThenRead.commit), else at its end."""

    def __init__(self, lock: asyncio.Lock) -> None:
        self.lock: asyncio.Lock | None = lock
        self.loop = asyncio.get_running_loop()

    def release(self) -> None:
        """In the event loop."""
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.release()

    def release_from_thread(self) -> None:
        """From the route's thread: given back by the event loop, without waiting for it."""
        self.loop.call_soon_threadsafe(self.release)


async def _take_turn(request: Request) -> asyncio.Lock:
    """This worker's SQLite write turn, once the writers ahead have gone; 503 after the busy timeout."""
    state = request.app.state
    turn: asyncio.Lock = getattr(state, "writer_turn", None) or asyncio.Lock()
    state.writer_turn = turn
    try:
        await asyncio.wait_for(turn.acquire(), state.settings.sqlite_busy_timeout_ms / 1000)
    except TimeoutError:
        raise errors.DatabaseUnavailable(BUSY) from None
    return turn


async def request_session(
    request: Request, _turn: Annotated[None, Depends(writer_turn, scope="function")]
) -> AsyncIterator[Session]:
    """The request's one session, for the intent its route declared; ended as soon as the route returns.

    It is opened in the event loop: opening it does no I/O (its transaction begins with its
    first statement, on the thread that runs it: a write's, on SQLite, with BEGIN IMMEDIATE, which
    may wait), so it costs no thread-pool hop. Its end (app.db.session_scope's: commit, or
    rollback when the route raised, then close) runs on a thread, unless the route committed it
    itself (WriteThenRead.commit: nothing is left to do on the database). scope="function": the
    session ends before the response is serialized, so a worker never holds a pooled connection
    while it waits for a thread."""
    intent = declared_intent(request)
    scope = session_scope(request.app.state.engine, intent, lazy=True)
    session = scope.__enter__()
    try:  # a write's BEGIN that outwaits the busy timeout is transient too: the request runs again
        yield session
    except BaseException as exc:
        _mark_if_transient(request, exc)
        await run_in_threadpool(scope.__exit__, type(exc), exc, exc.__traceback__)
        raise
    try:
        if request.scope.get(COMMITTED):
            scope.__exit__(None, None, None)
        else:
            await run_in_threadpool(scope.__exit__, None, None, None)
    except Exception as exc:
        _mark_if_transient(request, exc)
        raise


def _mark_if_transient(request: Request, exc: BaseException) -> None:
    if is_transient(exc) and not request.scope.get(COMMITTED):
        request.scope[TRANSIENT_FAILURE] = True


RequestSession = Annotated[Session, Depends(request_session, scope="function")]


async def read_session(session: RequestSession) -> Session:
    """Declares: this route only reads."""
    return session


async def write_session(session: RequestSession) -> Session:
    """Declares: this route writes (on SQLite it queues, then begins holding the write lock)."""
    return session


@dataclass(frozen=True)
class ReadThenWrite:
    """The request's session (a read), and the one write transaction the route opens when it is ready to write."""

    session: Session
    request: Request

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction of its own, as a `WriteSession` would be: on SQLite the worker's write turn,
        then BEGIN IMMEDIATE; committed when the block ends, rolled back when it raises.

        Called from the route's thread (a sync route). The read session's transaction
        ends first and its connection goes back to the pool (a request never holds
        two), so reads that decided the write and may have changed since must be
        made again inside the block."""
        self.session.close()
        sqlite = is_sqlite(self.request.app.state.settings.database_url)
        turn = anyio.from_thread.run(_take_turn, self.request) if sqlite else None
        try:
            with session_scope(self.request.app.state.engine, Intent.write) as session:
                yield session
        except Exception as exc:
            if is_transient(exc):
                self.request.scope[TRANSIENT_FAILURE] = True
            raise
        finally:
            if turn is not None:
                anyio.from_thread.run_sync(turn.release)

    @contextmanager
    def reading_again(self) -> Iterator[Session]:
        """A read transaction of its own, after `writing()` committed: what the answer reads of the
        data as it now stands (a report's warnings). A failure here does not run the request again:
        its write is already committed. It may use what reads keep (app.db.change_stamp): a kept
        value stands only while the tables it read are unchanged, so the write just committed
        drops what it read from the reports, never the archives'."""
        with session_scope(self.request.app.state.engine, Intent.read) as session:
            yield session


@dataclass(frozen=True)
class WriteThenRead:
    """The request's session, a write opened before its first read (the token's), committed by the
    route itself once it has written, and reads after that commit."""

    session: Session
    request: Request

    def commit(self) -> None:
        """Commit the write now and end its session, then give back the worker's SQLite write turn:
        what the route does next (its answer) holds no lock. Called from the route's thread (a sync
        route). A failure after this never runs the request again: its write is committed."""
        self.session.commit()
        self.request.scope[COMMITTED] = True
        self.session.close()
        turn: _Turn | None = self.request.scope.get(WRITER_TURN)
        if turn is not None:
            turn.release_from_thread()

    def reading_again(self) -> AbstractContextManager[Session]:
        """A read transaction of its own, after `commit()` (as ReadThenWrite.reading_again)."""
        return session_scope(self.request.app.state.engine, Intent.read)


async def write_then_read_session(request: Request, session: RequestSession) -> WriteThenRead:
    """Declares: this route writes in the request's session (every check in it), commits, then answers."""
    return WriteThenRead(session, request)


async def read_then_write_session(request: Request, session: RequestSession) -> ReadThenWrite:
    """Declares: this route reads first, then writes in a transaction of its own (ReadThenWrite.writing)."""
    return ReadThenWrite(session, request)


# The declarations are `async def`: they only hand the session on, so they cost no thread-pool hop.
DECLARATIONS: dict[Callable[..., object], Callable[[Request], Intent]] = {
    read_session: reads,
    write_session: writes,
    read_then_write_session: reads_then_writes,
    write_then_read_session: writes,
}


class ReplayableBody:
    """The request's messages, recorded as they are read, so that a second run reads them again."""

    def __init__(self, receive: Receive) -> None:
        self.receive = receive
        self.recorded: list[Message] = []

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
    """Run a request again while its answer is a transient database failure."""

    def __init__(self, app: ASGIApp, *, attempts: int) -> None:
        self.app = app
        self.attempts = max(1, attempts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = ReplayableBody(receive)
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
