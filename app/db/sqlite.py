"""What SQLite needs that PostgreSQL does not: pragmas, BEGIN issued by us, its error codes."""

import sqlite3

from sqlalchemy import Connection, Engine, event
from sqlalchemy.pool import ConnectionPoolEntry

# constraint failures two concurrent inserts of one key may meet; a lock held too long
TRANSIENT_SQLITE_CODES = frozenset({sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY})
TRANSIENT_SQLITE_PRIMARY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
BEGIN_MODE = "sqlite_begin"  # execution option: "" (deferred) or "IMMEDIATE" (take the write lock now)


def is_sqlite(url: str) -> bool:
    """True for the embedded SQLite database."""
    return url.startswith("sqlite")


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout, enforced foreign keys, and BEGIN issued by us (so that a writer can ask IMMEDIATE)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(BEGIN_MODE, "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def is_transient_sqlite(error: sqlite3.Error) -> bool:
    """True for a lock held too long or a concurrent insert of the same key."""
    code = getattr(error, "sqlite_errorcode", 0)
    return code in TRANSIENT_SQLITE_CODES or (code & 0xFF) in TRANSIENT_SQLITE_PRIMARY_CODES
