"""Turn the table's rows into the figures each report is given, or problems that point at the cell.

- The table is found in the workbook (app.services.imports.layout); the archive
  code (or, when the sheet has none, the archive's name: the service finds the
  code) and the year (a column, or the sheet's title) are required, and so are
  the figures a whole report needs (holdings_volumes, digitized_volumes) when the import replaces whole reports.
  A column that names a figure Lantai does not know stops the import.
- Blank rows are skipped anywhere; so is a footer (填表人, 审核人, ...) and a totals
  row (合计, 小计, 总计), which is checked against the sum of the rows above it: a
  warning when they differ. A row with an archive but no figure at all (a
  template row left unfilled) is skipped; a row whose only figures are in columns
  that are not read is a problem, never "a row without data".
- Every cell is read (app.services.imports.cells); the year is checked by the
  report rules; an (archive, year) met earlier in the file is a problem.
- Every problem names the sheet and cell as the clerk sees them (年报!D7), the
  clerk's own header, and the value (cut to 60 characters).
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.domain.figures import FIGURE_NAMES, REQUIRED_NAMES
from app.domain.import_columns import COLUMNS_BY_KEY, closest_header, is_footer, totals_word
from app.domain.report_checks import year_problem
from app.domain.report_lifecycle import Figure
from app.i18n import Text
from app.services.imports import cells as import_cells
from app.services.imports.cells import CellProblem
from app.services.imports.layout import IDENTITY_KEYS, Column, Table, find_table, ignored_warning
from app.services.imports.limits import shown
from app.services.imports.sheet import Sheet, SheetRow, cell_reference
from app.services.imports.totals import Totals


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the file that stops the import, and where it is."""

    row: int | None
    column: str | None
    value: str | None
    code: str
    text: Text
    cell: str | None = None
    header: str | None = None


@dataclass(frozen=True, slots=True)
class ReportRow:
    """A row read and checked: the report it names, the figures it gives (None: blank), and its cells."""

    row: int
    archive_code: str
    year: int
    figures: dict[str, Figure]
    cells: dict[str, str]
    headers: dict[str, str]
    archive_name: str | None = None  # the archive named only by its name ("" its code until it is found)

    def at(self, key: str, text: Text, code: str, value: object = None, *, quote: bool = True) -> Problem:
        """A problem of this row's cell for `key` (or of its archive's cell when the key has none)."""
        column = key if key in self.cells else next(key for key in IDENTITY_KEYS if key in self.cells)
        where = Where(self.cells[column], self.headers[column])
        return where.problem(self.row, column, None if value is None else str(value), code, text, quote=quote)


@dataclass(frozen=True, slots=True)
class Where:
    """A cell as the clerk sees it: its reference and the header above it."""

    cell: str
    header: str

    def problem(
        self, row: int | None, column: str | None, value: str | None, code: str, text: Text, *, quote: bool = True
    ) -> Problem:
        quoted = None if value is None else shown(value)
        said = text if quoted is None or not quote else Text(f"{quoted!r} {text.en}", f"“{quoted}”{text.zh}")
        located = Text(f"{self.cell} ({self.header}): {said.en}", f"{self.cell}（{self.header}）：{said.zh}")
        return Problem(row, column, quoted, code, located, self.cell, self.header)


@dataclass
class ReadRows:
    """What the file holds: reports, rows skipped, problems and warnings."""

    rows_read: int = 0
    skipped: int = 0
    reports: list[ReportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)


_READERS: dict[str, Callable[[object], object]] = {
    "code": lambda value: import_cells.read_code(value, import_cells.MAX_CODE_LENGTH),
    "year": import_cells.read_year,
    "count": import_cells.read_count,
    "decimal": import_cells.read_decimal,
    "text": lambda value: import_cells.read_text(value, import_cells.MAX_NOTE_LENGTH),
    "label": lambda value: import_cells.read_code(value, import_cells.MAX_NAME_LENGTH),
}
_NUMBER = re.compile(r"\+?\d[\d,\s]*(?:\.\d+)?")


def read_report_rows(sheets: Iterable[Sheet], current_year: int, *, whole_reports: bool) -> ReadRows | None:
    """The reports the file's table gives and every problem in it; None when no sheet has a header row."""
    table = find_table(sheets)
    if table is None:
        return None
    result = ReadRows()
    warning = ignored_warning(table)
    if warning is not None:
        result.warnings.append(warning)
    _header_problems(table, whole_reports, result)
    if result.problems:
        return result
    _read_body(table, current_year, result)
    return result


def _header_problems(table: Table, whole_reports: bool, result: ReadRows) -> None:
    for column in table.repeated:
        where = Where(cell_reference(table.sheet, table.header_row, column.index), column.header)
        text = Text("the column appears twice", "该列出现了两次")
        result.problems.append(where.problem(table.header_row, column.key, None, "duplicate_column", text))
    for column in table.unknown_figures:
        where = Where(cell_reference(table.sheet, table.header_row, column.index), column.header)
        closest = closest_header(column.header)
        text = Text(
            f"names a figure Lantai does not know; the closest known header is “{closest}”: "
            "rename the column to it, or remove the column",
            f"是无法识别的数据列，最接近的已知表头为“{closest}”：请改为该表头，或删除此列",
        )
        result.problems.append(where.problem(table.header_row, None, None, "unknown_column", text))
    required = (
        _identity(table),
        *(() if table.title_year is not None else ("year",)),
        *(REQUIRED_NAMES if whole_reports else ()),
    )
    for key in required:
        if key not in table.columns:
            label = COLUMNS_BY_KEY[key].label_zh
            text = Text(
                f"{table.sheet}, row {table.header_row}: no column {label} ({key})",
                f"{table.sheet} 第 {table.header_row} 行：缺少“{label}”列",
            )
            result.problems.append(Problem(table.header_row, key, None, "missing_column", text))


def _read_body(table: Table, current_year: int, result: ReadRows) -> None:
    first_seen: dict[tuple[str, int], int] = {}
    totals = Totals()
    for row in table.rows:
        kind = _row_kind(row, table)
        if kind == "footer":
            continue
        if kind is not None:
            totals.check(row, kind, table, result.warnings)
            continue
        result.rows_read += 1
        report = _read_row(row, table, current_year, result, first_seen)
        if report is not None:
            totals.add(report.figures)


def _row_kind(row: SheetRow, table: Table) -> str | None:
    """ "footer", a totals word, or None for a data row."""
    keyed = {
        column.index
        for column in table.columns.values()
        if COLUMNS_BY_KEY[column.key].kind in ("count", "decimal", "year", "text")
    }
    for index, cell in enumerate(row.cells):
        text = cell if isinstance(cell, str) and index not in keyed else None
        if text is None:
            continue
        word = totals_word(text)
        if word is not None:
            return word
        if is_footer(text):
            return "footer"
    return None


def _identity(table: Table) -> str:
    """The column that names the row's archive: its code, or only its name."""
    names_only = "archive_name" in table.columns and "archive_code" not in table.columns
    return "archive_name" if names_only else "archive_code"


def _read_row(
    row: SheetRow, table: Table, current_year: int, result: ReadRows, first_seen: dict[tuple[str, int], int]
) -> ReportRow | None:
    values, problems = _read_cells(row, table)
    if all(values.get(key) is None for key in FIGURE_NAMES) and not problems:
        unread = _unread_figure(row, table)
        if unread is None:
            result.skipped += 1
            return None
        problems.append(unread)
    identity = _identity(table)
    if "year" not in table.columns:
        values["year"] = table.title_year
    for key in (identity, "year"):
        if values.get(key) is None and key in table.columns and not any(p.column == key for p in problems):
            text = Text("is empty but required", "为必填项，不能为空")
            problems.append(_where(table, row, key).problem(row.number, key, None, "required", text))
    if not problems:
        year = int(values["year"])  # type: ignore[call-overload]
        out_of_range = year_problem(year, current_year)
        if out_of_range is not None:
            where = _where(table, row, "year" if "year" in table.columns else identity)
            problems.append(where.problem(row.number, "year", str(year), "year_out_of_range", out_of_range))
    if not problems:
        problems += _repeat_problem(row, table, values, first_seen)
    result.problems += problems
    if problems:
        return None
    report = ReportRow(
        row.number,
        str(values.get("archive_code") or ""),
        int(values["year"]),  # type: ignore[call-overload]
        {key: values.get(key) for key in FIGURE_NAMES},  # type: ignore[misc]
        {key: cell_reference(table.sheet, row.number, column.index) for key, column in table.columns.items()},
        {key: column.header for key, column in table.columns.items()},
        None if identity == "archive_code" else str(values["archive_name"]),
    )
    result.reports.append(report)
    return report


def _unread_figure(row: SheetRow, table: Table) -> Problem | None:
    """A problem at the first number of a row that has numbers only in columns the import does not read."""
    read = {column.index for column in table.columns.values()} | table.passed_over
    for index, cell in enumerate(row.cells):
        if index in read or not _is_number(cell):
            continue
        header = table.other_headers.get(index, "")
        where = Where(cell_reference(table.sheet, row.number, index), header or "—")
        text = Text(
            "is a figure in a column Lantai does not read, and the row has no figure it reads: "
            "give the column a known header",
            "是无法识别的列中的数据，而该行没有可读取的数据：请为该列使用已知表头",
        )
        return where.problem(row.number, None, str(cell), "figure_not_read", text)
    return None


def _is_number(cell: object) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, (int, float)):
        return True
    return isinstance(cell, str) and _NUMBER.fullmatch(unicodedata.normalize("NFKC", cell).strip()) is not None


def _where(table: Table, row: SheetRow, key: str) -> "Where":
    column: Column = table.columns[key]
    return Where(cell_reference(table.sheet, row.number, column.index), column.header)


def _read_cells(row: SheetRow, table: Table) -> tuple[dict[str, object], list[Problem]]:
    values: dict[str, object] = {}
    problems = []
    for key, column in table.columns.items():
        kind = COLUMNS_BY_KEY[key].kind
        reader = _READERS.get(kind) if kind != "label" or _identity(table) == key else None
        if reader is None:
            continue
        cell = row.cells[column.index] if column.index < len(row.cells) else None
        try:
            values[key] = reader(cell)
        except CellProblem as problem:
            value = None if cell is None else str(cell)
            problems.append(_where(table, row, key).problem(row.number, key, value, problem.code, problem.text))
    return values, problems


def _repeat_problem(
    row: SheetRow, table: Table, values: dict[str, object], first_seen: dict[tuple[str, int], int]
) -> list[Problem]:
    identity = _identity(table)
    archive, year = str(values[identity]), int(values["year"])  # type: ignore[call-overload]
    first = first_seen.setdefault((archive, year), row.number)
    if first == row.number:
        return []
    text = Text(f"{archive} {year} is already in row {first}", f"{archive} {year} 年的数据已在第 {first} 行出现")
    return [_where(table, row, identity).problem(row.number, identity, archive, "duplicate_row", text, quote=False)]
