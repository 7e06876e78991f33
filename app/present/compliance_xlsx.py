"""The compliance list as an .xlsx workbook, beside the CSV.

- Sheet 1, one row per archive: its overall status in Chinese words (STATUS_LABELS, the
  one place statuses are named), the status code beside it, and its main rule's figures
  (reach_rate, else its first rule), with the reasons in the request's language.
  Two header rows: Chinese labels, then English keys. Status cells are coloured.
- Sheet 2, the CSV's rows (one per archive and rule) with the same columns as the CSV.
- Figures are the JSON's (rounded by the answer's schema), stored as numbers.
"""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.reasons import STATUS_LABELS
from app.models.compliance import ArchiveCompliance, CompliancePage
from app.present.charts.svg import NO_STATUS_COLOUR, STATUS_COLOURS
from app.present.compliance_csv import REASON_SEPARATOR, csv_rows
from app.present.safe_cells import append_as_text

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (key, Chinese label, column width)
SUMMARY_COLUMNS = (
    ("archive_code", "档案馆代码", 14),
    ("archive_name", "档案馆名称", 26),
    ("level", "级别", 10),
    ("status", "状态", 10),
    ("status_code", "状态代码", 16),
    ("rule", "考核规则", 12),
    ("rate_pct", "数字化率（%）", 12),
    ("target_value", "目标值", 10),
    ("projected_rate_pct", "期末预计（%）", 12),
    ("required_pp_per_year", "每年需提高（百分点）", 14),
    ("required_per_year", "每年需完成（卷/件/页）", 16),
    ("reasons", "原因", 80),
)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def compliance_xlsx(page: CompliancePage) -> bytes:
    """The page's archives as a workbook: the summary sheet, then every rule."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "合规情况 Compliance"
    _write_summary(summary, page.items)
    rules = workbook.create_sheet("明细 Rules")
    for row in csv_rows(page.items):
        append_as_text(rules, row)
    rules.freeze_panes = "C2"
    for cell in rules[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_download_headers(page: CompliancePage) -> dict[str, str]:
    """Headers that make a browser save the workbook under a telling name."""
    return {"Content-Disposition": f'attachment; filename="compliance-{page.plan}-{page.year}.xlsx"'}


def _write_summary(sheet: Worksheet, items: Sequence[ArchiveCompliance]) -> None:
    sheet.append([label for _, label, _ in SUMMARY_COLUMNS])
    sheet.append([key for key, _, _ in SUMMARY_COLUMNS])
    for index, (_, _, width) in enumerate(SUMMARY_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(1, index).font = Font(bold=True)
        sheet.cell(1, index).fill = _HEADER_FILL
        sheet.cell(2, index).font = Font(italic=True, color="808080")
    status_column = 1 + [key for key, _, _ in SUMMARY_COLUMNS].index("status")
    for item in items:
        append_as_text(sheet, summary_row(item))
        cell = sheet.cell(sheet.max_row, status_column)
        cell.fill = PatternFill("solid", fgColor=STATUS_COLOURS.get(item.status or "", NO_STATUS_COLOUR).lstrip("#"))
        cell.font = Font(bold=True, color="FFFFFF")
    sheet.freeze_panes = "C3"


def summary_row(item: ArchiveCompliance) -> list[object]:
    """One archive's row: the status in Chinese words and its main rule's figures."""
    rule = next((rule for rule in item.rules if rule.rule == "reach_rate"), item.rules[0] if item.rules else None)
    written = rule.model_dump(mode="json") if rule is not None else {}
    status = item.status.value if item.status else None
    return [
        item.archive_code,
        item.archive_name,
        item.level.value,
        STATUS_LABELS[status]["zh"] if status else None,
        status,
        written.get("rule"),
        written.get("rate_pct"),
        written.get("target", {}).get("value"),
        written.get("projected_rate_pct"),
        written.get("required_pp_per_year"),
        written.get("required_per_year"),
        REASON_SEPARATOR.join(
            reason["message"] for rule in item.rules for reason in rule.model_dump(mode="json")["reasons"]
        ),
    ]
