"""`as_of` (a day or a year: a year means its 31 December) and today's date, as route dependencies."""

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Query, Request

from app import errors
from app.i18n import Text

AS_OF_PATTERN = r"^\d{4}(-\d{2}-\d{2})?$"


def parse_as_of(text: str) -> date:
    """The day `as_of` names: YYYY-MM-DD, or YYYY meaning 31 December of that year."""
    try:
        return date(int(text), 12, 31) if len(text) == 4 else date.fromisoformat(text)
    except ValueError:
        raise errors.ValidationFailed(
            Text(
                f"as_of: {text!r} is not a day (YYYY-MM-DD) nor a year (YYYY)",
                f"as_of：{text!r} 既不是日期（YYYY-MM-DD）也不是年份（YYYY）",
            )
        ) from None


async def as_of_day(
    as_of: Annotated[
        str | None,
        Query(
            max_length=10,
            pattern=AS_OF_PATTERN,
            description="The tree as it stood on this day (YYYY-MM-DD) or at the end of this year (YYYY): "
            "names, parents and levels then; archives not open then are left out",
        ),
    ] = None,
) -> date | None:
    """The day of `as_of`, if given."""
    return None if as_of is None else parse_as_of(as_of)


async def today_where_archives_are(request: Request) -> date:
    """Today in LANTAI_TIMEZONE, by the server's clock (events may not be dated after it)."""
    return datetime.now(ZoneInfo(request.app.state.settings.timezone)).date()


AsOf = Annotated[date | None, Depends(as_of_day)]
Today = Annotated[date, Depends(today_where_archives_are)]
