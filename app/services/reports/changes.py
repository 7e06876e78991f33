"""The reports' change sequence: each change takes the next value, in the order the writes commit.

A report's `change_seq` is the value its latest change took (a write, a review step). The
values are taken inside the writing transaction, by one UPDATE of the counter row
(`change_sequence`, row REPORTS): on PostgreSQL that row stays locked until the transaction
ends, so a second writer takes its values only after the first has committed; on SQLite the
write lock (BEGIN IMMEDIATE) orders writers anyway. So a reader that sees a value has seen
every smaller one too: `GET /reports?since_change=N` (the sync cursor) never misses a change
that commits later with a smaller value, however long the writing transaction ran.

The counter is taken as late as possible (just before the rows are written), and the time
the writes are stamped with is read after it (`Taken.at`), so that submission and review
times follow commit order as well (Last-Modified and `updated_since` compare them).

Its row is the one every report write holds to its commit, so what a write does after taking
it is kept short: `take_for_reports` (a PUT, a PATCH) takes it and, on PostgreSQL, moves the
reports' counter of the kept values in the same statement (app.db.change_stamp's last
paragraph), in that order (the triggers' at a commit: no two writers wait for each other).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text, update
from sqlmodel import Session, col

from app.db.change_stamp import POSTGRES_STEP, STAMPED_TABLES, StampsBefore, moved_flag, report_stamps_before_writing
from app.models.change_stamp import ChangeSequence

REPORTS = 1  # the reports' row of change_sequence (migration 0009)
Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Taken:
    """The values a transaction took (first .. first + count - 1) and the time read once they were taken."""

    first: int
    count: int
    at: datetime

    def value(self, index: int) -> int:
        """The index-th value taken (0-based)."""
        return self.first + index


def take(session: Session, count: int, clock: Clock) -> Taken:
    """Take `count` values of the reports' sequence in this transaction (locking its row until the commit)."""
    statement = (
        update(ChangeSequence)
        .where(col(ChangeSequence.id) == REPORTS)
        .values(value=col(ChangeSequence.value) + count)
        .returning(col(ChangeSequence.value))
    )
    last = session.execute(statement).scalar_one()
    return Taken(first=last - count + 1, count=count, at=clock())


# One statement, one round trip while the rows are held: the sequence taken (its row locked), then the
# reports' counter moved by the trigger's step (its row locked; `moving` reads `taken`, so it runs
# after it), the trigger told it has moved; the archives' counter read beside.
_TAKE_MOVING_REPORT_STAMP = text(f"""
WITH taken AS (UPDATE change_sequence SET value = value + :count WHERE id = :sequence RETURNING value),
step AS (SELECT {POSTGRES_STEP} AS n),
moving AS (
    UPDATE change_stamp SET value = change_stamp.value + step.n FROM step, taken WHERE change_stamp.id = :report
    RETURNING change_stamp.value - step.n AS before, change_stamp.value AS after
)
SELECT taken.value, (SELECT value FROM change_stamp WHERE id = :archive), moving.before, moving.after,
    set_config(:flag, CASE WHEN moving.after IS NULL THEN '' ELSE 'yes' END, true)
FROM taken LEFT JOIN moving ON true
""")


def take_for_reports(session: Session, count: int, clock: Clock) -> tuple[Taken, StampsBefore | None]:
    """`take`, and the counters of the kept values around the change about to be written (None: the
    database keeps none). On PostgreSQL one statement takes the values and moves the reports' counter
    (both rows locked until the commit); on SQLite the write lock holds both, and the counters are read."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        return take(session, count, clock), report_stamps_before_writing(session)
    parameters = {
        "count": count,
        "sequence": REPORTS,
        "report": STAMPED_TABLES["report"],
        "archive": STAMPED_TABLES["archive"],
        "flag": moved_flag("report"),
    }
    last, archive, before, after, _ = connection.execute(_TAKE_MOVING_REPORT_STAMP, parameters).one()
    taken = Taken(first=last - count + 1, count=count, at=clock())
    if archive is None or before is None or after is None:
        return taken, None
    return taken, StampsBefore(int(archive), int(before), int(after))
