"""The database: engine, session scope, SQLite specifics. It knows no HTTP.

The transaction policy, stated here once (everything else points here):

1. One unit of work, one session scope. A CLI command, and an HTTP request, run
   in `session_scope`: committed when the work returns without error, rolled back
   when it raises. Services and routes add and flush; they never commit.
2. The intent is declared, never inferred. A route asks for `ReadSession`,
   `WriteSession`, `ReadThenWriteSession` or `WriteThenReadSession` (app/api/deps.py);
   one that asks for none reads; a POST that writes nothing (the what-if) declares a
   read. The request's one session (shared by the token, load-or-404 and the route) is
   opened for that intent before the first of them reads (without I/O: its transaction
   begins with the first statement, on the thread that runs it).
3. A write begins holding the write lock, so the reads that decide it are made
   inside the transaction that writes: on SQLite it begins with BEGIN IMMEDIATE
   (two writers queue, none fails on a lock upgrade); PostgreSQL runs READ
   COMMITTED and locks the rows the write depends on (SELECT ... FOR UPDATE, the
   token FOR SHARE). There is no late lock. The rows every writer needs (the reports'
   change sequence and the counter of their kept values, app.services.reports.changes
   `take_for_reports`) are taken last, in one statement, just before the rows are
   written, and held to the commit: what can be read, checked or built before is.
4. Two shapes of write, each one write transaction:
   - Write, then read (`WriteThenReadSession`: a report's PUT and PATCH). The request's
     session is the write: the token, the archive, the scope (401, 404, 403) and the
     stored report are read in it, under 3, and nothing is read twice. The route commits
     it itself (`WriteThenRead.commit`, which gives the lock back), then answers; what the
     answer reads afterwards (a report's warnings, when what reads keep cannot give them)
     is read in a read transaction of its own (`WriteThenRead.reading_again`).
   - Read, then write (`ReadThenWriteSession`: the import). The request's session is a
     read: the early refusals and the long reading (an import's file) hold no lock. The
     route then makes one service call in one write transaction of its own
     (`ReadThenWrite.writing`), and that call reads again, under 3, whatever decided the
     write and may have changed since: the token, the archives and scopes, the stored
     reports (app.services.imports.service.write_import).
   A write holds SQLite's lock only to check and write.
5. A transient failure (`is_transient`: a lock held too long, a serialization
   failure or deadlock, two inserts of one key at once) runs the whole request
   again, with fresh transactions and the same body. The retry and SQLite's
   per-worker write queue live in app/api/transactions.py, the one place for both.
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
