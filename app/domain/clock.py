"""The clock a rule is given: services never read it themselves."""

from datetime import datetime
from typing import NamedTuple


class RoundClock(NamedTuple):
    """Now, and the time zone a round's due date ends in (LANTAI_TIMEZONE): what days late are counted
    by. Given by the caller (a route's `RoundTime`, the warm start): services never read the clock."""

    now: datetime
    zone: str
