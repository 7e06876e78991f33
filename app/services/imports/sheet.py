"""A sheet as read from an uploaded file: its name and its non-blank rows, numbered as the clerk sees them."""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from app.services.imports.limits import CellValue, LongText, Uncomputed

Cells = tuple[CellValue, ...]


@dataclass(frozen=True, slots=True)
class SheetRow:
    """A row with at least one cell, its number in the sheet (from 1), and its cells from column A."""

    number: int
    cells: Cells


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet of a workbook (a CSV file is one sheet named after the file)."""

    name: str
    rows: list[SheetRow]


def column_letters(index: int) -> str:
    """The letters of a column from its index from 0: 0 -> A, 26 -> AA."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_reference(sheet: str, row: int, column: int) -> str:
    """The cell as the clerk sees it: 年报!D7 (column from 0)."""
    return f"{sheet}!{column_letters(column)}{row}"


def cell_text(value: object) -> str | None:
    """The cell normalized as codes and headers are read (full-width forms, spaces), or None when empty."""
    if value is None or isinstance(value, (LongText, Uncomputed)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        value = value.isoformat()
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None
