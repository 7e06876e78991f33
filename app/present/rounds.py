"""A round's progress and its missing list as CSV rows and as a printed .xlsx workbook.

- CSV: the stable English keys and codes by default (scripts read them); with lang "zh",
  the header and the levels in Chinese words, and the whole's row named 合计 instead of
  its code (app.present.labels).
- XLSX (app.present.printed): a title naming the round, its year and the date of the
  export, one header row in words (Chinese, or English with lang "en"), levels in words,
  the children and then the totals row (合计) of the progress; the missing list with its
  count in the totals row. A4, landscape where wide, one page wide, header on every page.
- An archive renamed since the round's year is named as it was then, today's name beside it
  (app.present.labels.named_in_year), in the one name column of both.
"""

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook

from app.i18n import Text
from app.models.round import MissingArchive, RoundCounts, RoundProgress
from app.present.labels import LEVEL_LABELS, label, named_in_year
from app.present.printed import TOTAL, finish, write_header, write_title, write_total
from app.present.safe_cells import append_as_text

COUNT_COLUMNS = (
    ("expected", Text("Expected", "应报")),
    ("submitted", Text("Submitted", "已报")),
    ("approved", Text("Approved", "已审核")),
    ("returned", Text("Returned", "已退回")),
    ("not_submitted", Text("Not submitted", "未报")),
    ("on_time", Text("On time", "按时")),
    ("late", Text("Late", "逾期")),
    ("completeness_pct", Text("Completeness (%)", "报送率（%）")),
    ("timeliness_pct", Text("Timeliness (%)", "及时率（%）")),
    ("approved_pct", Text("Approved (%)", "审核通过率（%）")),
)
ARCHIVE_COLUMNS = (
    ("archive_code", Text("Archive code", "档案馆代码")),
    ("archive_name", Text("Archive", "档案馆名称")),
    ("level", Text("Level", "级别")),
)
PROGRESS_COLUMNS = (*ARCHIVE_COLUMNS, *COUNT_COLUMNS)
MISSING_COLUMNS = (
    *ARCHIVE_COLUMNS,
    ("days_late", Text("Days late", "逾期天数")),
    ("chain", Text("Supervising archives", "上级档案馆")),
)
PROGRESS_TITLE = Text("{round} ({year}): reporting progress", "{round}（{year}年）报送进度")
MISSING_TITLE = Text("{round} ({year}): archives not yet reported", "{round}（{year}年）未报送档案馆")
SUBTITLE = Text("Covers: {scope} · due {due} · made {made}", "范围：{scope} · 截止日期：{due} · 制表日期：{made}")
EVERYWHERE = Text("every archive of the round", "本轮全部应报档案馆")
MISSING_COUNT = Text("{count} archives not reported", "{count} 个档案馆未报")
PERCENT = '0.00"%"'


@dataclass(frozen=True, slots=True)
class RoundTitle:
    """What a round's workbook is titled with: the round, its year and due date, the scope, the day."""

    round_name: str
    year: int
    due_on: date
    scope_name: str | None  # None: every archive of the round
    made_on: date
    lang: str


def _counts(counts: RoundCounts) -> list[object]:
    values = counts.model_dump()
    return [
        values[key] if not key.endswith("_pct") or values[key] is None else round(values[key], 2)
        for key, _ in COUNT_COLUMNS
    ]


def _header(columns: Sequence[tuple[str, Text]], lang: str | None) -> list[str]:
    return [key if lang is None else text.pick(lang) for key, text in columns]


def _level(value: str, lang: str | None) -> object:
    return value if lang is None else label(LEVEL_LABELS, value, lang)


def progress_rows(progress: RoundProgress, lang: str = "en") -> Iterator[Sequence[object]]:
    """The header, the whole (`under`, or "*" for everywhere; 合计 in Chinese), then each child."""
    words = "zh" if lang == "zh" else None
    yield _header(PROGRESS_COLUMNS, words)
    yield [TOTAL.zh if words else progress.under or "*", "", "", *_counts(progress)]
    for child in progress.children:
        name = named_in_year(child.archive_name, child.name_in_year, lang)
        yield [child.archive_code, name, _level(child.level.value, words), *_counts(child)]


def _chain(archive: MissingArchive) -> str:
    return " > ".join(f"{link.code} {link.name}" for link in archive.chain)


def missing_rows(missing: Sequence[MissingArchive], lang: str = "en") -> Iterator[Sequence[object]]:
    """The header, then one row per archive; the chain as "code name > code name", nearest first."""
    words = "zh" if lang == "zh" else None
    yield _header(MISSING_COLUMNS, words)
    for archive in missing:
        name = named_in_year(archive.name, archive.name_in_year, lang)
        yield [archive.code, name, _level(archive.level.value, words), archive.days_late, _chain(archive)]


def _subtitle(title: RoundTitle) -> str:
    scope = title.scope_name or EVERYWHERE.pick(title.lang)
    return SUBTITLE.pick(title.lang).format(scope=scope, due=title.due_on.isoformat(), made=title.made_on.isoformat())


def progress_xlsx(progress: RoundProgress, title: RoundTitle) -> bytes:
    """The progress as a printed workbook: each child, then the totals row."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = Text("Progress", "报送进度").pick(title.lang)
    write_title(
        sheet, PROGRESS_TITLE.pick(title.lang).format(round=title.round_name, year=title.year), _subtitle(title)
    )
    write_header(sheet, _header(PROGRESS_COLUMNS, title.lang))
    for child in progress.children:
        name = named_in_year(child.archive_name, child.name_in_year, title.lang)
        append_as_text(sheet, [child.archive_code, name, _level(child.level.value, title.lang), *_counts(child)])
    write_total(sheet, [None, title.scope_name, None, *_counts(progress)], title.lang)
    for row in sheet.iter_rows(min_row=5, min_col=len(ARCHIVE_COLUMNS) + 1 + 7):
        for cell in row:
            cell.number_format = PERCENT
    finish(sheet, frozen_columns=2)
    return _saved(workbook)


def missing_xlsx(missing: Sequence[MissingArchive], title: RoundTitle) -> bytes:
    """The missing list as a printed workbook, its count in the totals row."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = Text("Not reported", "未报送").pick(title.lang)
    write_title(sheet, MISSING_TITLE.pick(title.lang).format(round=title.round_name, year=title.year), _subtitle(title))
    write_header(sheet, _header(MISSING_COLUMNS, title.lang))
    for archive in missing:
        level = _level(archive.level.value, title.lang)
        name = named_in_year(archive.name, archive.name_in_year, title.lang)
        append_as_text(sheet, [archive.code, name, level, archive.days_late, _chain(archive)])
    write_total(sheet, [None, MISSING_COUNT.pick(title.lang).format(count=len(missing)), None, None, None], title.lang)
    finish(sheet, frozen_columns=2)
    return _saved(workbook)


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
