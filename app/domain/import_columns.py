"""The columns of a yearly-report spreadsheet (import file and template), as data.

- A column is named in a file by its English key or by its Chinese label; the
  template carries both, the labels in its first header row and the keys in its second.
- `archive_code`, `year`, `holdings_volumes` and `digitized_volumes` are required;
  every other figure may be left empty, which means "not reported" (never 0).
- `archive_name` is there for the people who fill the sheet; an import ignores it.
- `kind` says how a cell is read: a code, a year, a count (a whole number >= 0),
  a decimal (>= 0), free text, or a label (shown, never read).
"""

from dataclasses import dataclass

from app.i18n import Text


@dataclass(frozen=True, slots=True)
class ImportColumn:
    """One column of the spreadsheet."""

    key: str
    label_zh: str
    kind: str  # "code" | "year" | "count" | "decimal" | "text" | "label"
    required: bool
    unit: Text
    note: Text


# key, Chinese label, kind, required, unit (en, zh), what to enter (en, zh)
# fmt: off
_TABLE: tuple[tuple[str, str, str, bool, tuple[str, str], tuple[str, str]], ...] = (
    ("archive_code", "档案馆代码", "code", True, ("", ""), (
        "The archive's own code in Lantai (not its region code), e.g. HN-CS.",
        "档案馆在兰台系统中的代码（不是行政区划代码），如 HN-CS。")),
    ("archive_name", "档案馆名称", "label", False, ("", ""), (
        "For reading only: the import ignores this column.",
        "仅供填表人核对，导入时不读取此列。")),
    ("year", "年度", "year", True, ("", ""), (
        "The reporting year; figures are totals at the end of that year (1949 to next year).",
        "统计年度；数据为该年年末累计数（1949 年至次年）。")),
    ("holdings_volumes", "馆藏案卷数", "count", True, ("volumes", "卷"), (
        "Paper holdings counted in volumes/files.",
        "以卷为单位统计的纸质档案馆藏总量。")),
    ("digitized_volumes", "已数字化案卷数", "count", True, ("volumes", "卷"), (
        "Volumes digitized so far (cumulative); not more than holdings_volumes.",
        "截至年末累计已数字化的案卷数，不得超过馆藏案卷数。")),
    ("holdings_items", "馆藏文件数", "count", False, ("items", "件"), (
        "Holdings kept per item (modern records).",
        "以件为单位整理的馆藏文件总量。")),
    ("digitized_items", "已数字化文件数", "count", False, ("items", "件"), (
        "Items digitized so far (cumulative); not more than holdings_items.",
        "截至年末累计已数字化的文件数，不得超过馆藏文件数。")),
    ("holdings_pages", "馆藏页数", "count", False, ("pages", "页"), (
        "Paper holdings counted in pages.",
        "以页为单位统计的纸质档案馆藏总量。")),
    ("digitized_pages", "已数字化页数", "count", False, ("pages/frames", "页/幅"), (
        "Pages (image frames) digitized so far; not more than holdings_pages.",
        "截至年末累计已数字化的页数（图像幅数），不得超过馆藏页数。")),
    ("catalog_entries", "机读目录条目数", "count", False, ("entries", "条"), (
        "Machine-readable catalog entries (file and volume level), cumulative.",
        "累计建成的机读目录条目数（含案卷级和文件级）。")),
    ("fulltext_pages", "全文页数", "count", False, ("pages", "页"), (
        "Full-text pages, cumulative.",
        "累计全文数字化页数。")),
    ("electronic_records_gb", "电子档案数据量", "decimal", False, ("GB", "GB"), (
        "Electronic records held, in gigabytes (a decimal is allowed).",
        "馆藏电子档案数据量，单位 GB，可填小数。")),
    ("note", "备注", "text", False, ("", ""), (
        "Anything the figures need to be read correctly (up to 2000 characters).",
        "对数据的说明（不超过 2000 字）。")),
)
# fmt: on

COLUMNS: tuple[ImportColumn, ...] = tuple(
    ImportColumn(key, label_zh, kind, required, Text(*unit), Text(*note))
    for key, label_zh, kind, required, unit, note in _TABLE
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_KEYS = tuple(column.key for column in COLUMNS if column.required)
FIGURE_KEYS = tuple(column.key for column in COLUMNS if column.kind in ("count", "decimal", "text"))
