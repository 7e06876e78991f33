"""Read an .xlsx workbook's sheets, streaming, after checking its ZIP directory (app.services.imports.limits).

- The sheets come in the workbook's order, each with its name; a sheet is parsed
  only when asked for (a cover sheet first costs one small parse).
- A cell is read as Excel saved it: a shared or inline string, a number, a
  boolean, an error text (#DIV/0!); a formula by its cached value, or UNCOMPUTED
  when the file was saved without one. Numbers keep their exact text (int when whole).
- Row and column numbers are the cells' own references (D7), so gaps are kept.
- A document type declaration (entities) is refused: no spreadsheet needs one.
"""

import re
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element, iterparse

from app.errors import AppError
from app.services.imports import limits
from app.services.imports.limits import CellValue
from app.services.imports.sheet import Sheet, SheetRow

_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REFERENCE = re.compile(r"([A-Z]{1,4})(\d{1,7})$")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def check_directory(archive: zipfile.ZipFile) -> None:
    """Refuse (413) a workbook whose parts are too many or inflate too much, before decompressing any."""
    entries = archive.infolist()
    if len(entries) > limits.MAX_PARTS:
        raise limits.too_large(
            f"the workbook has more than {limits.MAX_PARTS} parts", f"工作簿包含超过 {limits.MAX_PARTS} 个部件"
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > limits.MAX_PART_BYTES or (
            entry.file_size > limits.RATIO_CHECKED_FROM_BYTES and ratio > limits.MAX_COMPRESSION_RATIO
        ):
            raise limits.too_large(
                f"the part {entry.filename[:60]} would inflate to {entry.file_size:,} bytes (ratio {ratio:,.0f})",
                f"部件 {entry.filename[:60]} 解压后为 {entry.file_size:,} 字节（压缩比 {ratio:,.0f}）",
            )
    if total > limits.MAX_WORKBOOK_BYTES:
        raise limits.too_large(f"the workbook would inflate to {total:,} bytes", f"工作簿解压后为 {total:,} 字节")


def xlsx_sheets(archive: zipfile.ZipFile) -> Iterator[Sheet]:
    """The workbook's sheets in order (the directory already checked)."""
    names = set(archive.namelist())
    targets = _relationships(archive)
    shared: list[str | limits.LongText] | None = None
    for name, relationship in _sheet_list(archive):
        path = _part_path(targets.get(relationship, ""))
        if path not in names:
            continue
        if shared is None:
            shared = _shared_strings(archive) if "xl/sharedStrings.xml" in names else []
        yield Sheet(name, list(_sheet_rows(archive, path, shared)))


def _part_path(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _elements(archive: zipfile.ZipFile, part: str) -> Iterator[Element]:
    """Each element of a part as it ends; a part with a DTD or bad XML is refused (415)."""
    try:
        with archive.open(part) as stream:
            _refuse_doctype(stream)
        with archive.open(part) as stream:
            for _, element in iterparse(stream, events=("end",)):
                yield element
    except AppError:
        raise
    except Exception as exc:  # bad XML, a damaged or encrypted part, bad compressed data: all "not readable"
        raise limits.unreadable(f"{part[:60]} is not readable", f"{part[:60]} 无法读取") from exc


def _refuse_doctype(stream: IO[bytes]) -> None:
    head = stream.read(4096)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise limits.unreadable("the workbook declares a document type (refused)", "工作簿含有文档类型声明（拒绝读取）")


def _relationships(archive: zipfile.ZipFile) -> dict[str, str]:
    if "xl/_rels/workbook.xml.rels" not in archive.namelist():
        raise limits.unreadable("not an Excel workbook (no xl/_rels/workbook.xml.rels)", "不是 Excel 工作簿")
    return {
        element.get("Id", ""): element.get("Target", "")
        for element in _elements(archive, "xl/_rels/workbook.xml.rels")
        if _local(element.tag) == "Relationship"
    }


def _sheet_list(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    if "xl/workbook.xml" not in archive.namelist():
        raise limits.unreadable("not an Excel workbook (no xl/workbook.xml)", "不是 Excel 工作簿")
    return [
        (element.get("name", "?")[:31], element.get(_RELATIONSHIP, ""))
        for element in _elements(archive, "xl/workbook.xml")
        if _local(element.tag) == "sheet"
    ]


def _shared_strings(archive: zipfile.ZipFile) -> list[str | limits.LongText]:
    strings: list[str | limits.LongText] = []
    for element in _elements(archive, "xl/sharedStrings.xml"):
        if _local(element.tag) == "si":
            strings.append(limits.bounded_text(_text_of(element)))
            element.clear()
    return strings


def _text_of(element: Element) -> str:
    """The text of a string item: its <t>, or its rich-text runs' <t>s (phonetic runs left out)."""
    parts = []
    for child in element.iter():
        if _local(child.tag) == "rPh":
            break
        if _local(child.tag) == "t" and child.text:
            parts.append(child.text)
    return "".join(parts)


def _sheet_rows(archive: zipfile.ZipFile, part: str, shared: list[str | limits.LongText]) -> Iterator[SheetRow]:
    number = 0
    for element in _elements(archive, part):
        if _local(element.tag) != "row":
            continue
        number = _int(element.get("r"), number + 1)
        if number > limits.MAX_ROWS:
            if any(len(cell) for cell in element):
                raise limits.too_many_rows()
            continue
        cells = _row_cells(element, shared)
        element.clear()
        if cells:
            yield SheetRow(number, cells)


def _row_cells(row: Element, shared: list[str | limits.LongText]) -> tuple[CellValue, ...]:
    values: dict[int, CellValue] = {}
    column = 0
    for cell in row:
        if _local(cell.tag) != "c":
            continue
        match = _REFERENCE.match(cell.get("r", ""))
        column = _column_number(match.group(1)) if match else column + 1
        value = _cell_value(cell, shared)
        if value is None or value == "":
            continue
        if column > limits.MAX_COLUMNS:
            raise limits.too_many_columns()
        values[column] = value
    if not values:
        return ()
    return tuple(values.get(index) for index in range(1, max(values) + 1))


def _cell_value(cell: Element, shared: list[str | limits.LongText]) -> CellValue:
    kind = cell.get("t", "n")
    children = {_local(child.tag): child for child in cell}
    if kind == "inlineStr":
        inline = children.get("is")
        return None if inline is None else limits.bounded_text(_text_of(inline))
    if "v" not in children:
        return limits.UNCOMPUTED if "f" in children else None
    raw = children["v"].text
    if not raw:
        return None
    if len(raw) > limits.MAX_CELL_CHARACTERS:
        return limits.LongText(raw)
    if kind == "s":
        index = _int(raw, -1)
        if not 0 <= index < len(shared):
            raise limits.unreadable(
                f"cell {cell.get('r', '?')} names a missing shared string",
                f"单元格 {cell.get('r', '?')} 引用了不存在的共享字符串",
            )
        return shared[index]
    if kind == "b":
        return raw.strip() == "1"
    if kind in ("str", "e"):
        return raw
    return _number(raw)


def _number(raw: str) -> CellValue:
    """A number cell as int when whole, else float; text that is no number is kept as text (the reader says so)."""
    text = raw.strip()
    if not _NUMBER.match(text):
        return text
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    number = float(text)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _int(text: str | None, default: int) -> int:
    return int(text) if text is not None and text.isdigit() and len(text) < 10 else default
