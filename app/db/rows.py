"""Rows straight off the database cursor, for the reads of many rows (no ORM objects, no Row objects)."""

from typing import Any

from sqlalchemy import Executable
from sqlmodel import Session


def plain_rows(session: Session, query: Executable, parameters: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """The query's rows as the database driver returns them: plain tuples."""
    result = session.connection().execute(query, parameters)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()
