"""What every printed workbook shares: a title block, one header row of words, a named totals
row, and a print set-up a bureau can use as it comes.

- Rows 1-2: the title (what, the round or the plan, the year) and the line under it (the
  scope and the date of the export); row 3 blank; row HEADER_ROW: the column labels in
  words (never the English keys: those are the CSV's); then the data; last, the totals row,
  its first cell named (合计 / Total).
- A4, landscape when the table is wide (more than PORTRAIT_MAX_WIDTH characters), fitted to
  one page wide and as many pages long as it takes, the header row printed on every page,
  frozen under the header, with an autofilter over the table.
- Column widths fit their longest cell (a Chinese character counts twice), within
  [MIN_WIDTH, MAX_WIDTH]; longer text wraps, so no name is cut.
"""

import unicodedata
from collections.abc import Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from app.i18n import Text
from app.present.safe_cells import append_as_text

HEADER_ROW = 4
MIN_WIDTH, MAX_WIDTH = 6, 60
PORTRAIT_MAX_WIDTH = 100  # characters of column width that still print legibly on A4 upright
TOTAL = Text("Total", "合计")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_title(sheet: Worksheet, heading: str, subtitle: str) -> None:
    """The title block above the header row."""
    append_as_text(sheet, [heading])
    append_as_text(sheet, [subtitle])
    sheet.append([])
    sheet["A1"].font = Font(bold=True, size=14)


def write_header(sheet: Worksheet, labels: Sequence[str]) -> None:
    append_as_text(sheet, list(labels))
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def write_total(sheet: Worksheet, values: Sequence[object], lang: str) -> None:
    """The totals row, named in its first cell."""
    append_as_text(sheet, [TOTAL.pick(lang), *values[1:]])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def display_width(value: object) -> int:
    """How wide a cell's text reads: a wide (Chinese) character counts twice."""
    text = (
        value
        if isinstance(value, str)
        else ""
        if value is None
        else f"{value:,}"
        if isinstance(value, int)
        else str(value)
    )
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def finish(sheet: Worksheet, frozen_columns: int = 1) -> None:
    """Column widths, wrapping, the autofilter, the frozen header and the print set-up."""
    columns = sheet.max_column
    total_width = 0
    for index in range(1, columns + 1):
        cells = [sheet.cell(row, index) for row in range(HEADER_ROW, sheet.max_row + 1)]
        header = display_width(cells[0].value) // 2 + 1  # a header may wrap onto two lines
        width = min(MAX_WIDTH, max(MIN_WIDTH, header, *(display_width(cell.value) + 2 for cell in cells[1:])))
        sheet.column_dimensions[get_column_letter(index)].width = width
        total_width += width
        for cell in cells[1:]:
            if display_width(cell.value) + 2 > width:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = get_column_letter(columns)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(sheet.max_row, HEADER_ROW + 1)}"
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if total_width > PORTRAIT_MAX_WIDTH else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
