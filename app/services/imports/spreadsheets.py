"""Read an uploaded spreadsheet (.xlsx, .xls or CSV) into its sheets of numbered rows, cheaply and safely.

- The file's type is told by its content, not its name: a ZIP is an .xlsx
  workbook (its directory checked before anything is inflated), an OLE2 file is an
  Excel 97-2003 .xls (read with xlrd); other binary files are refused (415).
- A workbook is read in a worker process (app.services.imports.worker), with a
  memory and CPU limit and a deadline, and within the upload's budget
  (app.services.imports.limits.Budget). Its sheets are read in order, each only as
  far as the rows a header row is looked for in, until the sheet that has one: that
  sheet is read whole, and the sheets after it are never opened.
- CSV is UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's "Unicode
  text"), or GB18030 (what Excel on Chinese Windows saves); its separator is the
  most frequent of comma, tab and semicolon in the first line. It is one sheet,
  named after the file, read in the server's process (the csv module's work is
  linear in the file, which the upload limit bounds).
- Row numbers are the spreadsheet's own, from 1; blank rows are left out; cells
  keep their place from column A (trailing empty cells dropped).
- Bounds (rows, columns, characters a cell) are app.services.imports.limits'; a
  file that is not readable is 415, never a 500.
"""

import csv
import io
from collections.abc import Iterator
from pathlib import PurePath

from app.services.imports import limits
from app.services.imports.limits import CellValue
from app.services.imports.sheet import Sheet, SheetRow
from app.services.imports.workbooks import XLS_MAGIC, XLSX_MAGIC
from app.services.imports.worker import WorkerLimits, read_in_worker

ACCEPTED_SUFFIXES = ("", ".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls")
CSV_FIELD_LIMIT = 1_000_000
LINES_PER_ROW = 4  # a CSV with more line breaks than this many a row allowed is too long, unread


def read_sheets(content: bytes, filename: str | None, bounds: WorkerLimits) -> list[Sheet]:
    """The sheets of a CSV, .xlsx or .xls file, in order (a workbook's up to the one with a header row)."""
    _check_suffix(filename)
    if content.startswith((XLSX_MAGIC, XLS_MAGIC)):
        return read_in_worker(content, bounds)
    return csv_sheets(content, filename)


def _check_suffix(filename: str | None) -> None:
    """Refuse (415) a file named as something the import does not read."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise limits.unreadable(
            f"{suffix[:20]} files are not read; send .xlsx, .xls or .csv",
            f"不支持 {suffix[:20]} 文件，请上传 .xlsx、.xls 或 .csv 文件",
        )


def csv_sheets(content: bytes, filename: str | None) -> list[Sheet]:
    """A CSV file as its one sheet."""
    if content.count(b"\n") > limits.MAX_ROWS * LINES_PER_ROW:
        raise limits.too_many_rows()
    stem = PurePath(filename or "").stem[:31] or "CSV"
    return [Sheet(stem, list(_csv_rows(_decode(content))))]


def _decode(content: bytes) -> str:
    try:
        if content.startswith((b"\xff\xfe", b"\xfe\xff")):
            return content.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise limits.unreadable(
            "the UTF-16 text is damaged (odd length or a lone surrogate)",
            "UTF-16 文本已损坏（长度为奇数或含有孤立代理项）",
        ) from exc
    if b"\x00" in content[:8192]:
        raise limits.unreadable(
            "a binary file that is neither a workbook nor CSV", "既不是工作簿也不是 CSV 的二进制文件"
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise limits.unreadable(
            "the CSV is neither UTF-8 nor GB18030 text", "CSV 文件既不是 UTF-8 也不是 GB18030 编码"
        ) from exc


def _csv_rows(text: str) -> Iterator[SheetRow]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(records, start=1):
            cells = _csv_cells(record)
            if not cells:
                continue
            if number > limits.MAX_ROWS:
                raise limits.too_many_rows()
            yield SheetRow(number, cells)
    except csv.Error as exc:
        raise limits.unreadable(
            f"not a readable CSV ({str(exc)[:80]})", f"无法读取该 CSV 文件（{str(exc)[:80]}）"
        ) from exc


def _csv_cells(record: list[str]) -> tuple[CellValue, ...]:
    end = len(record)
    while end and not record[end - 1].strip():
        end -= 1
    if end > limits.MAX_COLUMNS:
        raise limits.too_many_columns()
    return tuple(limits.bounded_text(value) if value.strip() else None for value in record[:end])
