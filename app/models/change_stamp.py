"""The change stamp's one row (written by database triggers only; see app.db.change_stamp)."""

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel


class ChangeStamp(SQLModel, table=True):
    """How many committed changes the stamped tables have seen (a counter, never reset)."""

    __tablename__ = "change_stamp"

    id: int = Field(primary_key=True)
    value: int = Field(sa_type=BigInteger)
