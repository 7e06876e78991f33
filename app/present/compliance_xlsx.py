"""The compliance list as an .xlsx workbook a bureau chief can print, beside the CSV.

- Sheet 1, one row per archive, under a title (the plan's name, the as-of year, the bureau
  it covers, the date it was made): the overall status in words (STATUS_LABELS, the one
  place statuses are named), and the main rule's figures (reach_rate, else the first rule)
  with the reasons; a totals row (合计) counts the archives by status.
- Sheet 2, the CSV's rows (one per archive and rule) in words: its columns that have a
  figure in some row, less the CSV's codes and repeats (NOT_PRINTED), booleans as 是/否.
- Labels of columns, level, kind, rule, unit, basis and status in the request's language
  (app.present.labels); no row of English keys (those are the CSV's).
- Figures are numbers with number formats (thousands separators, percentages), rounded
  as the sentences beside them read them (app.domain.reasons.NUMBER_FORMATS).
- Print set-up and widths as every printed workbook (app.present.printed): A4, landscape
  where wide, one page wide, the header row on every page, names never cut. Every text
  from user data is a string cell, never a formula.
"""

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.reasons import NUMBER_FORMATS
from app.domain.vocabulary import STATUS_LABELS, STATUSES_WORST_FIRST, Rule
from app.i18n import Text
from app.models.compliance import ArchiveCompliance, CompliancePage
from app.present.charts.svg import NO_STATUS_COLOUR, STATUS_COLOURS
from app.present.compliance_csv import REASON_SEPARATOR, csv_rows
from app.present.labels import LEVEL_LABELS, RULE_LABELS, UNIT_LABELS, column_label, label, named_in_year, rows_in_words
from app.present.printed import finish, write_header, write_title, write_total
from app.present.safe_cells import append_as_text

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THOUSANDS = "#,##0"
PERCENT = '0.0"%"'
POINTS = "0.0"
# key, label, number format
SUMMARY_COLUMNS: tuple[tuple[str, Text, str | None], ...] = (
    ("archive_code", Text("Archive code", "档案馆代码"), None),
    ("archive_name", Text("Archive", "档案馆名称"), None),
    ("level", Text("Level", "级别"), None),
    ("status", Text("Status", "状态"), None),
    ("rule", Text("Rule", "考核规则"), None),
    ("rate_pct", Text("Rate (%)", "数字化率（%）"), PERCENT),
    ("target_value", Text("Target", "目标值"), None),
    ("unit", Text("Unit", "单位"), None),
    ("projected_rate_pct", Text("Projected (%)", "期末预计（%）"), PERCENT),
    ("required_pp_per_year", Text("Needed a year (points)", "每年需提高（百分点）"), POINTS),
    ("required_per_year", Text("Needed a year (units)", "每年需完成（卷/件/页）"), THOUSANDS),
    ("reasons", Text("Why", "原因"), None),
)
SUMMARY_KEYS = tuple(key for key, _, _ in SUMMARY_COLUMNS)
# The CSV's columns the printed detail leaves out: codes and repeats of what is printed beside them.
NOT_PRINTED = frozenset({"status_label", "target_id", "parent_code", "kind", "as_of_year", "archive_status"})
TITLE = Text("{plan}: digitization targets as of {year}", "{plan}：截至{year}年数字化目标完成情况")
SUBTITLE = Text("Covers: {scope} · made {made}", "范围：{scope} · 制表日期：{made}")
EVERY_ARCHIVE = Text("every archive in the plan", "规划涉及的全部档案馆")
ARCHIVES = Text("{count} archives", "{count} 个档案馆")
SHEET_NAMES = (Text("Compliance", "合规情况"), Text("Rules", "明细"))


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
    _write_title(rules, page, title)
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
    write_title(sheet, heading, SUBTITLE.pick(title.lang).format(scope=scope, made=title.made_on.isoformat()))


def _write_summary(sheet: Worksheet, items: Sequence[ArchiveCompliance], lang: str) -> None:
    write_header(sheet, [text.pick(lang) for _, text, _ in SUMMARY_COLUMNS])
    status_column = 1 + SUMMARY_KEYS.index("status")
    for item in items:
        append_as_text(sheet, summary_row(item, lang))
        row = sheet.max_row
        for index, (_, _, number_format) in enumerate(SUMMARY_COLUMNS, start=1):
            if number_format:
                sheet.cell(row, index).number_format = number_format
        target = sheet.cell(row, 1 + SUMMARY_KEYS.index("target_value"))
        target.number_format = PERCENT if sheet.cell(row, 1 + SUMMARY_KEYS.index("unit")).value == "%" else THOUSANDS
        cell = sheet.cell(row, status_column)
        cell.fill = PatternFill("solid", fgColor=STATUS_COLOURS.get(item.status or "", NO_STATUS_COLOUR).lstrip("#"))
        cell.font = Font(bold=True, color="FFFFFF")
    total: list[object] = [None] * len(SUMMARY_COLUMNS)
    total[1] = ARCHIVES.pick(lang).format(count=len(items))
    total[status_column - 1] = _status_counts(items, lang)
    write_total(sheet, total, lang)
    finish(sheet, frozen_columns=2)


def _status_counts(items: Sequence[ArchiveCompliance], lang: str) -> str:
    """How many archives have each status, worst first ("未达标 1，进度滞后 2")."""
    counted = Counter(item.status for item in items if item.status is not None)
    parts = [f"{STATUS_LABELS[status][lang]} {counted[status]}" for status in STATUSES_WORST_FIRST if counted[status]]
    return ("，" if lang == "zh" else ", ").join(parts)


def _write_rules(sheet: Worksheet, items: Sequence[ArchiveCompliance], lang: str) -> None:
    rows = list(csv_rows(items))
    keys, data = [str(key) for key in rows[0]], rows[1:]
    kept = [
        index
        for index, key in enumerate(keys)
        if key not in NOT_PRINTED and any(row[index] not in ("", None) for row in data)
    ]
    worded = list(rows_in_words(rows, lang))
    write_header(sheet, [column_label(keys[index], lang) for index in kept])
    for row in worded[1:]:
        append_as_text(sheet, [None if row[index] == "" else row[index] for index in kept])
    total: list[object] = [None] * len(kept)
    if len(kept) > 1:
        total[1] = ARCHIVES.pick(lang).format(count=len(items))
    write_total(sheet, total, lang)
    finish(sheet, frozen_columns=2)


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
        named_in_year(item.archive_name, item.name_in_year, lang),
        label(LEVEL_LABELS, item.level.value, lang),
        STATUS_LABELS[status][lang] if status else None,
        None if rule is None else label(RULE_LABELS, rule.rule.value, lang),
        None if rule is None else _as_read("rate", rule.rate_pct),
        None if target is None else target.value,
        None if target is None else label(UNIT_LABELS, target.unit, lang),
        None if rule is None else _as_read("projected", rule.projected_rate_pct),
        None if rule is None else _as_read("required_pp_per_year", rule.required_pp_per_year),
        None if rule is None else _as_read("required_per_year", rule.required_per_year),
        REASON_SEPARATOR.join(reason.message for rule in item.rules for reason in rule.reasons),
    ]
