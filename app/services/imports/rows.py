"""Turn the table's rows into the figures each report is given, or problems that point at the cell.

- The table is found in the workbook (app.services.imports.layout); the archive
  code and the year columns are required, and so are holdings_volumes and
  digitized_volumes when the import replaces whole reports.
- Blank rows are skipped anywhere; so is a footer (填表人, 审核人, ...) and a totals
  row (合计, 小计, 总计), which is checked against the sum of the rows above it: a
  warning when they differ. A row with an archive but no figure at all (a
  template row left unfilled) is skipped.
- Every cell is read (app.services.imports.cells); the year is checked by the
  report rules; an (archive, year) met earlier in the file is a problem.
- Every problem names the sheet and cell as the clerk sees them (年报!D7), the
  clerk's own header, and the value (cut to 60 characters).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.domain.import_columns import COLUMNS_BY_KEY, FIGURE_KEYS, is_footer, totals_word
from app.domain.report_checks import year_problem
from app.domain.report_lifecycle import COUNT_NAMES, Figure
from app.i18n import Text
from app.services.imports import cells as import_cells
from app.services.imports.cells import CellProblem
from app.services.imports.layout import Column, Table, find_table, ignored_warning
from app.services.imports.limits import shown
from app.services.imports.sheet import Sheet, SheetRow, cell_reference

KEY_COLUMNS = ("archive_code", "year")
WHOLE_REPORT_COLUMNS = ("holdings_volumes", "digitized_volumes")


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

    def at(self, key: str, text: Text, code: str, value: object = None, *, quote: bool = True) -> Problem:
        """A problem of this row's cell for `key` (or of its archive code cell when the key has none)."""
        column = key if key in self.cells else "archive_code"
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
}


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
    required = KEY_COLUMNS + (WHOLE_REPORT_COLUMNS if whole_reports else ())
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
    totals = _Totals()
    for row in table.rows:
        kind = _row_kind(row, table)
        if kind == "footer":
            continue
        if kind is not None:
            totals.check(row, kind, table, result)
            continue
        result.rows_read += 1
        report = _read_row(row, table, current_year, result, first_seen)
        if report is not None:
            totals.add(report)


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


def _read_row(
    row: SheetRow, table: Table, current_year: int, result: ReadRows, first_seen: dict[tuple[str, int], int]
) -> ReportRow | None:
    values, problems = _read_cells(row, table)
    if all(values.get(key) is None for key in FIGURE_KEYS) and not problems:
        result.skipped += 1
        return None
    for key in KEY_COLUMNS:
        if values.get(key) is None and not any(problem.column == key for problem in problems):
            text = Text("is empty but required", "为必填项，不能为空")
            problems.append(_where(table, row, key).problem(row.number, key, None, "required", text))
    if not problems:
        year = int(values["year"])  # type: ignore[call-overload]
        out_of_range = year_problem(year, current_year)
        if out_of_range is not None:
            problems.append(
                _where(table, row, "year").problem(row.number, "year", str(year), "year_out_of_range", out_of_range)
            )
    if not problems:
        problems += _repeat_problem(row, table, values, first_seen)
    result.problems += problems
    if problems:
        return None
    report = ReportRow(
        row.number,
        str(values["archive_code"]),
        int(values["year"]),  # type: ignore[call-overload]
        {key: values.get(key) for key in FIGURE_KEYS},  # type: ignore[misc]
        {key: cell_reference(table.sheet, row.number, column.index) for key, column in table.columns.items()},
        {key: column.header for key, column in table.columns.items()},
    )
    result.reports.append(report)
    return report


def _where(table: Table, row: SheetRow, key: str) -> "Where":
    column: Column = table.columns[key]
    return Where(cell_reference(table.sheet, row.number, column.index), column.header)


def _read_cells(row: SheetRow, table: Table) -> tuple[dict[str, object], list[Problem]]:
    values: dict[str, object] = {}
    problems = []
    for key, column in table.columns.items():
        reader = _READERS.get(COLUMNS_BY_KEY[key].kind)
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
    archive_code, year = str(values["archive_code"]), int(values["year"])  # type: ignore[call-overload]
    first = first_seen.setdefault((archive_code, year), row.number)
    if first == row.number:
        return []
    text = Text(
        f"{archive_code} {year} is already in row {first}", f"{archive_code} {year} 年的数据已在第 {first} 行出现"
    )
    return [
        _where(table, row, "archive_code").problem(
            row.number, "archive_code", archive_code, "duplicate_row", text, quote=False
        )
    ]


class _Totals:
    """The sums of the rows read since the last totals row (小计) and since the start (合计, 总计)."""

    def __init__(self) -> None:
        self.since_start: dict[str, int] = {}
        self.since_subtotal: dict[str, int] = {}

    def add(self, report: ReportRow) -> None:
        for key in COUNT_NAMES:
            value = report.figures.get(key)
            if isinstance(value, int):
                self.since_start[key] = self.since_start.get(key, 0) + value
                self.since_subtotal[key] = self.since_subtotal.get(key, 0) + value

    def check(self, row: SheetRow, word: str, table: Table, result: ReadRows) -> None:
        sums = self.since_subtotal if word == "小计" else self.since_start
        for key, column in table.columns.items():
            if key not in COUNT_NAMES or column.index >= len(row.cells):
                continue
            try:
                stated = import_cells.read_count(row.cells[column.index])
            except CellProblem:
                stated = None
            if stated is not None and stated != sums.get(key, 0):
                where = _where(table, row, key)
                result.warnings.append(
                    Text(
                        f"{where.cell} ({where.header}): the {word} row says {stated:,}, the rows above add up to {sums.get(key, 0):,}",
                        f"{where.cell}（{where.header}）：{word}行为 {stated:,}，上方各行之和为 {sums.get(key, 0):,}",
                    )
                )
        if word == "小计":
            self.since_subtotal = {}
