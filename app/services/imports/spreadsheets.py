"""Read an uploaded spreadsheet (CSV or XLSX) into numbered rows of cells (and make text writable to one).

- The file's type is told by its content, not its name: a ZIP is an .xlsx
  workbook (its first sheet is read); Excel 97-2003 .xls and other binary files
  are refused (415) with a word on how to save them instead.
- CSV is UTF-8 (with or without a BOM), or UTF-16 with a BOM (Excel's "Unicode
  text"), or GB18030 (what Excel on Chinese Windows saves); its separator is the
  most frequent of comma, tab and semicolon in the first line.
- Row numbers are the spreadsheet's own, from 1, as the person filling it sees
  them; blank rows are left out; trailing empty cells are dropped.
- At most MAX_ROWS rows and MAX_COLUMNS columns are read: a larger file is refused (413).
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException

from app import errors
from app.i18n import Text

MAX_ROWS = 200_000
MAX_COLUMNS = 64
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
ACCEPTED_SUFFIXES = ("", ".csv", ".txt", ".tsv", ".xlsx")
Cells = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class SheetRow:
    """A non-blank row and its number in the spreadsheet."""

    number: int
    cells: Cells


def writable(value: object) -> object:
    """A value a worksheet cell can hold: text loses the control characters XLSX refuses."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def read_rows(content: bytes, filename: str | None) -> list[SheetRow]:
    """The non-blank rows of a CSV or XLSX file."""
    _check_suffix(filename)
    if content.startswith(XLSX_MAGIC):
        return _collect(_xlsx_rows(content))
    if content.startswith(XLS_MAGIC):
        raise errors.UnsupportedFileType(
            Text(
                "Excel 97-2003 (.xls) files are not read: save the sheet as .xlsx or CSV (UTF-8)",
                "不支持 Excel 97-2003（.xls）文件：请另存为 .xlsx 或 CSV（UTF-8）格式",
            )
        )
    return _collect(_csv_rows(_decode(content)))


def _check_suffix(filename: str | None) -> None:
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise errors.UnsupportedFileType(
            Text(
                f"file: {suffix} files are not read; send .xlsx or .csv",
                f"file：不支持 {suffix} 文件，请上传 .xlsx 或 .csv 文件",
            )
        )


def _xlsx_rows(content: bytes) -> Iterator[Cells]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise errors.UnsupportedFileType(
            Text("file: not a readable .xlsx workbook", "file：无法读取该 .xlsx 工作簿")
        ) from exc
    try:
        yield from workbook.worksheets[0].iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
    finally:
        workbook.close()


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    if b"\x00" in content[:8192]:
        raise errors.UnsupportedFileType(
            Text("file: a binary file that is neither .xlsx nor CSV", "file：既不是 .xlsx 也不是 CSV 的二进制文件")
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise errors.UnsupportedFileType(
            Text("file: the CSV is neither UTF-8 nor GB18030 text", "file：CSV 文件既不是 UTF-8 也不是 GB18030 编码")
        ) from exc


def _csv_rows(text: str) -> Iterator[Cells]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield tuple(record[:MAX_COLUMNS])


def _collect(rows: Iterable[Cells]) -> list[SheetRow]:
    collected = []
    try:
        for number, cells in enumerate(rows, start=1):
            trimmed = _trim(cells)
            if trimmed:
                collected.append(SheetRow(number, trimmed))
            if number > MAX_ROWS:
                raise errors.PayloadTooLarge(
                    Text(
                        f"file: more than {MAX_ROWS:,} rows; split it into smaller files",
                        f"file：超过 {MAX_ROWS:,} 行，请拆分为多个文件",
                    )
                )
    except csv.Error as exc:
        raise errors.UnsupportedFileType(
            Text(f"file: not a readable CSV ({exc})", f"file：无法读取该 CSV 文件（{exc}）")
        ) from exc
    return collected


def _trim(cells: Cells) -> Cells:
    end = len(cells)
    while end and (cells[end - 1] is None or (isinstance(cells[end - 1], str) and not str(cells[end - 1]).strip())):
        end -= 1
    return cells[:end]
