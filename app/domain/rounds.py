"""Where an expected archive stands in a reporting round, and the counts a bureau is judged on.

  state         the report's review status (submitted, returned, approved); not_submitted without one
  on_time       its first report for the year was written on or before the due date (local dates);
                false once the due date has passed without a report; None before that
  days_late     days after the due date of its first report, or so far (today) without one; never negative
Counts over a set of archives: submitted = every archive with a report (whatever its review state);
late = submitted late, or not submitted once the due date has passed;
completeness = submitted / expected, timeliness = on_time / expected, approved share = approved / expected.
Dates are local (the deployment's time zone); the caller passes today in, never read here.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

NOT_SUBMITTED = "not_submitted"


@dataclass(frozen=True, slots=True)
class Standing:
    """One archive's state in a round."""

    state: str
    on_time: bool | None
    days_late: int


def standing(report_status: str | None, first_submitted_on: date | None, due_on: date, today: date) -> Standing:
    """The state, punctuality and lateness of an archive whose report (if any) was first written that day."""
    if report_status is None or first_submitted_on is None:
        days = max(0, (today - due_on).days)
        return Standing(NOT_SUBMITTED, False if today > due_on else None, days)
    days = max(0, (first_submitted_on - due_on).days)
    return Standing(report_status, days == 0, days)


@dataclass(frozen=True, slots=True)
class Counts:
    """How many expected archives stand where."""

    expected: int = 0
    submitted: int = 0
    approved: int = 0
    returned: int = 0
    on_time: int = 0
    late: int = 0

    @property
    def not_submitted(self) -> int:
        return self.expected - self.submitted

    def share(self, part: int) -> Fraction | None:
        """part / expected in percent; None when no archive is expected."""
        return None if self.expected == 0 else Fraction(100 * part, self.expected)


def count(standings: Iterable[Standing]) -> Counts:
    """The counts over these archives' standings."""
    expected = submitted = approved = returned = on_time = late = 0
    for one in standings:
        expected += 1
        submitted += one.state != NOT_SUBMITTED
        approved += one.state == "approved"
        returned += one.state == "returned"
        on_time += one.on_time is True
        late += one.on_time is False
    return Counts(expected, submitted, approved, returned, on_time, late)
