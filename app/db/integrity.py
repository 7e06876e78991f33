"""What a failed constraint says: which table, which columns, which value, on either database.

PostgreSQL names the constraint (by NAMING_CONVENTION) and the key; SQLite names a
unique constraint's columns and nothing for a foreign key, so the columns of the
statement's table that refer to another are named instead.
"""

import re
from dataclasses import dataclass
from enum import Enum

from sqlalchemy.exc import IntegrityError

from app.db.engine import metadata

FOREIGN_KEY_SQLSTATE, UNIQUE_SQLSTATE = "23503", "23505"
_STATEMENT_TABLE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", re.IGNORECASE)
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")
_POSTGRES_KEY = re.compile(r"Key \((?P<columns>[^)]*)\)=\((?P<values>[^)]*)\)")


class Broken(Enum):
    """Which kind of constraint failed."""

    missing_reference = "missing_reference"  # a foreign key: the row it names does not exist (or is still used)
    duplicate = "duplicate"  # a unique key: another row has the same values
    other = "other"


@dataclass(frozen=True, slots=True)
class Violation:
    """A failed constraint: its kind, the table, the columns (and the values where the database says them)."""

    broken: Broken
    table: str | None
    columns: tuple[str, ...]
    values: str | None = None


def violation(exc: IntegrityError) -> Violation:
    """What the database refused, as far as it says."""
    original = exc.orig
    sqlstate = getattr(original, "sqlstate", None)
    table = _table_of(exc.statement)
    if sqlstate is not None:
        diag = getattr(original, "diag", None)
        table = getattr(diag, "table_name", None) or table
        key = _POSTGRES_KEY.search(getattr(diag, "message_detail", None) or "")
        columns = tuple(name.strip() for name in key.group("columns").split(",")) if key else ()
        values = key.group("values") if key else None
        kind = {FOREIGN_KEY_SQLSTATE: Broken.missing_reference, UNIQUE_SQLSTATE: Broken.duplicate}.get(
            sqlstate, Broken.other
        )
        return Violation(kind, table, columns, values)
    message = str(original)
    unique = _SQLITE_UNIQUE.search(message)
    if unique:
        columns = tuple(part.strip().split(".")[-1] for part in unique.group(1).split(","))
        return Violation(Broken.duplicate, table, columns)
    if "FOREIGN KEY" in message:
        return Violation(Broken.missing_reference, table, _foreign_key_columns(table))
    return Violation(Broken.other, table, ())


def _table_of(statement: str | None) -> str | None:
    found = _STATEMENT_TABLE.match(statement or "")
    return found.group(1) if found else None


def _foreign_key_columns(table: str | None) -> tuple[str, ...]:
    known = metadata.tables.get(table or "")
    if known is None:
        return ()
    return tuple(column.name for column in known.columns if column.foreign_keys)
