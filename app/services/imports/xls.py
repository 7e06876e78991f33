"""Read a legacy Excel 97-2003 (.xls) workbook with xlrd: every sheet, cells as Excel saved them.

A formula cell holds its computed value (.xls always stores one). Bounds as for
.xlsx (app.services.imports.limits); any file xlrd cannot read is refused (415).
"""

from collections.abc import Iterator

import xlrd

from app.services.imports import limits
from app.services.imports.limits import CellValue
from app.services.imports.sheet import Sheet, SheetRow


def xls_sheets(content: bytes) -> Iterator[Sheet]:
    """The workbook's sheets in order."""
    if len(content) > limits.MAX_XLS_BYTES:
        raise limits.too_large(
            f"an .xls file over {limits.MAX_XLS_BYTES:,} bytes; save it as .xlsx",
            f".xls 文件超过 {limits.MAX_XLS_BYTES:,} 字节，请另存为 .xlsx",
        )
    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True, logfile=_Silent())
    except Exception as exc:  # xlrd raises many kinds on a damaged file; every one means "not readable"
        raise limits.unreadable(
            "not a readable Excel 97-2003 (.xls) workbook", "无法读取该 Excel 97-2003（.xls）工作簿"
        ) from exc
    try:
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except Exception as exc:
                raise limits.unreadable(
                    "a sheet of the .xls workbook is damaged", ".xls 工作簿中有工作表已损坏"
                ) from exc
            yield Sheet(sheet.name[:31], list(_rows(sheet)))
            book.unload_sheet(index)
    finally:
        book.release_resources()


class _Silent:
    """Where xlrd's warnings about a damaged file go: nowhere (the answer says the file is not readable)."""

    def write(self, text: str) -> int:
        return len(text)


def _rows(sheet: xlrd.sheet.Sheet) -> Iterator[SheetRow]:
    if sheet.nrows > limits.MAX_ROWS:
        raise limits.too_many_rows()
    for number in range(sheet.nrows):
        cells = tuple(_value(cell) for cell in sheet.row(number))
        end = len(cells)
        while end and cells[end - 1] in (None, ""):
            end -= 1
        if end > limits.MAX_COLUMNS:
            raise limits.too_many_columns()
        if end:
            yield SheetRow(number + 1, cells[:end])


def _value(cell: xlrd.sheet.Cell) -> CellValue:
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return limits.bounded_text(str(cell.value))
    if cell.ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
        number = float(cell.value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
    return None
