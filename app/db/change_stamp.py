"""What was loaded at one change stamp, kept for the next reader: exact, never stale.

The database keeps one counter per stamped table (`change_stamp`, a row each: STAMPED_TABLES),
that its own triggers move in the transaction of every change to that table, whoever
writes: the API, the CLI, a script, psql (migrations 0007, 0008 and 0012). Equal counters mean
the same committed data in that table, so what a loader read from some tables at their counters
can serve every later reader at the same counters of those tables. Every kept value is declared
once, as a `Kept` (its name, the tables it reads, its loader, how many entries are kept), in
app/services/kept.py; tests/faults/test_kept_values.py runs each loader and fails when it reads
a table it does not declare.

The rules that keep it exact:
- Only a read session uses the cache (`open_session(..., write=False)` marks it). A write
  session sees its own uncommitted changes, which a rollback would leave in the cache.
- A loader names every table it reads (`reads`); a value read from a table not named could
  outlive a change to it.
- The counters are read before the loader runs (all of them, once per transaction). Under
  PostgreSQL's READ COMMITTED the loader may then see a newer commit than the counters: the
  entry is only ever newer than its counters, and once that commit is visible every reader
  reads the newer counters and loads afresh. Loading first and stamping after could keep older
  data under newer counters; never do.
- One cache per engine (per database), so two databases in one process never mix; in it, one
  bounded LRU per declared value, so many tokens never push out the national list.
- Kept values are shared between threads and requests: they are immutable (tuples, frozen
  records, MappingProxyType), never memos filled after they are shared.
- A counter never takes a value twice, even across a restore: each change moves it by one plus
  a random step below 2**31 (migration 0012), so a database restored from a backup and written
  again reaches counters no process has seen, and what was kept at the old ones is never served.
  A counter read behind one this process knew committed before that read began (the restore
  itself) empties the cache; a reader that began before (a concurrent one) is not a restore.

What a write knows carries what was kept (`Kept.carry`): a write transaction that holds the
report counter's row from before its first change of a report to its commit knows that between
the counters it read before writing and after (`WriteStamps`) the only change of the reports is
its own. On SQLite the write lock holds it (`report_stamps_before_writing`, then
`report_stamp_after_writing`); on PostgreSQL the writer moves the counter itself, by the
trigger's step, in the statement that takes its place in the change sequence (locking the row
to the commit, as the deferred trigger would at the commit), and sets the trigger's flag
(`moved_flag`) so that the trigger does not move it again (app.services.reports.changes
`take_for_reports`). Once it has committed,
what was kept at the counters before stands at the counters after, with its change put in:
the caller says how (a value the change touches given again, or dropped).
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Concatenate, Generic, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, text
from sqlmodel import Session

# The tables whose changes move a counter, and the id of each one's row in change_stamp
# (migration 0008; 0007 had one row, id 1, for them all, now the archive's).
STAMPED_TABLES = {"archive": 1, "plan": 2, "target": 3, "report": 4, "reporting_round": 5, "api_token": 6}
# Tables whose changes move another table's counter (migration 0013): an archive's dated versions and
# successions are the archive's, and what a read keeps of the hierarchy stands or falls with them.
STAMPED_WITH = {"archive_version": "archive", "archive_succession": "archive"}
# Session.info key that open_session sets: True for a read session, the only kind that caches.
READ_ONLY = "lantai_read_only"
STAMP_READ = "lantai_change_stamp"  # Session.info: (the transaction, the counters it read first, when: monotonic)

Stamps = dict[str, int]  # table -> its counter
P = ParamSpec("P")
T = TypeVar("T")
_MISSING = object()
_DROP = object()


@dataclass(frozen=True, slots=True)
class WriteStamps:
    """The counters a write of reports read in its transaction: the archives' and the reports' before
    its first change (the reports' row held from then to the commit), the reports' after its last."""

    archive: int
    report_before: int
    report_after: int

    def before(self) -> Stamps:
        return {"archive": self.archive, "report": self.report_before}

    def after(self) -> Stamps:
        return {"archive": self.archive, "report": self.report_after}


@dataclass(frozen=True, slots=True)
class StampsBefore:
    """The counters a write of reports read before its first change (the reports' row held from then to
    its commit), and the reports' after its change when it is known already (on PostgreSQL the writer
    moves that counter itself: `report_after`)."""

    archive: int
    report: int
    report_after: int | None = None

    def after_writing(self, session: Session) -> WriteStamps | None:
        """Once the write's changes are made: its counters (the reports' after read now, on SQLite)."""
        after = self.report_after if self.report_after is not None else report_stamp_after_writing(session)
        return None if after is None else WriteStamps(self.archive, self.report, after)


def report_stamps_before_writing(session: Session) -> StampsBefore | None:
    """On SQLite (whose write lock is held from BEGIN IMMEDIATE to the commit), in a write transaction
    about to change reports: the archives' and the reports' counters. None on a database without them."""
    connection = session.connection()
    archive = connection.execute(text(STAMP_OF), {"id": STAMPED_TABLES["archive"]}).scalar()
    report = connection.execute(text(STAMP_OF), {"id": STAMPED_TABLES["report"]}).scalar()
    return None if archive is None or report is None else StampsBefore(int(archive), int(report))


def report_stamp_after_writing(session: Session) -> int | None:
    """On SQLite, in a write transaction that has changed reports: the reports' counter (its row
    triggers have moved it), as it will stand once this transaction commits."""
    found = session.connection().execute(text(STAMP_OF), {"id": STAMPED_TABLES["report"]}).scalar()
    return None if found is None else int(found)


# PostgreSQL: the step migration 0012's trigger function moves a counter by (a counter never takes a
# value twice), and the transaction-local setting by which it knows the counter has moved already.
POSTGRES_STEP = "1 + floor(random() * 2147483648)::bigint"


def moved_flag(table: str) -> str:
    """The setting that tells the table's deferred trigger (PostgreSQL) its counter moved in this transaction."""
    return f"lantai.change_stamp_moved_{STAMPED_TABLES[table]}"


STAMP_OF = "SELECT value FROM change_stamp WHERE id = :id"


class _Entries:
    """One declared value's entries, by its loader's arguments, each with the counters of the tables it
    read; the least recently used dropped first beyond `size`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[Hashable, tuple[tuple[int, ...], object]] = OrderedDict()

    def get(self, key: Hashable, at: tuple[int, ...]) -> object:
        found = self.entries.get(key)
        if found is None or found[0] != at:
            return _MISSING
        self.entries.move_to_end(key)
        return found[1]

    def carry(
        self, before: tuple[int, ...], after: tuple[int, ...], change: Callable[[Hashable, object], object]
    ) -> None:
        for key, (at, value) in list(self.entries.items()):
            if at == before:
                changed = change(key, value)
                if changed is _DROP:
                    del self.entries[key]
                else:
                    self.entries[key] = (after, changed)

    def put(self, key: Hashable, at: tuple[int, ...], value: object) -> None:
        kept = self.entries.get(key)
        if kept is not None and any(old > new for old, new in zip(kept[0], at, strict=True)):
            return  # a slower reader of older data: its value is not wanted any more
        self.entries[key] = (at, value)
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


class _Cache:
    """One database's kept values: an LRU per declared value, and the highest counters seen."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.highest: Stamps = {}
        self.known: dict[str, float] = {}  # table -> when its highest counter was known committed (monotonic)
        self.values: dict[str, _Entries] = {}

    def get(self, name: str, key: Hashable, at: tuple[int, ...]) -> object:
        with self.lock:
            entries = self.values.get(name)
            return _MISSING if entries is None else entries.get(key, at)

    def put(self, kept: "Kept[..., object]", key: Hashable, at: tuple[int, ...], value: object) -> None:
        with self.lock:
            entries = self.values.get(kept.name)
            if entries is None:
                entries = self.values[kept.name] = _Entries(kept.size)
            entries.put(key, at, value)

    def carry(
        self, name: str, before: tuple[int, ...], after: tuple[int, ...], change: Callable[[Hashable, object], object]
    ) -> None:
        with self.lock:
            entries = self.values.get(name)
            if entries is not None:
                entries.carry(before, after, change)

    def forget_if_behind(self, stamps: Stamps, read: tuple[float, float]) -> None:
        """Counters read between two moments (time.monotonic, `read`): the highest seen moved up to them,
        or everything forgotten when they are behind counters known committed before they were read (the
        database went back: a restore). A reader whose read began before the higher counters were known
        may have read older committed ones (a concurrent reader under READ COMMITTED, or an older
        snapshot): it is not a restore, and is served what was kept at its own counters."""
        began, ended = read
        with self.lock:
            behind = [table for table, value in stamps.items() if value < self.highest.get(table, -1)]
            if any(began > self.known[table] for table in behind):
                # the database went back (a restore): nothing kept is known to hold
                self.highest, self.values = dict(stamps), {}
                self.known = dict.fromkeys(stamps, ended)
                return
            for table, value in stamps.items():
                if value > self.highest.get(table, -1):
                    self.highest[table], self.known[table] = value, ended


_caches: "WeakKeyDictionary[Engine, _Cache]" = WeakKeyDictionary()
_caches_lock = threading.Lock()


@dataclass(frozen=True)
class Kept(Generic[P, T]):
    """A value a read keeps between requests: its name, the stamped tables its loader reads, the
    loader (a session, then the arguments that key an entry), and how many entries are kept.

    `get(session, *arguments)` is load(session, *arguments), or what it returned in this database
    while the counters of the tables it `reads` stood where they stand now; None is kept only
    with keep_none (a token not found never is: guesses would only fill the cache)."""

    name: str
    reads: tuple[str, ...]
    load: Callable[Concatenate[Session, P], T]
    size: int = 16
    keep_none: bool = True

    def get(self, session: Session, *args: P.args, **kwargs: P.kwargs) -> T:
        stamps = current_stamp(session)
        cache = None if stamps is None else _cache_for(session)
        if stamps is None or cache is None:
            return self.load(session, *args, **kwargs)
        cache.forget_if_behind(stamps, session.info[STAMP_READ][2])
        at = self._at(stamps)
        key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        found = cache.get(self.name, key, at)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        value = self.load(session, *args, **kwargs)
        if value is not None or self.keep_none:
            cache.put(self, key, at, value)  # type: ignore[arg-type]
        return value

    def kept_at(self, engine: Engine, stamps: Stamps, *args: Hashable) -> T | None:
        """What is kept for these arguments at these counters (of the tables it reads), None if nothing is."""
        cache = _caches.get(engine)
        if cache is None or any(table not in stamps for table in self._tables()):
            return None
        found = cache.get(self.name, args, self._at(stamps))
        return None if found is _MISSING else found  # type: ignore[return-value]

    def carry(
        self, engine: Engine, stamps: WriteStamps, change: "Callable[[tuple[Hashable, ...], T], T | None]"
    ) -> None:
        """After a committed write of reports (see the module's last paragraph): every entry kept at the
        counters before it is kept at those after it, as `change` gives it (the key, the value: the value
        at the new counters, or None to drop it). Call it only once the write has committed."""
        cache = _caches.get(engine)
        if cache is None or set(self._tables()) - {"archive", "report"}:
            return
        before, after = stamps.before(), stamps.after()
        now = time.monotonic()  # committed: every read begun from now on sees these counters or later ones
        cache.forget_if_behind(after, (now, now))

        def changed(key: Hashable, value: object) -> object:
            found = change(key, value)  # type: ignore[arg-type]
            return _DROP if found is None else found

        cache.carry(self.name, self._at(before), self._at(after), changed)

    def _tables(self) -> tuple[str, ...]:
        return tuple(STAMPED_WITH.get(table, table) for table in self.reads)

    def _at(self, stamps: Stamps) -> tuple[int, ...]:
        return tuple(stamps[table] for table in self._tables())


def latest_seen(engine: Engine, table: str) -> int | None:
    """The highest counter of the table any session of this process has read from this database
    (None: none yet): a write that finds it where it left it knows no other process wrote since."""
    cache = _caches.get(engine)
    if cache is None:
        return None
    with cache.lock:
        return cache.highest.get(table)


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
    began = time.monotonic()
    rows = connection.execute(text("SELECT id, value FROM change_stamp")).all()
    found = {ids[number]: int(value) for number, value in rows if number in ids}
    # a database not migrated to the counters per table: keep nothing
    stamps = found if len(found) == len(STAMPED_TABLES) else None
    session.info[STAMP_READ] = (transaction, stamps, (began, time.monotonic()))
    return stamps


def _cache_for(session: Session) -> _Cache | None:
    engine = session.get_bind()
    if not isinstance(engine, Engine):
        return None
    with _caches_lock:
        cache = _caches.get(engine)
        if cache is None:
            cache = _caches[engine] = _Cache()
        return cache
