"""Yearly-report templates to fill and import back: .xlsx with a notes sheet, and .csv.

- Two header rows: the Chinese labels (with the unit) and, below, the English keys;
  the import reads either and skips the second.
- One row per archive the caller may report for, with its code, name and the year;
  the figures are left empty for the person filling it.
- The notes sheet explains each column, its unit and whether it is required, in
  the request's language; the headers are bilingual in both.
"""

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.import_columns import COLUMNS, ImportColumn
from app.i18n import Text
from app.services.imports.spreadsheets import writable

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_ROWS_FROM = 3
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_NOTES_HEADER = (
    Text("Column", "列名"),
    Text("Header (Chinese)", "中文表头"),
    Text("Unit", "单位"),
    Text("Required", "是否必填"),
    Text("What to enter", "填写说明"),
)
_GENERAL_NOTES = (
    Text(
        "One row per archive and year. Figures are year-end cumulative totals.",
        "每个档案馆每个年度填写一行，数据为年末累计数。",
    ),
    Text(
        "Leave a figure empty when it is not known: an empty cell means 'not reported', never 0.",
        "不掌握的数据请留空：空白表示“未报送”，不等于 0。",
    ),
    Text(
        "Rows left without any figure are skipped. Either column header row may be deleted.",
        "没有填写任何数据的行会被跳过；两行表头可任删其一。",
    ),
    Text(
        "The import checks every row first and writes all of them or none; "
        "importing the same file again changes nothing.",
        "导入时先检查所有行，全部无误才会写入；重复导入同一文件不会产生任何变化。",
    ),
)


def header_label(column: ImportColumn) -> str:
    """The Chinese header of a column, with its unit."""
    return f"{column.label_zh}（{column.unit.zh}）" if column.unit.zh else column.label_zh


def template_rows(archives: Sequence[tuple[str, str]], year: int) -> list[list[object]]:
    """The header rows and one row per archive."""
    rows: list[list[object]] = [[header_label(c) for c in COLUMNS], [c.key for c in COLUMNS]]
    for code, name in archives:
        prefilled = {"archive_code": code, "archive_name": name, "year": year}
        rows.append([prefilled.get(column.key) for column in COLUMNS])
    return rows


def template_csv(archives: Sequence[tuple[str, str]], year: int) -> bytes:
    """The template as CSV, UTF-8 with a BOM so that Excel reads the Chinese."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(template_rows(archives, year))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(archives: Sequence[tuple[str, str]], year: int, lang: str) -> bytes:
    """The template as an .xlsx workbook: the sheet to fill, then the notes."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "年报 Reports"
    for row in template_rows(archives, year):
        sheet.append([writable(value) for value in row])
    _style_reports(sheet, len(archives))
    _write_notes(workbook.create_sheet("说明 Notes"), lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _style_reports(sheet: Worksheet, archive_count: int) -> None:
    sheet.freeze_panes = f"C{DATA_ROWS_FROM}"
    last_row = max(DATA_ROWS_FROM + archive_count + 200, 1000)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 28 if column.key == "archive_name" else 18
        sheet[f"{letter}1"].font = Font(bold=True, color="9C0006" if column.required else "000000")
        sheet[f"{letter}1"].fill = _HEADER_FILL
        sheet[f"{letter}2"].font = Font(italic=True, color="808080")
        if column.kind in ("count", "decimal"):
            rule = DataValidation(
                type="whole" if column.kind == "count" else "decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                error="请填写不小于 0 的数 / a number >= 0",
            )
            rule.add(f"{letter}{DATA_ROWS_FROM}:{letter}{last_row}")
            sheet.add_data_validation(rule)


def _write_notes(sheet: Worksheet, lang: str) -> None:
    sheet.append([text.pick(lang) for text in _NOTES_HEADER])
    required = Text("yes", "是")
    for column in COLUMNS:
        sheet.append(
            [
                column.key,
                header_label(column),
                column.unit.pick(lang),
                required.pick(lang) if column.required else "",
                column.note.pick(lang),
            ]
        )
    sheet.append([])
    for note in _GENERAL_NOTES:
        sheet.append([note.pick(lang)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for letter, width in zip("ABCDE", (24, 22, 12, 10, 80), strict=True):
        sheet.column_dimensions[letter].width = width
