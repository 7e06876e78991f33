"""The compliance list as CSV: a header row, then one row per archive and rule.

Figures are rounded as in the JSON (percentages and points to 2 decimals, a yearly need
in units up to a whole unit); an unknown figure is an empty cell; reasons are joined into
one cell in the request's language. The text starts with a byte order mark so that Excel
reads UTF-8 (Chinese names) correctly. A text cell that a spreadsheet would run as a
formula (=, +, -, @, tab, CR first) is written with a leading apostrophe (app.present.safe_cells).
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Protocol

from app.models.compliance import ArchiveCompliance, RuleCompliance, whole_units_up
from app.present.safe_cells import csv_safe_rows

BOM = "\ufeff"
ARCHIVE_COLUMNS = ("archive_code", "archive_name", "level", "kind", "parent_code")
PCT_COLUMNS = (
    "rate_pct",
    "previous_rate_pct",
    "growth_pp",
    "growth_relative_pct",
    "pace_pp_per_year",
    "projected_rate_pct",
    "required_pp_per_year",
    "years_to_target",
)
RULE_COLUMNS = ("as_of_year", "judged_year", "pace_from_year", "quota_added", "figures_approved")
TARGET_COLUMNS = ("value", "unit", "basis", "scope", "year")
CSV_HEADER = (
    *ARCHIVE_COLUMNS,
    "archive_status",
    "rule",
    "status",
    "status_label",
    *PCT_COLUMNS,
    "required_per_year",
    *RULE_COLUMNS,
    *(f"target_{column}" for column in TARGET_COLUMNS),
    "fallback_met",
    "reasons",
)
REASON_SEPARATOR = " | "


def _cell(value: object) -> object:
    """A value as a cell: empty when unknown, true/false, codes as plain text, numbers as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    return str(value)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _rule_cells(rule: RuleCompliance) -> list[object]:
    target = rule.target
    return [
        rule.rule,
        rule.status,
        rule.status_label,
        *(_pct(getattr(rule, column)) for column in PCT_COLUMNS),
        whole_units_up(rule.required_per_year),
        *(getattr(rule, column) for column in RULE_COLUMNS),
        *(getattr(target, column) for column in TARGET_COLUMNS),
        None if rule.fallback is None else rule.fallback.met,
        REASON_SEPARATOR.join(reason.message for reason in rule.reasons),
    ]


def archive_rows(item: ArchiveCompliance) -> list[tuple[object, ...]]:
    """The archive's rows: one per rule."""
    archive = [*(getattr(item, column) for column in ARCHIVE_COLUMNS), item.status]
    return [tuple(_cell(value) for value in (*archive, *_rule_cells(rule))) for rule in item.rules]


def csv_rows(items: Iterable[ArchiveCompliance]) -> Iterator[Sequence[object]]:
    """The header, then a row per archive and rule."""
    yield CSV_HEADER
    for item in items:
        yield from archive_rows(item)


class Judged(Protocol):
    """An archive judged (app.services.compliance.items.Judgement): kept, shared, compared by identity."""

    def answer(self) -> ArchiveCompliance: ...

    def __hash__(self) -> int: ...


def judged_csv_rows(judged: Iterable[Judged]) -> Iterator[Sequence[object]]:
    """The header, then the judged archives' rows, each archive's written once while it stays judged."""
    yield CSV_HEADER
    for judgement in judged:
        yield from _kept_rows(judgement)


# As many as the judgements kept (app.services.compliance.items.JUDGED_CACHE_SIZE).
@lru_cache(maxsize=12_000)
def _kept_rows(judgement: Judged) -> tuple[tuple[object, ...], ...]:
    return tuple(archive_rows(judgement.answer()))


def csv_document(rows: Iterable[Sequence[object]]) -> str:
    """Rows written as a CSV document, byte order mark first."""
    buffer = io.StringIO()
    buffer.write(BOM)
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_safe_rows(rows))
    return buffer.getvalue()


def csv_text(items: Iterable[ArchiveCompliance]) -> str:
    """The archives' answers as a CSV document."""
    return csv_document(csv_rows(items))
