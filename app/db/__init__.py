"""Engine and the request session.

Transaction policy (the one place it is decided): a request gets one session
from `get_session`; the session is committed when the route returns without
error and rolled back when it raises. crud and services never commit: they add
and flush. Write requests on SQLite begin with BEGIN IMMEDIATE so that two
writers queue on the busy timeout instead of failing on a lock upgrade; a
route marked `lock_at_first_write` (a report's PUT) takes that lock only at
`take_write_lock`, so its token, archive and scope reads do not hold it.

The dependency is declared with scope="function": the session is closed as
soon as the route returns, before the response is serialized, so a worker
never holds a pooled connection while it waits for a thread (see
../shared/measured.md, pitfall 1).

A transient failure (a lock held too long, a serialization conflict or deadlock,
two requests inserting the same key at once: `is_transient`) makes the whole
request run again, with a fresh transaction: app/api/transactions.py, the one place
(which also queues a worker's SQLite writes).
"""

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy import Engine, MetaData, event
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, create_engine

from app.config import Settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# serialization failure, deadlock, lock not available, unique violation
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03", "23505"})
TRANSIENT_SQLITE_CODES = frozenset({sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY})
TRANSIENT_SQLITE_PRIMARY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
WRITE_LOCK_PENDING = "lantai.write_lock_pending"  # session.info: take_write_lock still to do
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def is_sqlite(url: str) -> bool:
    """True for the embedded SQLite database."""
    return url.startswith("sqlite")


def make_engine(settings: Settings) -> Engine:
    """Build the engine for the configured database, with its pool and pragmas."""
    url = settings.database_url
    if is_sqlite(url):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": settings.sqlite_busy_timeout_ms / 1000},
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_timeout=settings.db_pool_timeout_seconds,
        )
        _configure_sqlite(engine, settings.sqlite_busy_timeout_ms)
        return engine
    return create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_pre_ping=True,
        pool_recycle=settings.db_pool_recycle_seconds,
        pool_timeout=settings.db_pool_timeout_seconds,
        connect_args={"connect_timeout": settings.db_connect_timeout_seconds},
    )


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout, enforced foreign keys, and BEGIN issued by us."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def is_transient(exc: BaseException) -> bool:
    """True when the same transaction, run again, may well succeed."""
    if not isinstance(exc, DBAPIError) or exc.connection_invalidated:
        return False
    original = exc.orig
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", 0)
        return code in TRANSIENT_SQLITE_CODES or (code & 0xFF) in TRANSIENT_SQLITE_PRIMARY_CODES
    return getattr(original, "sqlstate", None) in TRANSIENT_SQLSTATES


def open_session(engine: Engine, *, write: bool, lock_at_first_write: bool = False) -> Session:
    """A session; a write session takes the SQLite write lock up front, or at take_write_lock."""
    session = Session(engine, expire_on_commit=False)
    if write and is_sqlite(str(engine.url)):
        if lock_at_first_write:
            session.info[WRITE_LOCK_PENDING] = True
        else:
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
    return session


def lock_at_first_write(endpoint: Endpoint) -> Endpoint:
    """Mark a write route whose reads before its first write-intent statement run outside SQLite's write lock."""
    endpoint.lock_at_first_write = True  # type: ignore[attr-defined]
    return endpoint


def take_write_lock(session: Session) -> None:
    """Right before a write-intent statement: end the reads so far, begin again holding SQLite's write lock.

    Only for a session opened with lock_at_first_write (elsewhere nothing to do). Its
    reads (token, archive, scope) are then as of just before the lock, as every
    statement's are under PostgreSQL's READ COMMITTED; a deferred transaction is not
    upgraded in place, which fails (SQLITE_BUSY_SNAPSHOT) whenever another writer
    committed in between."""
    if session.info.pop(WRITE_LOCK_PENDING, False):
        connection = session.connection()
        connection.exec_driver_sql("COMMIT")
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def get_session(request: Request) -> Iterator[Session]:
    """The request's session: commit on success, roll back on error."""
    session = open_session(
        request.app.state.engine,
        write=request.method in WRITE_METHODS,
        lock_at_first_write=getattr(request.scope.get("endpoint"), "lock_at_first_write", False),
    )
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
