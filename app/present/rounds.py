"""A round's progress and its missing list as CSV rows and as an .xlsx workbook (bilingual headers)."""

import io
from collections.abc import Iterator, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from app.models.round import MissingArchive, RoundCounts, RoundProgress
from app.present.safe_cells import append_as_text

COUNT_COLUMNS = (
    ("expected", "应报"),
    ("submitted", "已报"),
    ("approved", "已审核"),
    ("returned", "已退回"),
    ("not_submitted", "未报"),
    ("on_time", "按时"),
    ("late", "逾期"),
    ("completeness_pct", "报送率（%）"),
    ("timeliness_pct", "及时率（%）"),
    ("approved_pct", "审核通过率（%）"),
)
PROGRESS_HEADER = ("archive_code", "archive_name", "level", *(key for key, _ in COUNT_COLUMNS))
PROGRESS_LABELS = ("档案馆代码", "档案馆名称", "级别", *(label for _, label in COUNT_COLUMNS))
MISSING_HEADER = ("archive_code", "archive_name", "level", "days_late", "chain")
MISSING_LABELS = ("档案馆代码", "档案馆名称", "级别", "逾期天数", "上级档案馆")


def _counts(counts: RoundCounts) -> list[object]:
    values = counts.model_dump()
    return [
        values[key] if not key.endswith("_pct") or values[key] is None else round(values[key], 2)
        for key, _ in COUNT_COLUMNS
    ]


def progress_rows(progress: RoundProgress) -> Iterator[Sequence[object]]:
    """The header, the whole (`under`, or "*" for everywhere), then each child."""
    yield PROGRESS_HEADER
    yield [progress.under or "*", "", "", *_counts(progress)]
    for child in progress.children:
        yield [child.archive_code, child.archive_name, child.level.value, *_counts(child)]


def missing_rows(missing: Sequence[MissingArchive]) -> Iterator[Sequence[object]]:
    """The header, then one row per archive; the chain as "code name > code name", nearest first."""
    yield MISSING_HEADER
    for archive in missing:
        chain = " > ".join(f"{link.code} {link.name}" for link in archive.chain)
        yield [archive.code, archive.name, archive.level.value, archive.days_late, chain]


def rows_xlsx(title: str, labels: Sequence[str], rows: Iterator[Sequence[object]]) -> bytes:
    """The rows as a one-sheet workbook: Chinese labels, then the English keys, then the data."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    append_as_text(sheet, list(labels))
    for row in rows:
        append_as_text(sheet, list(row))
    for cell in (*sheet[1], *sheet[2]):
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
