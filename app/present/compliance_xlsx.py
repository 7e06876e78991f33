"""The compliance list as an .xlsx workbook a bureau chief can print, beside the CSV.

- Sheet 1, one row per archive, under a title (the plan's name, the as-of year,
  the bureau it covers, the date it was made): the overall status in words (STATUS_LABELS,
  the one place statuses are named) beside its code, and the main rule's figures
  (reach_rate, else the first rule) with the reasons. Labels of level, kind, rule,
  unit and status in the request's language. Two header rows: labels, then keys.
- Sheet 2, the CSV's rows (one per archive and rule), its headers in the request's
  language above the CSV's keys; booleans as 是/否 (yes/no).
- Figures are numbers with number formats (thousands separators, percentages), rounded
  as the sentences beside them read them (app.domain.reasons.NUMBER_FORMATS).
- Both sheets: an autofilter, frozen header rows, landscape, one page wide, the header
  rows printed on every page. Every text from user data is a string cell, never a formula.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.reasons import NUMBER_FORMATS
from app.domain.vocabulary import STATUS_LABELS, Rule
from app.i18n import Text
from app.models.compliance import ArchiveCompliance, CompliancePage
from app.present.charts.svg import NO_STATUS_COLOUR, STATUS_COLOURS
from app.present.compliance_csv import CSV_HEADER, REASON_SEPARATOR, csv_rows
from app.present.labels import KIND_LABELS, LEVEL_LABELS, RULE_LABELS, UNIT_LABELS, YES_NO, label
from app.present.safe_cells import append_as_text

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THOUSANDS = "#,##0"
PERCENT = '0.0"%"'
POINTS = "0.0"
# key, label, column width, number format
SUMMARY_COLUMNS: tuple[tuple[str, Text, int, str | None], ...] = (
    ("archive_code", Text("Archive code", "档案馆代码"), 14, None),
    ("archive_name", Text("Archive", "档案馆名称"), 26, None),
    ("level", Text("Level", "级别"), 10, None),
    ("status", Text("Status", "状态"), 10, None),
    ("status_code", Text("Status code", "状态代码"), 16, None),
    ("rule", Text("Rule", "考核规则"), 12, None),
    ("rate_pct", Text("Rate (%)", "数字化率（%）"), 12, PERCENT),
    ("target_value", Text("Target", "目标值"), 10, None),
    ("unit", Text("Unit", "单位"), 10, None),
    ("projected_rate_pct", Text("Projected (%)", "期末预计（%）"), 12, PERCENT),
    ("required_pp_per_year", Text("Needed a year (points)", "每年需提高（百分点）"), 14, POINTS),
    ("required_per_year", Text("Needed a year (units)", "每年需完成（卷/件/页）"), 16, THOUSANDS),
    ("reasons", Text("Why", "原因"), 80, None),
)
TITLE = Text("{plan}: digitization targets as of {year}", "{plan}：截至{year}年数字化目标完成情况")
SUBTITLE = Text("Covers: {scope} · made {made}", "范围：{scope} · 制表日期：{made}")
EVERY_ARCHIVE = Text("every archive in the plan", "规划涉及的全部档案馆")
SHEET_NAMES = (Text("Compliance", "合规情况"), Text("Rules", "明细"))
HEADER_ROW = 4
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True, slots=True)
class WorkbookTitle:
    """What the title block says: the plan's name, the bureau covered (None: every archive), the day it was made."""

    plan_name: str
    scope_name: str | None
    made_on: date
    lang: str


def compliance_xlsx(page: CompliancePage, title: WorkbookTitle) -> bytes:
    """The page's archives as a workbook: the summary sheet, then every rule."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = SHEET_NAMES[0].pick(title.lang)
    _write_title(summary, page, title)
    _write_summary(summary, page.items, title.lang)
    rules = workbook.create_sheet(SHEET_NAMES[1].pick(title.lang))
    _write_rules(rules, page.items, title.lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_download_headers(page: CompliancePage) -> dict[str, str]:
    """Headers that make a browser save the workbook under a telling name."""
    name = f"compliance-{page.plan}-{page.year}.xlsx".encode("ascii", "replace").decode().replace('"', "")
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def _write_title(sheet: Worksheet, page: CompliancePage, title: WorkbookTitle) -> None:
    heading = TITLE.pick(title.lang).format(plan=title.plan_name, year=page.year)
    scope = title.scope_name or EVERY_ARCHIVE.pick(title.lang)
    append_as_text(sheet, [heading])
    append_as_text(sheet, [SUBTITLE.pick(title.lang).format(scope=scope, made=title.made_on.isoformat())])
    sheet.append([])
    sheet["A1"].font = Font(bold=True, size=14)


def _write_summary(sheet: Worksheet, items: Sequence[ArchiveCompliance], lang: str) -> None:
    append_as_text(sheet, [text.pick(lang) for _, text, _, _ in SUMMARY_COLUMNS])
    append_as_text(sheet, [key for key, _, _, _ in SUMMARY_COLUMNS])
    status_column = 1 + [key for key, _, _, _ in SUMMARY_COLUMNS].index("status")
    for item in items:
        append_as_text(sheet, summary_row(item, lang))
        row = sheet.max_row
        for index, (_, _, _, number_format) in enumerate(SUMMARY_COLUMNS, start=1):
            if number_format:
                sheet.cell(row, index).number_format = number_format
        target = sheet.cell(row, 8)
        target.number_format = PERCENT if sheet.cell(row, 9).value in ("%",) else THOUSANDS
        cell = sheet.cell(row, status_column)
        cell.fill = PatternFill("solid", fgColor=STATUS_COLOURS.get(item.status or "", NO_STATUS_COLOUR).lstrip("#"))
        cell.font = Font(bold=True, color="FFFFFF")
    widths = [width for _, _, width, _ in SUMMARY_COLUMNS]
    _finish(sheet, widths)


def _write_rules(sheet: Worksheet, items: Sequence[ArchiveCompliance], lang: str) -> None:
    sheet.append([])
    sheet.append([])
    sheet.append([])
    append_as_text(sheet, [DETAIL_LABELS.get(key, Text(key, key)).pick(lang) for key in CSV_HEADER])
    rows = iter(csv_rows(items))
    append_as_text(sheet, list(next(rows)))
    for row in rows:
        append_as_text(sheet, [_detail_cell(key, value, lang) for key, value in zip(CSV_HEADER, row, strict=True)])
    _finish(sheet, [14 if key != "reasons" else 80 for key in CSV_HEADER])


def _detail_cell(key: str, value: object, lang: str) -> object:
    if value in ("true", "false"):
        return YES_NO[value == "true"].pick(lang)
    tables = {"level": LEVEL_LABELS, "kind": KIND_LABELS, "rule": RULE_LABELS, "target_unit": UNIT_LABELS}
    if key in tables:
        return label(tables[key], value, lang)
    if key in ("status", "archive_status") and value in STATUS_LABELS:
        return STATUS_LABELS[str(value)][lang]
    return value


def _finish(sheet: Worksheet, widths: Sequence[int]) -> None:
    """Header styles, an autofilter, frozen header rows, and the print set-up."""
    last = get_column_letter(len(widths))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(HEADER_ROW, index).font = Font(bold=True)
        sheet.cell(HEADER_ROW, index).fill = _HEADER_FILL
        sheet.cell(HEADER_ROW + 1, index).font = Font(italic=True, color="808080")
    sheet.auto_filter.ref = f"A{HEADER_ROW + 1}:{last}{max(sheet.max_row, HEADER_ROW + 1)}"
    sheet.freeze_panes = f"C{HEADER_ROW + 2}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _as_read(name: str, value: object) -> object:
    """The figure rounded as the sentence beside it reads it ("约每年434,893卷" beside 434,893)."""
    if value is None:
        return None
    written = NUMBER_FORMATS[name](value).replace(",", "").rstrip("%")
    number = float(written)
    return int(number) if number.is_integer() and name in ("required_per_year",) else number


def summary_row(item: ArchiveCompliance, lang: str = "zh") -> list[object]:
    """One archive's row: the status in words and its main rule's figures."""
    rule = next((rule for rule in item.rules if rule.rule == Rule.reach_rate), item.rules[0] if item.rules else None)
    status = item.status.value if item.status else None
    target = rule.target if rule is not None else None
    return [
        item.archive_code,
        item.archive_name,
        label(LEVEL_LABELS, item.level.value, lang),
        STATUS_LABELS[status][lang] if status else None,
        status,
        None if rule is None else label(RULE_LABELS, rule.rule.value, lang),
        None if rule is None else _as_read("rate", rule.rate_pct),
        None if target is None else target.value,
        None if target is None else label(UNIT_LABELS, target.unit, lang),
        None if rule is None else _as_read("projected", rule.projected_rate_pct),
        None if rule is None else _as_read("required_pp_per_year", rule.required_pp_per_year),
        None if rule is None else _as_read("required_per_year", rule.required_per_year),
        REASON_SEPARATOR.join(reason.message for rule in item.rules for reason in rule.reasons),
    ]


DETAIL_LABELS = {
    "archive_code": Text("Archive code", "档案馆代码"),
    "archive_name": Text("Archive", "档案馆名称"),
    "level": Text("Level", "级别"),
    "kind": Text("Kind", "类型"),
    "parent_code": Text("Supervising archive", "上级档案馆"),
    "archive_status": Text("Overall status", "总体状态"),
    "rule": Text("Rule", "考核规则"),
    "status": Text("Status", "状态"),
    "status_label": Text("Status (words)", "状态说明"),
    "rate_pct": Text("Rate (%)", "数字化率（%）"),
    "previous_rate_pct": Text("Previous rate (%)", "上年数字化率（%）"),
    "growth_pp": Text("Growth (points)", "增长（百分点）"),
    "growth_relative_pct": Text("Growth (relative %)", "相对增长（%）"),
    "pace_pp_per_year": Text("Pace (points a year)", "年均进度（百分点）"),
    "projected_rate_pct": Text("Projected (%)", "期末预计（%）"),
    "required_pp_per_year": Text("Needed a year (points)", "每年需提高（百分点）"),
    "years_to_target": Text("Years to target", "达标所需年数"),
    "required_per_year": Text("Needed a year (units)", "每年需完成量"),
    "as_of_year": Text("As of", "截至年份"),
    "judged_year": Text("Year judged", "考核年份"),
    "pace_from_year": Text("Pace since", "进度起算年"),
    "quota_added": Text("Added in the year", "当年新增"),
    "figures_approved": Text("Figures approved", "数据已审核"),
    "target_value": Text("Target", "目标值"),
    "target_unit": Text("Unit", "单位"),
    "target_basis": Text("Basis", "计算口径"),
    "target_scope": Text("Target set for", "目标适用范围"),
    "target_year": Text("Target year", "目标年份"),
    "fallback_met": Text("Fallback met", "保底增速达标"),
    "reasons": Text("Why", "原因"),
}
