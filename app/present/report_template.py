"""Yearly-report templates to fill and import back: .xlsx with an instructions sheet, and .csv.

- Two header rows: the Chinese labels (with the unit) and, below, the English keys;
  the import reads either and skips the second.
- One row per archive the caller may report for, with its code, name and the year;
  beside each figure to fill, last year's figure in a column marked 上年 (the
  import ignores those columns). Figure cells accept whole numbers only (>= 0).
- The header is frozen; the instructions sheet (说明) explains each column in
  Chinese (and in English under an English request). Archive names are written
  as text, never as formulas (app.present.safe_cells).
"""

import csv
import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.import_columns import COLUMNS, PREVIOUS_YEAR_MARK, ImportColumn
from app.i18n import Text
from app.present.safe_cells import append_as_text, csv_safe_rows

LastYear = Mapping[str, Mapping[str, object]]
TEMPLATE_FILENAME = "年报填报模板"

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_ROWS_FROM = 3
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_PREVIOUS_FILL = PatternFill("solid", fgColor="EDEDED")
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
        "Columns marked 上年 show last year's figures for reference; the import does not read them.",
        "标有“上年”的列为上一年度数据，仅供参考，导入时不读取。",
    ),
    Text(
        "A blank cell keeps the figure already stored (mode=merge, the default); "
        "a title row above the header, a totals row (合计) and a footer (填表人、审核人) may stay.",
        "空白单元格保留已存数据（默认合并模式）；表头上方的标题行、合计行和表尾（填表人、审核人）可以保留。",
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


def _template_columns() -> list[tuple[ImportColumn, bool]]:
    """(column, is last year's) in order: each figure to fill has last year's beside it, before it."""
    columns: list[tuple[ImportColumn, bool]] = []
    for column in COLUMNS:
        if column.kind in ("count", "decimal"):
            columns.append((column, True))
        columns.append((column, False))
    return columns


def template_rows(archives: Sequence[tuple[str, str]], year: int, last_year: LastYear) -> list[list[object]]:
    """The header rows and one row per archive."""
    columns = _template_columns()
    rows: list[list[object]] = [
        [f"{PREVIOUS_YEAR_MARK}{header_label(c)}" if previous else header_label(c) for c, previous in columns],
        [f"{PREVIOUS_YEAR_MARK} {c.key}" if previous else c.key for c, previous in columns],
    ]
    for code, name in archives:
        prefilled: dict[str, object] = {"archive_code": code, "archive_name": name, "year": year}
        previous = last_year.get(code, {})
        rows.append([previous.get(c.key) if is_previous else prefilled.get(c.key) for c, is_previous in columns])
    return rows


def template_csv(archives: Sequence[tuple[str, str]], year: int, last_year: LastYear) -> bytes:
    """The template as CSV, UTF-8 with a BOM so that Excel reads the Chinese."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_safe_rows(template_rows(archives, year, last_year)))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(archives: Sequence[tuple[str, str]], year: int, last_year: LastYear, lang: str) -> bytes:
    """The template as an .xlsx workbook: the sheet to fill, then the instructions."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "年报"
    for row in template_rows(archives, year, last_year):
        append_as_text(sheet, row)
    _style_reports(sheet, len(archives))
    _write_notes(workbook.create_sheet("说明"), lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _style_reports(sheet: Worksheet, archive_count: int) -> None:
    sheet.freeze_panes = f"D{DATA_ROWS_FROM}"
    last_row = max(DATA_ROWS_FROM + archive_count + 200, 1000)
    for index, (column, previous) in enumerate(_template_columns(), start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 28 if column.key == "archive_name" else 16
        sheet[f"{letter}1"].font = Font(
            bold=True, color="808080" if previous else "9C0006" if column.required else "000000"
        )
        sheet[f"{letter}1"].fill = _PREVIOUS_FILL if previous else _HEADER_FILL
        sheet[f"{letter}2"].font = Font(italic=True, color="808080")
        if previous:
            for cell in sheet[letter][DATA_ROWS_FROM - 1 :]:
                cell.font = Font(color="808080")
            continue
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


def _write_notes(sheet: Worksheet, request_lang: str) -> None:
    """The instructions in Chinese, with the English beside the general notes under an English request."""
    lang = "zh"
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
        sheet.append([note.zh] if request_lang == "zh" else [note.zh, note.en])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for letter, width in zip("ABCDE", (24, 22, 12, 10, 80), strict=True):
        sheet.column_dimensions[letter].width = width
