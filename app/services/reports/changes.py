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
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

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
