"""Turn a spreadsheet's rows into yearly reports to write, or problems in plain words.

- The header is the first non-blank row; a second header row right below it (the
  template's row of English keys under the Chinese labels) is skipped.
- A header names a column by its key or its Chinese label, ignoring case, spaces,
  full-width forms and a unit in brackets ("馆藏案卷数（卷）" is holdings_volumes);
  a cell holding both ("馆藏案卷数 holdings_volumes") names it too.
- Unknown, repeated and missing required columns are problems of the header row.
- A data row with no figure at all (a template row left unfilled) is skipped.
- Every cell is read (app.services.imports.cells); the year and the figures are then
  checked by the same rules as a single report (app.domain.report_checks), and an
  (archive, year) already met earlier in the file is a problem.
- Every problem names the spreadsheet row, the column key, the value and what is wrong.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from app.domain.import_columns import COLUMNS, COLUMNS_BY_KEY, FIGURE_KEYS, REQUIRED_KEYS
from app.domain.report_checks import figures_problems, year_problem
from app.i18n import Text
from app.models.report import ReportFigures
from app.services.imports import cells as import_cells
from app.services.imports.cells import CellProblem
from app.services.imports.spreadsheets import SheetRow


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the file that stops the import."""

    row: int | None
    column: str | None
    value: str | None
    code: str
    text: Text


@dataclass(frozen=True, slots=True)
class ReportRow:
    """A row read and checked: the report it asks for."""

    row: int
    archive_code: str
    year: int
    figures: dict[str, object]


@dataclass
class ReadRows:
    """What the file holds: reports to write, rows skipped, and problems."""

    rows_read: int = 0
    skipped: int = 0
    reports: list[ReportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _normalized(header: str) -> str:
    text = unicodedata.normalize("NFKC", header).casefold()
    return re.sub(r"\s+", "", re.sub(r"\([^)]*\)\s*$", "", text.strip()))


_ALIASES = {_normalized(name): column.key for column in COLUMNS for name in (column.key, column.label_zh)}

_READERS: dict[str, Callable[[object], object]] = {
    "code": lambda value: import_cells.read_text(value, import_cells.MAX_CODE_LENGTH),
    "year": import_cells.read_year,
    "count": import_cells.read_count,
    "decimal": import_cells.read_decimal,
    "text": lambda value: import_cells.read_text(value, import_cells.MAX_NOTE_LENGTH),
}


def column_key(header: object) -> str | None:
    """The key of the column a header names, or None."""
    text = import_cells.cell_text(header)
    if text is None:
        return None
    key = _ALIASES.get(_normalized(text))
    if key is None:
        keys = {_ALIASES.get(_normalized(part)) for part in re.split(r"[\s/|]+", text) if part}
        key = keys.pop() if len(keys) == 1 else None
    return key


def read_report_rows(rows: Sequence[SheetRow], current_year: int) -> ReadRows:
    """The reports the rows ask for, and every problem in them."""
    result = ReadRows()
    header, *data = rows
    columns = _header_columns(header, result.problems)
    if data and _is_header(data[0]):
        data = data[1:]
    missing = [key for key in REQUIRED_KEYS if key not in columns.values()]
    for key in missing:
        result.problems.append(
            Problem(
                header.number,
                key,
                None,
                "missing_column",
                _at(header.number, key, Text("required column is missing", "缺少必填列")),
            )
        )
    if missing:
        return result
    first_seen: dict[tuple[str, int], int] = {}
    for row in data:
        result.rows_read += 1
        _read_row(row, columns, current_year, result, first_seen)
    return result


def _header_columns(header: SheetRow, problems: list[Problem]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, cell in enumerate(header.cells):
        text = import_cells.cell_text(cell)
        if text is None:
            continue
        key = column_key(cell)
        if key is None:
            problems.append(
                Problem(
                    header.number,
                    text,
                    text,
                    "unknown_column",
                    _at(header.number, text, Text("unknown column", "无法识别的列名")),
                )
            )
        elif key in columns.values():
            problems.append(
                Problem(
                    header.number,
                    key,
                    text,
                    "duplicate_column",
                    _at(header.number, key, Text("the column appears twice", "该列出现了两次")),
                )
            )
        else:
            columns[index] = key
    return columns


def _is_header(row: SheetRow) -> bool:
    texts = [cell for cell in row.cells if import_cells.cell_text(cell) is not None]
    return bool(texts) and all(column_key(cell) is not None for cell in texts)


def _read_row(
    row: SheetRow, columns: dict[int, str], current_year: int, result: ReadRows, first_seen: dict[tuple[str, int], int]
) -> None:
    values, problems = _read_cells(row, columns)
    if all(values.get(key) is None for key in FIGURE_KEYS) and not problems:
        result.skipped += 1
        return
    unreadable = {problem.column for problem in problems}
    problems += [problem for problem in _missing_required(row.number, values) if problem.column not in unreadable]
    if not problems:
        problems += _rule_problems(row.number, values, current_year)
    if not problems:
        problems += _repeat_problem(row.number, values, first_seen)
    figures: dict[str, object] = {}
    if not problems:
        figures, problems = _as_report(row.number, values)
    result.problems += problems
    if not problems:
        result.reports.append(ReportRow(row.number, str(values["archive_code"]), int(values["year"]), figures))


def _read_cells(row: SheetRow, columns: dict[int, str]) -> tuple[dict[str, object], list[Problem]]:
    values: dict[str, object] = {}
    problems = []
    for index, key in columns.items():
        reader = _READERS.get(COLUMNS_BY_KEY[key].kind)
        if reader is None:
            continue
        cell = row.cells[index] if index < len(row.cells) else None
        try:
            values[key] = reader(cell)
        except CellProblem as problem:
            shown = import_cells.cell_text(cell)
            text = _at(row.number, key, Text(f"{shown!r} {problem.text.en}", f"“{shown}”{problem.text.zh}"))
            problems.append(Problem(row.number, key, shown, problem.code, text))
    return values, problems


def _missing_required(number: int, values: dict[str, object]) -> list[Problem]:
    return [
        Problem(number, key, None, "required", _at(number, key, Text("is empty but required", "为必填项，不能为空")))
        for key in REQUIRED_KEYS
        if values.get(key) is None
    ]


def _rule_problems(number: int, values: dict[str, object], current_year: int) -> list[Problem]:
    year = int(values["year"])  # type: ignore[call-overload]
    problems = []
    out_of_range = year_problem(year, current_year)
    if out_of_range is not None:
        problems.append(Problem(number, "year", str(year), "year_out_of_range", _prefixed(number, out_of_range)))
    for key, text in figures_problems(values):
        problems.append(Problem(number, key, str(values[key]), "digitized_exceeds_holdings", _prefixed(number, text)))
    return problems


def _as_report(number: int, values: dict[str, object]) -> tuple[dict[str, object], list[Problem]]:
    """The figures as the report schema keeps them (the same bounds as a single PUT)."""
    try:
        return ReportFigures.model_validate({key: values.get(key) for key in FIGURE_KEYS}).model_dump(), []
    except ValidationError as exc:
        error = exc.errors()[0]
        key = str(error["loc"][0]) if error["loc"] else "row"
        text = _at(number, key, Text(str(error["msg"]), str(error["msg"])))
        return {}, [Problem(number, key, import_cells.cell_text(values.get(key)), "invalid", text)]


def _repeat_problem(number: int, values: dict[str, object], first_seen: dict[tuple[str, int], int]) -> list[Problem]:
    archive_code, year = str(values["archive_code"]), int(values["year"])  # type: ignore[call-overload]
    first = first_seen.setdefault((archive_code, year), number)
    if first == number:
        return []
    text = Text(
        f"{archive_code} {year} is already in row {first}", f"{archive_code} {year} 年的数据已在第{first}行出现"
    )
    return [Problem(number, "archive_code", archive_code, "duplicate_row", _at(number, "archive_code", text))]


def _at(number: int, column: str, text: Text) -> Text:
    return Text(f"row {number}, {column}: {text.en}", f"第{number}行，{column}：{text.zh}")


def _prefixed(number: int, text: Text) -> Text:
    return Text(f"row {number}, {text.en}", f"第{number}行，{text.zh}")
