"""Read a legacy Excel 97-2003 (.xls) workbook with xlrd: its sheets, cells as Excel saved them.

A formula cell holds its computed value (.xls always stores one). Bounds as for
.xlsx (app.services.imports.limits): the sheets are counted before any is read;
a sheet is loaded with ragged rows (never padded to the widest row), and its
dimensions (rows, columns) and cells are checked against the bounds and the
upload's cell budget before its rows are walked. Any file xlrd cannot read is
refused (415). xlrd's own work is bounded only by the file's size: the upload is
read in a worker process with a deadline (app.services.imports.worker).
"""

import xlrd

from app.services.imports import limits
from app.services.imports.limits import Budget, CellValue
from app.services.imports.sheet import SheetRow


class XlsBook:
    """An .xls workbook: its sheets' names, and each sheet's rows when asked (one sheet loaded at a time)."""

    def __init__(self, content: bytes, budget: Budget) -> None:
        if len(content) > limits.MAX_XLS_BYTES:
            raise limits.too_large(
                f"an .xls file over {limits.MAX_XLS_BYTES:,} bytes; save it as .xlsx",
                f".xls 文件超过 {limits.MAX_XLS_BYTES:,} 字节，请另存为 .xlsx",
            )
        self.budget = budget
        try:
            self.book = xlrd.open_workbook(file_contents=content, on_demand=True, ragged_rows=True, logfile=_Silent())
        except Exception as exc:  # xlrd raises many kinds on a damaged file; every one means "not readable"
            raise _unreadable() from exc
        if self.book.nsheets > limits.MAX_SHEETS:
            raise limits.too_many_sheets(self.book.nsheets)
        self.names = [str(name)[:31] for name in self.book.sheet_names()]

    def rows(self, index: int, up_to: int | None = None) -> list[SheetRow]:
        """The sheet's non-blank rows (only those numbered up to `up_to` when given)."""
        try:
            sheet = self.book.sheet_by_index(index)
        except MemoryError:
            raise
        except Exception as exc:
            raise limits.unreadable("a sheet of the .xls workbook is damaged", ".xls 工作簿中有工作表已损坏") from exc
        try:
            return list(_rows(sheet, self.budget, up_to))
        finally:
            self.book.unload_sheet(index)


class _Silent:
    """Where xlrd's warnings about a damaged file go: nowhere (the answer says the file is not readable)."""

    def write(self, text: str) -> int:
        return len(text)


def _unreadable() -> Exception:
    return limits.unreadable("not a readable Excel 97-2003 (.xls) workbook", "无法读取该 Excel 97-2003（.xls）工作簿")


def _rows(sheet: xlrd.sheet.Sheet, budget: Budget, up_to: int | None) -> list[SheetRow]:
    last = sheet.nrows if up_to is None else min(sheet.nrows, up_to)
    if up_to is None and sheet.nrows > limits.MAX_ROWS:
        raise limits.too_many_rows()
    rows = []
    for number in range(last):
        length = sheet.row_len(number)
        if not length:
            continue
        budget.spend_cells(length)
        if length > limits.MAX_COLUMNS and any(
            _value(cell) not in (None, "") for cell in sheet.row_slice(number, limits.MAX_COLUMNS, length)
        ):
            raise limits.too_many_columns()
        cells = tuple(_value(cell) for cell in sheet.row_slice(number, 0, min(length, limits.MAX_COLUMNS)))
        end = len(cells)
        while end and cells[end - 1] in (None, ""):
            end -= 1
        if end:
            rows.append(SheetRow(number + 1, cells[:end]))
    return rows


def _value(cell: xlrd.sheet.Cell) -> CellValue:
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return limits.bounded_text(str(cell.value))
    if cell.ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
        number = float(cell.value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(int(cell.value), "#ERROR")
    return None
