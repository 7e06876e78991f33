"""Every text that came from a user is written as text: never a formula, in XLSX or in CSV.

- XLSX: a text cell is typed as a string (openpyxl would take "=..." for a formula),
  and loses the control characters the format refuses.
- CSV: a cell that starts with =, +, -, @, tab or carriage return gets a leading
  apostrophe, as OWASP recommends ("CSV injection"), so no spreadsheet runs it.
- Numbers stay numbers (a negative number is not text and is left alone).
"""

from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """A CSV cell that no spreadsheet reads as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe_rows(rows: Iterable[Sequence[object]]) -> Iterable[list[object]]:
    """Rows with every text cell made safe."""
    for row in rows:
        yield [csv_safe(value) for value in row]


def append_as_text(sheet: Worksheet, values: Sequence[object]) -> None:
    """Append a row; every text cell is a string cell, never a formula."""
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
