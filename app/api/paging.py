"""Lists answer one envelope: {"items", "total", "limit", "offset"}, even short ones held in memory."""

from collections.abc import Sequence
from typing import TypeVar

from app.models.common import Page

T = TypeVar("T")
MAX_LIMIT = 10_000  # the one maximum page size of every list: a whole country's archives in one page


def page_of(items: Sequence[T], limit: int, offset: int) -> Page[T]:
    """The page of a whole list held in memory."""
    return Page(items=list(items[offset : offset + limit]), total=len(items), limit=limit, offset=offset)
