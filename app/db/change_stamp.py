"""What was loaded at one change stamp, kept for the next reader: exact, never stale.

The database keeps one counter per stamped table (`change_stamp`, a row each: STAMPED_TABLES),
that its own triggers move in the transaction of every change to that table, whoever
writes: the API, the CLI, a script, psql (migrations 0007 and 0008). Equal counters mean the
same committed data in that table, so what a loader read from some tables at their counters
can serve every later reader at the same counters of those tables: each kept value names the
tables it read (`reads`), and a change to another table leaves it standing (a report written
keeps the archives' hierarchy, the plans, the targets and the tokens).

The rules that keep it exact:
- Only a read session uses the cache (`open_session(..., write=False)` marks it). A write
  session sees its own uncommitted changes, which a rollback would leave in the cache.
- A loader names every table it reads (`reads`); a value read from a table not named could
  outlive a change to it. Leave `reads` out and the value stands only while no table changes.
- The counters are read before the loader runs (all of them, once per transaction). Under
  PostgreSQL's READ COMMITTED the loader may then see a newer commit than the counters: the
  entry is only ever newer than its counters, and once that commit is visible every reader
  reads the newer counters and loads afresh. Loading first and stamping after could keep older
  data under newer counters; never do.
- One cache per engine (per database), so two databases in one process never mix.
- Loaded values are shared between threads and requests: they must be immutable (tuples,
  frozen records), or only ever grow idempotently (a memo of pure results).
- A database restored from a backup can carry counters the process has seen with other
  data: restart the server after a restore (the README says so). A counter that goes
  backwards empties the cache, which catches the common case.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, text
from sqlmodel import Session

# The tables whose changes move a counter, and the id of each one's row in change_stamp
# (migration 0008; 0007 had one row, id 1, for them all, now the archive's).
STAMPED_TABLES = {"archive": 1, "plan": 2, "target": 3, "report": 4, "reporting_round": 5, "api_token": 6}
EVERY_TABLE = tuple(STAMPED_TABLES)
# Session.info key that open_session sets: True for a read session, the only kind that caches.
READ_ONLY = "lantai_read_only"
STAMP_READ = "lantai_change_stamp"  # Session.info: (the transaction, the counters it read first)
ENTRIES_PER_DATABASE = 64

Stamps = dict[str, int]  # table -> its counter
T = TypeVar("T")


class _Cache:
    """The values loaded, by key, each with the counters of the tables it read."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.highest: Stamps = {}
        self.entries: OrderedDict[Hashable, tuple[tuple[int, ...], object]] = OrderedDict()

    def get(self, key: Hashable, at: tuple[int, ...]) -> object:
        with self.lock:
            found = self.entries.get(key)
            if found is None or found[0] != at:
                return _MISSING
            self.entries.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, at: tuple[int, ...], value: object) -> None:
        with self.lock:
            kept = self.entries.get(key)
            if kept is not None and any(old > new for old, new in zip(kept[0], at, strict=True)):
                return  # a slower reader of older data: its value is not wanted any more
            self.entries[key] = (at, value)
            self.entries.move_to_end(key)
            while len(self.entries) > ENTRIES_PER_DATABASE:
                self.entries.popitem(last=False)

    def forget_if_behind(self, stamps: Stamps) -> None:
        with self.lock:
            if any(value < self.highest.get(table, -1) for table, value in stamps.items()):
                # the database went back (a restore): nothing kept is known to hold
                self.highest, self.entries = dict(stamps), OrderedDict()
            else:
                self.highest = {table: max(value, self.highest.get(table, -1)) for table, value in stamps.items()}


_MISSING = object()
_caches: "WeakKeyDictionary[Engine, _Cache]" = WeakKeyDictionary()
_caches_lock = threading.Lock()


def may_keep(session: Session) -> bool:
    """Whether what this session loads may be kept (a read session opened by open_session)."""
    return session.info.get(READ_ONLY) is True


def current_stamp(session: Session) -> Stamps | None:
    """The committed counters as this session sees them; None where nothing may be cached
    (a write session, a session not opened by open_session, a database without the counters)."""
    if not may_keep(session):
        return None
    connection = session.connection()  # begins the session's transaction if it has not begun
    transaction = session.get_transaction()
    known = session.info.get(STAMP_READ)
    if known is not None and known[0] is transaction:
        kept: Stamps | None = known[1]
        return kept  # read once a transaction: its later loads are at least as new as these
    ids = {number: table for table, number in STAMPED_TABLES.items()}
    rows = connection.execute(text("SELECT id, value FROM change_stamp")).all()
    found = {ids[number]: int(value) for number, value in rows if number in ids}
    # a database not migrated to the counters per table: keep nothing
    stamps = found if len(found) == len(STAMPED_TABLES) else None
    session.info[STAMP_READ] = (transaction, stamps)
    return stamps


def stamped(
    session: Session,
    key: Hashable,
    load: Callable[[], T],
    *,
    reads: Iterable[str] = EVERY_TABLE,
    keep_none: bool = True,
) -> T:
    """load(), or what it returned in this database while the counters of the tables it `reads`
    stood where they stand now (see the module's rules); with keep_none=False, None is not kept."""
    stamps = current_stamp(session)
    if stamps is None:
        return load()
    cache = _cache_for(session)
    if cache is None:
        return load()
    cache.forget_if_behind(stamps)
    at = tuple(stamps[table] for table in reads)
    found = cache.get(key, at)
    if found is not _MISSING:
        return found  # type: ignore[return-value]
    value = load()
    if value is not None or keep_none:
        cache.put(key, at, value)
    return value


def _cache_for(session: Session) -> _Cache | None:
    engine = session.get_bind()
    if not isinstance(engine, Engine):
        return None
    with _caches_lock:
        cache = _caches.get(engine)
        if cache is None:
            cache = _caches[engine] = _Cache()
        return cache
