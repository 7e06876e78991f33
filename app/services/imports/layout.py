"""Find the table in the workbook the clerk has: the sheet, its header row, and what each column is.

- The sheet is the first whose first HEADER_SCAN_ROWS rows hold a header row (a
  cover or instructions sheet before it, a merged title above it, are passed over).
- A header row names the archive (its code, or only its name) and at least one
  other known column (app.domain.import_columns.header_key); a second header row
  right below it (the template's row of English keys) is passed over too.
- A two-level header is read as one: a stem over a row of units (馆藏纸质档案 merged
  over 卷 / 件 / 页) names the columns below it (holdings_volumes, holdings_items, ...).
- A sheet without a year column takes its year from its title (湖南省2025年度…) or
  its name, when they name exactly one year.
- Columns it does not know are ignored, and named in one warning, unless they name
  a figure (卷, 件, 馆藏, 数字化, ...): those stop the import, naming the closest
  known header. A column of last year's figures (上年) is ignored silently; a column
  named twice is a problem.
- A vertical form (a column of 指标 beside a column of 数量) is no table: it is named
  so that the clerk is told to fill the template instead.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain.figures import FIGURE_NAMES
from app.domain.import_columns import (
    HEADER_SCAN_ROWS,
    header_key,
    is_previous_year_column,
    is_unit,
    looks_like_figure,
    stem_key,
)
from app.i18n import Text
from app.services.imports.sheet import Sheet, SheetRow, cell_text, column_letters

IDENTITY_KEYS = ("archive_code", "archive_name")
VERTICAL_NAMES = ("指标", "指标名称", "项目", "统计指标", "统计项目")
VERTICAL_FIGURES = ("数量", "数值", "本年数", "本期数", "数据", "填报数")
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


@dataclass(frozen=True, slots=True)
class Column:
    """A known column: its key, its place (from 0) and the header as the clerk wrote it."""

    key: str
    index: int
    header: str


@dataclass
class Table:
    """The sheet's header row, its known columns, the rows below it, and what was passed over."""

    sheet: str
    header_row: int
    columns: dict[str, Column]
    rows: list[SheetRow]
    ignored: list[str] = field(default_factory=list)
    repeated: list[Column] = field(default_factory=list)
    unknown_figures: list[Column] = field(default_factory=list)  # key: the closest known column's
    passed_over: set[int] = field(default_factory=set)  # columns of last year's figures
    other_headers: dict[int, str] = field(default_factory=dict)  # the columns not read, by place
    title_year: int | None = None


def find_table(sheets: Iterable[Sheet]) -> Table | None:
    """The first sheet's table that has a header row, or None."""
    for sheet in sheets:
        position = header_position(sheet.rows)
        if position is not None:
            return _table(sheet, position)
    return None


def header_position(rows: list[SheetRow]) -> int | None:
    """Where the header row is among a sheet's rows (within its first HEADER_SCAN_ROWS rows), or None."""
    for position, row in enumerate(rows):
        if row.number > HEADER_SCAN_ROWS:
            break
        if _is_header(row):
            return position
    return None


def vertical_form(sheets: Iterable[Sheet]) -> str | None:
    """The name of a sheet laid out as a vertical form (指标 / 数量 columns), or None."""
    for sheet in sheets:
        for row in sheet.rows[:HEADER_SCAN_ROWS]:
            texts = set(_texts(row))
            if texts & set(VERTICAL_NAMES) and texts & set(VERTICAL_FIGURES):
                return sheet.name
    return None


def _is_header(row: SheetRow) -> bool:
    keys = {header_key(text) for text in _texts(row)}
    if "archive_code" in keys:
        return len(keys - {None}) >= 2
    return "archive_name" in keys and bool(keys & set(FIGURE_NAMES))


def _texts(row: SheetRow) -> list[str]:
    return [text for text in (cell_text(cell) for cell in row.cells) if text is not None]


def _table(sheet: Sheet, position: int) -> Table:
    header = sheet.rows[position]
    rows = sheet.rows[position + 1 :]
    units = rows[0] if rows and rows[0].number == header.number + 1 and _all_units(rows[0]) else None
    if units is not None or (rows and rows[0].number == header.number + 1 and _all_known(rows[0])):
        rows = rows[1:]
    table = Table(sheet.name, header.number, {}, rows, title_year=_title_year(sheet, position))
    for index, text, key in _headers(header, units):
        if is_previous_year_column(text):
            table.passed_over.add(index)
        elif key is not None:
            column = Column(key, index, text[:60])
            if key in table.columns:
                table.repeated.append(column)
            else:
                table.columns[key] = column
        elif looks_like_figure(text):
            table.unknown_figures.append(Column("", index, text[:60]))
        else:
            table.ignored.append(f"{column_letters(index)} “{text[:40]}”")
            table.other_headers[index] = text[:60]
    return table


def _headers(header: SheetRow, units: SheetRow | None) -> Iterable[tuple[int, str, str | None]]:
    """Each header cell's place, text and key; under a two-level header, a stem (carried right across the
    cells it is merged over) with the unit below it."""
    stem = None
    width = max(len(header.cells), len(units.cells) if units else 0)
    for index in range(width):
        top = cell_text(header.cells[index]) if index < len(header.cells) else None
        unit = cell_text(units.cells[index]) if units and index < len(units.cells) else None
        stem = top if top is not None else stem
        if unit is not None and stem is not None:
            text = f"{stem}/{unit}"
            yield index, text, stem_key(stem, unit.strip("()（）")) or (header_key(top) if top else None)
        elif top is not None:
            yield index, str(header.cells[index]).strip(), header_key(top)


def _all_known(row: SheetRow) -> bool:
    texts = _texts(row)
    return bool(texts) and all(header_key(text) is not None or is_previous_year_column(text) for text in texts)


def _all_units(row: SheetRow) -> bool:
    texts = _texts(row)
    return bool(texts) and all(is_unit(text) for text in texts)


def _title_year(sheet: Sheet, position: int) -> int | None:
    """The one year the rows above the header (the title) or the sheet's name name, or None."""
    texts = [sheet.name] + [text for row in sheet.rows[:position] for text in _texts(row)]
    years = {int(match) for text in texts for match in _TITLE_YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


def ignored_warning(table: Table) -> Text | None:
    """One warning naming the columns the import does not read."""
    if not table.ignored:
        return None
    names = ", ".join(table.ignored[:20]) + (" …" if len(table.ignored) > 20 else "")
    return Text(
        f"{table.sheet}: columns not read (not known to Lantai): {names}",
        f"{table.sheet}：以下列无法识别，未读取：{names}",
    )
