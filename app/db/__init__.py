"""The database: engine, session scope, SQLite specifics. It knows no HTTP.

Transaction policy (written here once; ARCHITECTURE.md repeats it):

1. One unit of work, one transaction. An HTTP request and a CLI command each run
   in one `session_scope`: committed when the work returns without error, rolled
   back when it raises. Services and routes add and flush; they never commit.
2. The intent is declared, never inferred. A route asks for `WriteSession` or
   `ReadSession` (app/api/deps.py); a route that asks for neither reads. A POST
   that writes nothing (the what-if) declares a read. The import declares
   `ReadThenWriteSession`: it reads and checks the file in a read session, then
   writes in one write transaction of its own, reading again in it what decided
   the write (app/api/transactions.py).
3. A write begins holding the write lock. On SQLite a write transaction begins
   with BEGIN IMMEDIATE, so every read the request makes (its token, the archive,
   the scope check, the archive path in the audit row) happens inside the
   transaction that writes, and two writers queue on the busy timeout instead of
   failing on a lock upgrade. PostgreSQL runs READ COMMITTED and locks the rows a
   write depends on (SELECT ... FOR UPDATE). There is no late lock.
4. A transient failure (`is_transient`: a lock held too long, a serialization
   failure or deadlock, two inserts of one key at once) runs the whole request
   again with a fresh transaction. The retry and SQLite's per-worker write queue
   live in app/api/transactions.py, the one place for both.
"""

from app.db.engine import NAMING_CONVENTION, make_engine, metadata
from app.db.session import Intent, is_transient, open_session, session_scope
from app.db.sqlite import is_sqlite

__all__ = [
    "NAMING_CONVENTION",
    "Intent",
    "is_sqlite",
    "is_transient",
    "make_engine",
    "metadata",
    "open_session",
    "session_scope",
]
