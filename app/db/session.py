"""The session scope: one for an HTTP request and a CLI command alike, opened for reading or for writing."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.db.change_stamp import READ_ONLY
from app.db.sqlite import BEGIN_MODE, is_sqlite, is_transient_sqlite

# serialization failure, deadlock, lock not available, unique violation
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03", "23505"})


class Intent(Enum):
    """What a unit of work declares it will do with the database."""

    read = "read"
    write = "write"


def open_session(engine: Engine, *, write: bool, keep: bool = True, lazy: bool = False) -> Session:
    """A session; a write session on SQLite begins holding the write lock (BEGIN IMMEDIATE); a read
    session may use what app.db.change_stamp cached (keep=False: it neither uses nor fills it).
    lazy: opened without I/O, its transaction (a write's BEGIN IMMEDIATE too) begins with its first
    statement, on the thread that runs it (an HTTP request's session: app.api.transactions)."""
    session = Session(engine, expire_on_commit=False, info={READ_ONLY: not write and keep})
    if write and is_sqlite(str(engine.url)):
        if lazy:
            session.bind = _immediate(engine)
        else:
            session.connection(execution_options={BEGIN_MODE: "IMMEDIATE"})
    return session


_immediate_engines: "WeakKeyDictionary[Engine, Engine]" = WeakKeyDictionary()


def _immediate(engine: Engine) -> Engine:
    """The engine whose connections begin with BEGIN IMMEDIATE (one for each engine)."""
    found = _immediate_engines.get(engine)
    if found is None:
        found = _immediate_engines[engine] = engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
    return found


@contextmanager
def session_scope(engine: Engine, intent: Intent, *, keep: bool = True, lazy: bool = False) -> Iterator[Session]:
    """One transaction: committed when the block ends without error, rolled back when it raises
    (keep, lazy: as open_session's)."""
    session = open_session(engine, write=intent is Intent.write, keep=keep, lazy=lazy)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def is_transient(exc: BaseException) -> bool:
    """True when the same transaction, run again, may well succeed."""
    if not isinstance(exc, DBAPIError) or exc.connection_invalidated:
        return False
    original = exc.orig
    if isinstance(original, sqlite3.Error):
        return is_transient_sqlite(original)
    return getattr(original, "sqlstate", None) in TRANSIENT_SQLSTATES
