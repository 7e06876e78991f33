"""The change stamp's rows (written by database triggers only; see app.db.change_stamp), and the
change sequence (moved by the writing transaction itself; see app.services.reports.changes)."""

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel


class ChangeStamp(SQLModel, table=True):
    """A stamped table's counter: moved by every committed change to the table, by one and a random step,
    so that it only grows and never takes a value twice (migration 0012)."""

    __tablename__ = "change_stamp"

    id: int = Field(primary_key=True)
    value: int = Field(sa_type=BigInteger)


class ChangeSequence(SQLModel, table=True):
    """The last value a sequence of changes gave (row 1: the reports'), in commit order; never reset."""

    __tablename__ = "change_sequence"

    id: int = Field(primary_key=True)
    value: int = Field(sa_type=BigInteger)
