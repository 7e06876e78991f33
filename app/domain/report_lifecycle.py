"""The next version of a yearly report: the one rule every write follows (PUT, PATCH, bulk import).

1. The figures written are, for `replace`, exactly the figures given (a figure not
   given is cleared); for `merge`, the stored figures with each figure given put
   over them (a blank, None, never erases a stored figure).
2. Figures identical to the stored ones make no new version: nothing is written,
   even for an approved report.
3. An approved report is locked: other figures are refused (the caller says how).
4. A new report starts at revision 1; a changed one goes up by one. Either way it
   is `submitted` again, by the writer, at the time the edge of the app passes in.

Pure: the clock and the writer are arguments; figures are plain mappings of
FIGURE_NAMES (app.domain.figures) to int, float, str or None.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum

from app.domain.figures import FIGURE_NAMES

Figure = int | float | str | None
Figures = Mapping[str, Figure]


class ReportStatus(StrEnum):
    """Where a report stands in review: written reports are submitted; approved ones are locked."""

    submitted = "submitted"
    approved = "approved"
    returned = "returned"


class ReviewStep(StrEnum):
    """A review decision on a report."""

    approve = "approve"
    return_ = "return"
    reopen = "reopen"


@dataclass(frozen=True, slots=True)
class ReviewTransition:
    """Where a review step may start, and where it leaves the report."""

    starts_from: frozenset[ReportStatus]
    leads_to: ReportStatus


# Every review transition, in one table; a write (next_version) sets any report back to submitted.
#   approve  submitted, returned -> approved   (approved reports are locked)
#   return   submitted           -> returned   (a comment says what to correct)
#   reopen   approved            -> submitted  (unlocks it for corrections)
REVIEW_STEPS: Mapping[ReviewStep, ReviewTransition] = {
    ReviewStep.approve: ReviewTransition(
        frozenset({ReportStatus.submitted, ReportStatus.returned}), ReportStatus.approved
    ),
    ReviewStep.return_: ReviewTransition(frozenset({ReportStatus.submitted}), ReportStatus.returned),
    ReviewStep.reopen: ReviewTransition(frozenset({ReportStatus.approved}), ReportStatus.submitted),
}


class WriteMode(Enum):
    """How given figures meet stored ones: merge keeps what is not given; replace clears it."""

    merge = "merge"
    replace = "replace"


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """What the rule needs of the stored report."""

    revision: int
    status: ReportStatus
    figures: Figures


@dataclass(frozen=True, slots=True)
class NextVersion:
    """The report once written: its revision, state, submitter, time and every figure."""

    revision: int
    status: ReportStatus
    submitted_by: str
    submitted_at: datetime
    figures: dict[str, Figure]


@dataclass(frozen=True, slots=True)
class FigureChange:
    """One figure before and after a write."""

    name: str
    before: Figure
    after: Figure


def written_figures(stored: Figures | None, given: Figures, mode: WriteMode) -> dict[str, Figure]:
    """Every figure as the write leaves it (rule 1)."""
    if mode is WriteMode.replace or stored is None:
        return {name: given.get(name) for name in FIGURE_NAMES}
    return {name: stored.get(name) if given.get(name) is None else given.get(name) for name in FIGURE_NAMES}


def is_locked(status: ReportStatus | str) -> bool:
    """True while the report is approved (rule 3)."""
    return status == ReportStatus.approved


def next_version(
    stored: StoredVersion | None, given: Figures, mode: WriteMode, *, submitted_by: str, now: datetime
) -> NextVersion | None:
    """The version a write makes, or None when it changes nothing (rule 2); the caller checks the lock."""
    figures = written_figures(None if stored is None else stored.figures, given, mode)
    if stored is not None and all(figures[name] == stored.figures.get(name) for name in FIGURE_NAMES):
        return None
    revision = 1 if stored is None else stored.revision + 1
    return NextVersion(revision, ReportStatus.submitted, submitted_by, now, figures)


def changes(stored: Figures | None, written: Figures) -> list[FigureChange]:
    """Every figure the write changes, before and after, in the forms' order."""
    before: Figures = stored or {}
    return [
        FigureChange(name, before.get(name), written.get(name))
        for name in FIGURE_NAMES
        if before.get(name) != written.get(name)
    ]


def cleared_by_replace(stored: Figures | None, given: Figures) -> list[str]:
    """The stored figures a `replace` with these figures would clear (given blank, stored not)."""
    if stored is None:
        return []
    return [name for name in FIGURE_NAMES if stored.get(name) is not None and given.get(name) is None]
