"""Read an .xlsx workbook's sheets, streaming, after checking its ZIP directory (app.services.imports.limits).

- The sheets come in the workbook's order, each with its name; a sheet is parsed
  only when asked for, and only as far as asked (the rows a header is looked for in).
- Every part goes through app.services.imports.xml_parts: no DTD, no tree kept,
  every byte, element, cell and shared string spent from the upload's budget.
- A cell is read as Excel saved it: a shared or inline string, a number, a
  boolean, an error text (#DIV/0!); a formula by its cached value, or UNCOMPUTED
  when the file was saved without one (no value, or an empty one: `<f>…</f><v/>`,
  as openpyxl writes it), and always when the workbook says its values are to be
  computed on opening (`fullCalcOnLoad`, as libraries write it: the cached values
  are not the formulas'). Numbers keep their exact text (int when whole).
- Row and column numbers are the cells' own references (D7), so gaps are kept.
- The sheet's declared used range (`<dimension ref="A1:H30"/>`) is checked against
  the row and column bounds before its rows are read.
"""

import re
import zipfile

from app.services.imports import limits
from app.services.imports.limits import BoundedText, Budget, CellValue
from app.services.imports.sheet import SheetRow
from app.services.imports.xml_parts import Enough, PartReader, attribute, parse_part

_REFERENCE = re.compile(r"([A-Z]{1,4})(\d{1,7})$")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
SCAN_ELEMENTS = 30_000  # the start of a sheet, where a header row is looked for, is far smaller (20 rows)


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


class XlsxBook:
    """An .xlsx workbook whose directory was checked: its sheets' names, and each sheet's rows when asked."""

    def __init__(self, archive: zipfile.ZipFile, budget: Budget) -> None:
        self.archive = archive
        self.budget = budget
        names = set(archive.namelist())
        for required in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if required not in names:
                raise limits.unreadable(f"not an Excel workbook (no {required})", "不是 Excel 工作簿")
        relationships = _Relationships(budget)
        parse_part(archive, "xl/_rels/workbook.xml.rels", relationships)
        listing = _SheetList(budget)
        parse_part(archive, "xl/workbook.xml", listing)
        self.formulas_computed = not listing.computed_on_load
        self.sheets = [
            (name, path)
            for name, relationship in listing.sheets
            if (path := _part_path(relationships.targets.get(relationship, ""))) in names
        ]
        self.names = [name for name, _ in self.sheets]
        self._shared: list[str | limits.LongText] | None = None
        self._has_shared = "xl/sharedStrings.xml" in names

    def rows(self, index: int, up_to: int | None = None) -> list[SheetRow]:
        """The sheet's non-blank rows (only those numbered up to `up_to` when given)."""
        if self._shared is None:
            strings = _SharedStrings(self.budget)
            if self._has_shared:
                parse_part(self.archive, "xl/sharedStrings.xml", strings)
            self._shared = strings.strings
        reader = _SheetReader(self.budget, self._shared, self.formulas_computed, up_to)
        parse_part(self.archive, self.sheets[index][1], reader)
        return reader.rows


def _part_path(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


class _Relationships(PartReader):
    def __init__(self, budget: Budget) -> None:
        super().__init__(budget)
        self.targets: dict[str, str] = {}

    def opened(self, name: str, attributes: list[str]) -> None:
        if name == "Relationship":
            self.targets[attribute(attributes, "Id") or ""] = attribute(attributes, "Target") or ""


class _SheetList(PartReader):
    def __init__(self, budget: Budget) -> None:
        super().__init__(budget)
        self.sheets: list[tuple[str, str]] = []
        self.computed_on_load = False

    def opened(self, name: str, attributes: list[str]) -> None:
        if name == "sheet":
            self.sheets.append(((attribute(attributes, "name") or "?")[:31], attribute(attributes, "id") or ""))
            if len(self.sheets) > limits.MAX_SHEETS:
                raise limits.too_many_sheets(len(self.sheets))
        elif name == "calcPr":
            self.computed_on_load = attribute(attributes, "fullCalcOnLoad") in ("1", "true")


class _SharedStrings(PartReader):
    """Each string item's text (its <t>, or its rich-text runs' <t>s; phonetic runs left out), bounded as read."""

    def __init__(self, budget: Budget) -> None:
        super().__init__(budget)
        self.strings: list[str | limits.LongText] = []
        self.item: BoundedText | None = None
        self.capture: BoundedText | None = None
        self.phonetic = False

    def opened(self, name: str, _attributes: list[str]) -> None:
        if name == "si":
            self.item = BoundedText()
        elif name == "t" and not self.phonetic:
            self.capture = self.item
        elif name == "rPh":
            self.phonetic = True

    def data(self, text: str) -> None:
        if self.capture is not None:
            self.capture.add(text)

    def closed(self, name: str) -> None:
        if name == "t":
            self.capture = None
        elif name == "rPh":
            self.phonetic = False
        elif name == "si" and self.item is not None:
            self.budget.spend_shared_string(min(self.item.length, limits.MAX_CELL_CHARACTERS))
            self.strings.append(self.item.value())
            self.item = None


class _Cell:
    """The cell being read: its column, type, whether it has a formula, and its text (bounded)."""

    __slots__ = ("column", "formula", "inline", "kind", "reference", "value")

    def __init__(self, column: int, kind: str, reference: str) -> None:
        self.column = column
        self.kind = kind
        self.reference = reference
        self.formula = False
        self.value: BoundedText | None = None
        self.inline: BoundedText | None = None


class _SheetReader(PartReader):
    """A worksheet's rows, a cell at a time: nothing is kept but the row being read and the rows read."""

    def __init__(
        self, budget: Budget, shared: list[str | limits.LongText], formulas_computed: bool, up_to: int | None
    ) -> None:
        super().__init__(budget)
        self.shared = shared
        self.formulas_computed = formulas_computed
        self.up_to = up_to
        if up_to is not None:
            self.element_cap = SCAN_ELEMENTS
        self.rows: list[SheetRow] = []
        self.row_elements = 0
        self.number = 0
        self.values: dict[int, CellValue] = {}
        self.column = 0
        self.cell: _Cell | None = None
        self.capture: BoundedText | None = None
        self.phonetic = False

    def opened(self, name: str, attributes: list[str]) -> None:
        if name == "c":
            reference = attribute(attributes, "r") or ""
            match = _REFERENCE.match(reference)
            self.column = _column_number(match.group(1)) if match else self.column + 1
            self.budget.spend_cell()
            self.cell = _Cell(self.column, attribute(attributes, "t") or "n", reference[:12] or "?")
        elif name == "v" and self.cell is not None:
            self.capture = self.cell.value = BoundedText()
        elif name == "f" and self.cell is not None:
            self.cell.formula = True
        elif name == "is" and self.cell is not None:
            self.cell.inline = BoundedText()
        elif name == "t" and self.cell is not None and not self.phonetic:
            self.capture = self.cell.inline
        elif name == "rPh":
            self.phonetic = True
        elif name == "row":
            self._open_row(attribute(attributes, "r"))
        elif name == "dimension":
            _check_dimension(attribute(attributes, "ref") or "")

    def over_cap(self) -> Exception:
        return limits.too_large(
            f"a sheet holds more than {SCAN_ELEMENTS:,} XML elements before its row {self.up_to}",
            f"有工作表在第 {self.up_to} 行之前包含超过 {SCAN_ELEMENTS:,} 个 XML 元素",
        )

    def data(self, text: str) -> None:
        if self.capture is not None:
            self.capture.add(text)

    def closed(self, name: str) -> None:
        if name in ("v", "t"):
            self.capture = None
        elif name == "c" and self.cell is not None:
            self._close_cell(self.cell)
            self.cell = None
        elif name == "rPh":
            self.phonetic = False
        elif name == "row":
            self._close_row()

    def _open_row(self, reference: str | None) -> None:
        self.row_elements += 1
        if self.row_elements > limits.MAX_ROWS:
            raise limits.too_many_rows()
        self.number = _int(reference, self.number + 1)
        if self.up_to is not None and self.number > self.up_to:
            raise Enough
        self.values = {}
        self.column = 0

    def _close_cell(self, cell: _Cell) -> None:
        value = _cell_value(cell, self.shared, self.formulas_computed)
        if value is None or value == "":
            return
        if cell.column > limits.MAX_COLUMNS:
            raise limits.too_many_columns()
        self.values[cell.column] = value

    def _close_row(self) -> None:
        values = self.values
        if not values:
            return
        if self.number > limits.MAX_ROWS:
            raise limits.too_many_rows()
        self.rows.append(SheetRow(self.number, tuple(values.get(index) for index in range(1, max(values) + 1))))
        self.values = {}


def _check_dimension(reference: str) -> None:
    """Refuse (413) a sheet whose declared used range passes the row or column bound."""
    match = _REFERENCE.match(reference.rsplit(":", 1)[-1])
    if match is None:
        return
    rows, columns = int(match.group(2)), _column_number(match.group(1))
    if rows > limits.MAX_ROWS or columns > limits.MAX_COLUMNS:
        raise limits.too_large(
            f"a sheet declares its used range as {reference[:30]}, past {limits.MAX_ROWS:,} rows or "
            f"{limits.MAX_COLUMNS} columns; delete the empty rows and columns around the table",
            f"有工作表声明的使用范围为 {reference[:30]}，超过 {limits.MAX_ROWS:,} 行或 {limits.MAX_COLUMNS} 列；"
            "请删除表格周围的空行和空列",
        )


def _cell_value(cell: _Cell, shared: list[str | limits.LongText], formulas_computed: bool) -> CellValue:
    if cell.kind == "inlineStr":
        return None if cell.inline is None else cell.inline.value()
    text = None if cell.value is None else cell.value.value()
    if cell.formula and (not formulas_computed or text is None or (text == "" and cell.kind != "str")):
        return limits.UNCOMPUTED
    if not text:
        return None
    if isinstance(text, limits.LongText):
        return text
    if cell.kind == "s":
        index = _int(text, -1)
        if not 0 <= index < len(shared):
            raise limits.unreadable(
                f"cell {cell.reference} names a missing shared string",
                f"单元格 {cell.reference} 引用了不存在的共享字符串",
            )
        return shared[index]
    if cell.kind == "b":
        return text.strip() == "1"
    if cell.kind in ("str", "e"):
        return text
    return _number(text)


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
