"""Find the table in the workbook the clerk has: the sheet, its header row, and what each column is.

- The sheet is the first whose first HEADER_SCAN_ROWS rows hold a header row (a
  cover or instructions sheet before it, a merged title above it, are passed over).
- A header row names the archive code and at least one other known column
  (app.domain.import_columns.header_key); a second header row right below it (the
  template's row of English keys) is passed over too.
- Columns it does not know are ignored, and named in one warning; a column of last
  year's figures (上年) is ignored silently; a column named twice is a problem.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain.import_columns import HEADER_SCAN_ROWS, header_key, is_previous_year_column
from app.i18n import Text
from app.services.imports.sheet import Sheet, SheetRow, cell_text, column_letters


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


def _is_header(row: SheetRow) -> bool:
    keys = {header_key(text) for text in _texts(row)}
    return "archive_code" in keys and len(keys - {None}) >= 2


def _texts(row: SheetRow) -> list[str]:
    return [text for text in (cell_text(cell) for cell in row.cells) if text is not None]


def _table(sheet: Sheet, position: int) -> Table:
    header = sheet.rows[position]
    rows = sheet.rows[position + 1 :]
    if rows and rows[0].number == header.number + 1 and _all_known(rows[0]):
        rows = rows[1:]
    table = Table(sheet.name, header.number, {}, rows)
    for index, cell in enumerate(header.cells):
        text = cell_text(cell)
        if text is None or is_previous_year_column(text):
            continue
        key = header_key(text)
        text = str(cell).strip()[:60]
        if key is None:
            table.ignored.append(f"{column_letters(index)} “{text[:40]}”")
        elif key in table.columns:
            table.repeated.append(Column(key, index, text))
        else:
            table.columns[key] = Column(key, index, text)
    return table


def _all_known(row: SheetRow) -> bool:
    texts = _texts(row)
    return bool(texts) and all(header_key(text) is not None or is_previous_year_column(text) for text in texts)


def ignored_warning(table: Table) -> Text | None:
    """One warning naming the columns the import does not read."""
    if not table.ignored:
        return None
    names = ", ".join(table.ignored[:20]) + (" …" if len(table.ignored) > 20 else "")
    return Text(
        f"{table.sheet}: columns not read (not known to Lantai): {names}",
        f"{table.sheet}：以下列无法识别，未读取：{names}",
    )
