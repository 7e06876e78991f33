"""`order=field` / `order=-field` on lists: one field to sort by, then a fixed tie-break.

Each route declares the fields it sorts by as a closed set (a Literal, an enum in
OpenAPI); the service maps them to columns (or keys). Ascending by default, `-`
for descending; unknown values (null) always sort last; the tie-break (a code or an
id) always runs ascending, so pages never overlap or skip. Without `order` a list
keeps its own default order.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement

T = TypeVar("T")


def split(order: str) -> tuple[str, bool]:
    """(the field, whether descending) of `field` or `-field`."""
    return order.removeprefix("-"), order.startswith("-")


def sql_order(
    order: str | None,
    columns: Mapping[str, Any],
    *,
    default: Sequence[Any],
    tiebreak: Sequence[ColumnElement[Any]] | Sequence[Any],
) -> list[Any]:
    """The ORDER BY clauses: the default when no order is given, else the field then the tie-break."""
    if order is None:
        return list(default)
    field, descending = split(order)
    column = columns[field]
    first = column.desc().nulls_last() if descending else column.asc().nulls_last()
    return [first, *(tie.asc() for tie in tiebreak)]


def sorted_rows(order: str | None, rows: Iterable[T], keys: Mapping[str, Callable[[T], Any]]) -> list[T]:
    """The rows (already in their default order, which is the tie-break) sorted by the field; nulls last."""
    listed = list(rows)
    if order is None:
        return listed
    field, descending = split(order)
    key = keys[field]

    def rank(row: T) -> tuple[bool, Any]:
        value = key(row)
        return ((value is not None) if descending else (value is None)), value

    return sorted(listed, key=rank, reverse=descending)  # stable: equal keys keep the default order
