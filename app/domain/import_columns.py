"""The columns of a yearly-report spreadsheet (import file and template), as data.

- A column is named in a file by its English key or by its Chinese label; the
  template carries both, the labels in its first header row and the keys in its second.
- `archive_code`, `year`, `holdings_volumes` and `digitized_volumes` are required;
  every other figure may be left empty, which means "not reported" (never 0).
- `archive_name` is there for the people who fill the sheet; an import ignores it.
- `kind` says how a cell is read: a code, a year, a count (a whole number >= 0),
  a decimal (>= 0), free text, or a label (shown, never read).
- Clerks' own headers are read too (SYNONYMS, and a stem with a unit: STEMS, UNITS),
  with the unit they write after the name, in brackets or not: "馆藏案卷数（卷）",
  "馆藏案卷数(卷)", "馆藏页数 页", "馆藏总量（件）"; a header that names a figure
  (FIGURE_WORDS) but is none of these is an error, never a column passed over.
- Rows that are not reports: a footer (FOOTER_WORDS: who filled it in, who checked
  it, the date, the seal) and a totals row (TOTALS_WORDS); a column headed 上年
  (last year's figures, as the template shows them) is read by nobody.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

from app.domain.text import Text


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
        "The reporting year; figures are totals at the end of that year (1949 to the current year).",
        "统计年度；数据为该年年末累计数（1949 年至当年）。")),
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
FIGURE_KEYS = tuple(column.key for column in COLUMNS if column.kind in ("count", "decimal", "text"))

# Other names clerks give the columns (compared after normalize_header, so a unit in brackets or after the
# name, full-width forms, spaces and case do not matter). Each is one column's name and no other's.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "archive_code": ("代码", "档案馆编码", "单位代码", "档案馆代码号", "code"),
    "archive_name": ("档案馆", "单位名称", "名称", "档案馆名", "name"),
    "year": ("年份", "统计年度", "年", "报告年度", "填报年度"),
    "holdings_volumes": (
        "馆藏案卷",
        "馆藏卷数",
        "馆藏案卷总数",
        "馆藏档案卷数",
        "馆藏档案案卷数",
        "馆藏纸质档案卷数",
        "纸质档案卷数",
        "档案卷数",
        "案卷数",
        "馆藏档案数",
    ),
    "digitized_volumes": (
        "已数字化案卷",
        "数字化案卷数",
        "已数字化卷数",
        "数字化卷数",
        "已数字化档案卷数",
        "数字化档案卷数",
        "已数字化案卷总数",
        "完成数字化卷数",
        "数字化完成卷数",
    ),
    "holdings_items": ("馆藏件数", "馆藏档案件数", "馆藏文件", "馆藏文件级档案数", "文件数", "件数"),
    "digitized_items": ("已数字化文件", "数字化文件数", "已数字化件数", "数字化件数", "已数字化档案件数"),
    "holdings_pages": ("馆藏档案页数", "馆藏纸质档案页数", "纸质档案页数", "档案页数"),
    "digitized_pages": (
        "数字化页数",
        "已数字化幅数",
        "数字化幅数",
        "数字化图像幅数",
        "已数字化图像幅数",
        "扫描页数",
        "已扫描页数",
    ),
    "catalog_entries": ("机读目录条目", "机读目录条数", "机读目录数", "目录条目数", "机读目录", "目录数据条数"),
    "fulltext_pages": ("全文页", "全文数字化页数", "全文识别页数", "全文数据页数"),
    "electronic_records_gb": ("电子档案数据总量", "电子档案容量", "电子档案存储量", "电子档案量"),
    "note": ("说明", "备注说明", "notes"),
}
# A figure named by what it counts and its unit: the stems of the holdings and of the digitized figures, and
# the units; "馆藏总量（件）" is holdings_items, "数字化量(卷)" digitized_volumes. A stem with no unit counts volumes
# (as the clerks' "馆藏总量" and "已数字化" always have). Also the two-level headers: a stem over a row of units.
STEMS: dict[str, tuple[str, ...]] = {
    "holdings": ("馆藏", "馆藏量", "馆藏总量", "馆藏数量", "馆藏档案", "馆藏档案总量", "馆藏纸质档案", "纸质档案馆藏"),
    "digitized": (
        "已数字化",
        "数字化",
        "数字化量",
        "已数字化量",
        "数字化总量",
        "已数字化档案",
        "数字化成果",
        "数字化档案",
    ),
}
UNITS = {"卷": "volumes", "件": "items", "页": "pages", "幅": "pages", "页/幅": "pages", "volumes": "volumes",
         "items": "items", "pages": "pages"}  # fmt: skip
UNIT_WORDS = ("卷", "件", "页", "幅", "条", "页/幅", "gb", "个", "volumes", "items", "pages", "entries")
# A column whose header names one of these is a column of figures: if Lantai does not know it, the file is
# refused (422) rather than its figures dropped. A computed column (a rate, a share) is only passed over.
FIGURE_WORDS = ("卷", "件", "页", "幅", "条", "馆藏", "数字化", "目录", "全文")
COMPUTED_WORDS = ("率", "%", "比例", "比重", "占比")
FOOTER_WORDS = ("填表人", "审核人", "制表", "负责人", "联系电话", "填报日期", "盖章", "单位负责人", "填报人")
TOTALS_WORDS = ("合计", "小计", "总计")
PREVIOUS_YEAR_MARK = "上年"
HEADER_SCAN_ROWS = 20
_BRACKETED_UNIT = re.compile(r"[(\[（【]([^()\[\]（）【】]*)[)\]）】]$")


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())


def header_parts(text: str) -> tuple[str, str | None]:
    """A header as compared, and the unit it names: full-width forms folded, case and spaces ignored, a
    trailing unit (in brackets or not) taken off: "馆藏总量（件）" -> ("馆藏总量", "件")."""
    folded = _fold(text)
    bracketed = _BRACKETED_UNIT.search(folded)
    if bracketed is not None:
        return folded[: bracketed.start()], bracketed.group(1) or None
    for unit in sorted(UNIT_WORDS, key=len, reverse=True):
        if folded.endswith(unit) and len(folded) > len(unit) + 1 and not folded.isascii():
            return folded[: -len(unit)], unit
    return folded, None


def normalize_header(text: str) -> str:
    """A header as compared, without its unit."""
    return header_parts(text)[0]


_KEYS_BY_NAME = {
    normalize_header(name): column.key
    for column in COLUMNS
    for name in (column.key, column.label_zh, *SYNONYMS.get(column.key, ()))
}
_STEMS = {normalize_header(stem): group for group, stems in STEMS.items() for stem in stems}


def stem_key(stem: str, unit: str | None) -> str | None:
    """The figure a stem and a unit name together ("已数字化" over "件": digitized_items), or None."""
    group = _STEMS.get(normalize_header(stem))
    counted = UNITS.get(unit or "卷")
    return None if group is None or counted is None else f"{group}_{counted}"


def header_key(text: str) -> str | None:
    """The key of the column a header names, or None (a cell holding both names, "馆藏案卷数 holdings_volumes", too)."""
    name, unit = header_parts(text)
    key = stem_key(name, unit) if name in _STEMS else _KEYS_BY_NAME.get(name)
    if key is None:
        exact = _KEYS_BY_NAME.get(_fold(text))
        if exact is not None:
            return exact
        keys = {_KEYS_BY_NAME.get(normalize_header(part)) for part in re.split(r"[\s/|]+", text) if part}
        keys.discard(None)
        key = keys.pop() if len(keys) == 1 else None
    return key


def is_unit(text: str) -> bool:
    """True for a cell that is only a unit (the second row of a two-level header: 卷, 件, 页)."""
    return _fold(text).strip("()（）") in UNITS


def looks_like_figure(text: str) -> bool:
    """True for a header that names a figure (卷, 件, 馆藏, 数字化, ...) and is no computed rate or share."""
    folded = _fold(text)
    return any(word in folded for word in FIGURE_WORDS) and not any(word in folded for word in COMPUTED_WORDS)


def closest_header(text: str) -> str:
    """The known header most like `text` (its Chinese label), for a message that names an unknown column."""
    names = {name: key for name, key in _KEYS_BY_NAME.items() if not name.isascii()}
    match = difflib.get_close_matches(normalize_header(text), list(names), n=1, cutoff=0.0)
    return COLUMNS_BY_KEY[names[match[0]]].label_zh if match else COLUMNS_BY_KEY["holdings_volumes"].label_zh


def is_previous_year_column(text: str) -> bool:
    """True for a column of last year's figures (read by nobody)."""
    return PREVIOUS_YEAR_MARK in unicodedata.normalize("NFKC", text)


def is_footer(text: str) -> bool:
    """True for a footer cell: who filled the sheet in, who checked it, the date, the seal."""
    return unicodedata.normalize("NFKC", text).strip().startswith(FOOTER_WORDS)


def totals_word(text: str) -> str | None:
    """The totals word a cell is (合计, 小计, 总计, spaces allowed), or None."""
    folded = re.sub(r"[\s:：]+", "", unicodedata.normalize("NFKC", text))
    return next((word for word in TOTALS_WORDS if folded.startswith(word)), None)
