"""What was loaded at one change stamp, kept for the next reader: exact, never stale.

The database keeps one counter, `change_stamp.value`, that its own triggers move in the
transaction of every change to a stamped table (STAMPED_TABLES; migration 0007), whoever
writes: the API, the CLI, a script, psql. Equal stamps mean the same committed data in those
tables, so what a loader read at a stamp can serve every later reader at that stamp.

The rules that keep it exact:
- Only a read session uses the cache (`open_session(..., write=False)` marks it). A write
  session sees its own uncommitted changes, which a rollback would leave in the cache.
- The stamp is read before the loader runs. Under PostgreSQL's READ COMMITTED the loader
  may then see a newer commit than the stamp: the entry is only ever newer than its stamp,
  and once that commit is visible every reader reads the newer stamp and loads afresh.
  Loading first and stamping after could keep older data under a newer stamp; never do.
- One cache per engine (per database), so two databases in one process never mix.
- Loaded values are shared between threads and requests: they must be immutable (tuples,
  frozen records), or only ever grow idempotently (a memo of pure results).
- A database restored from a backup can carry a stamp the process has seen with other
  data: restart the server after a restore (the README says so). A stamp that goes
  backwards empties the cache, which catches the common case.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, text
from sqlmodel import Session

# The tables whose changes move the stamp (migrations 0007 and 0008 put triggers on each).
STAMPED_TABLES = ("archive", "plan", "target", "report", "reporting_round", "api_token")
# Session.info key that open_session sets: True for a read session, the only kind that caches.
READ_ONLY = "lantai_read_only"
STAMP_READ = "lantai_change_stamp"  # Session.info: (the transaction, the stamp it read first)
ENTRIES_PER_DATABASE = 64

T = TypeVar("T")


class _Cache:
    """The values loaded at the latest stamp seen, by key (older stamps' are dropped)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamp = -1
        self.entries: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, stamp: int, key: Hashable) -> object:
        with self.lock:
            if stamp != self.stamp:
                return _MISSING
            found = self.entries.get(key, _MISSING)
            if found is not _MISSING:
                self.entries.move_to_end(key)
            return found

    def put(self, stamp: int, key: Hashable, value: object) -> None:
        with self.lock:
            if stamp < self.stamp:
                return  # a slower reader of an older stamp: its value is not wanted any more
            if stamp != self.stamp:
                self.stamp, self.entries = stamp, OrderedDict()
            self.entries[key] = value
            while len(self.entries) > ENTRIES_PER_DATABASE:
                self.entries.popitem(last=False)

    def forget_if_behind(self, stamp: int) -> None:
        with self.lock:
            if stamp < self.stamp:  # the database went back (a restore): nothing kept is known to hold
                self.stamp, self.entries = -1, OrderedDict()


_MISSING = object()
_caches: "WeakKeyDictionary[Engine, _Cache]" = WeakKeyDictionary()
_caches_lock = threading.Lock()


def may_keep(session: Session) -> bool:
    """Whether what this session loads may be kept (a read session opened by open_session)."""
    return session.info.get(READ_ONLY) is True


def current_stamp(session: Session) -> int | None:
    """The committed change stamp as this session sees it; None where nothing may be cached
    (a write session, a session not opened by open_session, a database without the stamp)."""
    if not may_keep(session):
        return None
    connection = session.connection()  # begins the session's transaction if it has not begun
    transaction = session.get_transaction()
    known = session.info.get(STAMP_READ)
    if known is not None and known[0] is transaction:
        kept: int | None = known[1]
        return kept  # read once a transaction: its later loads are at least as new as this stamp
    value = connection.execute(text("SELECT value FROM change_stamp WHERE id = 1")).scalar()
    stamp = None if value is None else int(value)
    session.info[STAMP_READ] = (transaction, stamp)
    return stamp


def stamped(session: Session, key: Hashable, load: Callable[[], T], *, keep_none: bool = True) -> T:
    """load(), or what it returned at the same stamp in this database (see the module's rules);
    with keep_none=False, a None it returns is not kept."""
    stamp = current_stamp(session)
    if stamp is None:
        return load()
    cache = _cache_for(session)
    if cache is None:
        return load()
    cache.forget_if_behind(stamp)
    found = cache.get(stamp, key)
    if found is not _MISSING:
        return found  # type: ignore[return-value]
    value = load()
    if value is not None or keep_none:
        cache.put(stamp, key, value)
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
