"""The columns of a yearly-report spreadsheet (import file and template), as data.

- A column is named in a file by its English key or by its Chinese label; the
  template carries both, the labels in its first header row and the keys in its second.
- `archive_code` and `year` are required, and the figures a whole report needs
  (app.domain.figures: holdings_volumes, digitized_volumes); every other figure may be
  left empty, which means "not reported" (never 0). The figures' columns, their labels,
  units, notes and synonyms come from the figures' declaration.
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

from app.domain.figures import FIGURES, pair_figure
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


# The columns before the figures: key, Chinese label, kind, required, unit (en, zh), what to enter (en, zh)
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
)
# fmt: on

# Then one column per figure of a report, in its declared order (app.domain.figures).
COLUMNS: tuple[ImportColumn, ...] = (
    *(
        ImportColumn(key, label_zh, kind, required, Text(*unit), Text(*note))
        for key, label_zh, kind, required, unit, note in _TABLE
    ),
    *(ImportColumn(f.key, f.label_zh, f.kind, f.required, f.unit, f.note) for f in FIGURES),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}

# Other names clerks give the columns (the figures': app.domain.figures), compared after normalize_header, so a
# unit in brackets or after the name, full-width forms, spaces and case do not matter. Each names one column only.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "archive_code": ("代码", "档案馆编码", "单位代码", "档案馆代码号", "code"),
    "archive_name": ("档案馆", "单位名称", "名称", "档案馆名", "name"),
    "year": ("年份", "统计年度", "年", "报告年度", "填报年度"),
    **{figure.key: figure.synonyms for figure in FIGURES},
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
_STEMS = {normalize_header(stem): role for role, stems in STEMS.items() for stem in stems}


def stem_key(stem: str, unit: str | None) -> str | None:
    """The figure a stem and a unit name together ("已数字化" over "件": digitized_items), or None."""
    role = _STEMS.get(normalize_header(stem))
    counted = UNITS.get(unit or "卷")
    return None if role is None or counted is None else pair_figure(counted, role)


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
