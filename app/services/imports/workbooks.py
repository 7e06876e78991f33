"""An .xlsx or .xls workbook's sheets, read within one upload's budget: what the worker process runs.

The sheets are read in order, each only as far as the rows a header row is looked
for in (HEADER_SCAN_ROWS), until the first sheet that has one: that sheet is read
whole, and the sheets after it are never opened.
"""

import io
import zipfile
from typing import Protocol

from app.domain.import_columns import HEADER_SCAN_ROWS
from app.services.imports import limits
from app.services.imports.layout import header_position
from app.services.imports.limits import Budget
from app.services.imports.sheet import Sheet, SheetRow
from app.services.imports.xls import XlsBook
from app.services.imports.xlsx import XlsxBook, check_directory

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class Book(Protocol):
    """A workbook: its sheets' names, and a sheet's rows (up to a row number) when asked."""

    names: list[str]

    def rows(self, index: int, up_to: int | None = None) -> list[SheetRow]: ...


def workbook_sheets(content: bytes) -> list[Sheet]:
    """An .xlsx or .xls workbook's sheets up to the first with a header row (that one whole, the others'
    first HEADER_SCAN_ROWS rows), within one upload's budget. This is what the worker process runs."""
    budget = Budget()
    if content.startswith(XLS_MAGIC):
        return _table_sheets(XlsBook(content, budget))
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except Exception as exc:  # any damage to the ZIP's directory means "not a readable workbook"
        raise limits.unreadable("not a readable .xlsx workbook", "无法读取该 .xlsx 工作簿") from exc
    with archive:
        check_directory(archive)
        return _table_sheets(XlsxBook(archive, budget))


def _table_sheets(book: Book) -> list[Sheet]:
    sheets = []
    for index, name in enumerate(book.names):
        scanned = book.rows(index, HEADER_SCAN_ROWS)
        if header_position(scanned) is None:
            sheets.append(Sheet(name, scanned))
            continue
        sheets.append(Sheet(name, book.rows(index)))
        break
    return sheets
