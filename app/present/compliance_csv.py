"""The compliance list as CSV: a header row, then one row per archive and rule.

Every figure of an answer's rule (the JSON's RuleCompliance, its target and its fallback)
is a column. By default the header is the stable English keys and codes stay codes (for
scripts); in Chinese (lang "zh": `?lang=zh` or `Accept-Language: zh`) the header and the
closed vocabularies are words (级别 县级, 状态 进度滞后, 是/否), by app.present.labels.
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
from app.present.labels import rows_in_words
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
    "holdings_trend_per_year",
)
UNIT_COLUMNS = ("required_per_year", "required_per_year_with_growth")  # a yearly need, rounded up to a unit
RULE_COLUMNS = (
    "as_of_year",
    "judged_year",
    "growth_from_year",
    "pace_from_year",
    "shortfall_units",
    "quota_added",
    "figures_approved",
)
TARGET_COLUMNS = ("id", "value", "unit", "basis", "scope", "year", "under")
FALLBACK_COLUMNS = ("met", "growth_from_year", "growth_pp", "growth_relative_pct")
CSV_HEADER = (
    *ARCHIVE_COLUMNS,
    "archive_status",
    "rule",
    "status",
    "status_label",
    *PCT_COLUMNS,
    *UNIT_COLUMNS,
    *RULE_COLUMNS,
    *(f"target_{column}" for column in TARGET_COLUMNS),
    *(f"fallback_{column}" for column in FALLBACK_COLUMNS),
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
    target, fallback = rule.target, rule.fallback
    return [
        rule.rule,
        rule.status,
        rule.status_label,
        *(_pct(getattr(rule, column)) for column in PCT_COLUMNS),
        *(whole_units_up(getattr(rule, column)) for column in UNIT_COLUMNS),
        *(getattr(rule, column) for column in RULE_COLUMNS),
        *(getattr(target, column) for column in TARGET_COLUMNS),
        *(None if fallback is None else fallback.met, None if fallback is None else fallback.growth_from_year),
        *(None if fallback is None else _pct(getattr(fallback, column)) for column in FALLBACK_COLUMNS[2:]),
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


def judged_csv_rows(judged: Iterable[Judged], lang: str = "en") -> Iterator[Sequence[object]]:
    """The header, then the judged archives' rows, each archive's written once while it stays judged;
    in Chinese words with lang "zh" (app.present.labels.rows_in_words)."""
    rows = _judged_rows(judged)
    return rows if lang != "zh" else rows_in_words(rows, lang)


def _judged_rows(judged: Iterable[Judged]) -> Iterator[Sequence[object]]:
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
