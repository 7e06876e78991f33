"""The bounds an uploaded spreadsheet must keep, so that a hostile file costs little to refuse.

An .xlsx is a ZIP: its directory is read first, and the file is refused (413)
before anything is decompressed when it has too many parts, a part or a whole
too large once decompressed, or a part compressed suspiciously well (a zip bomb).
Then rows, columns and each cell are bounded as they are read; over any bound the
answer names it (413 for the file, 422 naming the cell), never a silent drop.
"""

from app import errors
from app.i18n import Text

MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELL_CHARACTERS = 1_000
MAX_PARTS = 500
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_WORKBOOK_BYTES = 160 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_XLS_BYTES = 10 * 1024 * 1024
SHOWN_CHARACTERS = 60


def too_large(en: str, zh: str) -> errors.AppError:
    """413 naming the bound the file passed."""
    return errors.PayloadTooLarge(Text(f"file: {en}", f"file：{zh}"))


def unreadable(en: str, zh: str) -> errors.AppError:
    """415 for a file that is not a readable spreadsheet."""
    return errors.UnsupportedFileType(Text(f"file: {en}", f"file：{zh}"))


def too_many_rows() -> errors.AppError:
    return too_large(
        f"more than {MAX_ROWS:,} rows; split it into smaller files", f"超过 {MAX_ROWS:,} 行，请拆分为多个文件"
    )


def too_many_columns() -> errors.AppError:
    return too_large(
        f"a value past column {MAX_COLUMNS}; at most {MAX_COLUMNS} columns are read",
        f"第 {MAX_COLUMNS} 列之后仍有数据；最多读取 {MAX_COLUMNS} 列",
    )


def shown(text: str) -> str:
    """A value as a problem quotes it: at most SHOWN_CHARACTERS characters."""
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


class LongText:
    """A cell over MAX_CELL_CHARACTERS: only its length and its start are kept."""

    __slots__ = ("length", "start")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.start = shown(text)

    def __str__(self) -> str:
        return self.start


class Uncomputed:
    """A formula cell saved without its computed value (the file was never opened in Excel)."""

    def __str__(self) -> str:
        return "="


UNCOMPUTED = Uncomputed()
CellValue = str | int | float | bool | LongText | Uncomputed | None


def bounded_text(text: str) -> str | LongText:
    """The text, or a LongText when it passes the cell bound."""
    return text if len(text) <= MAX_CELL_CHARACTERS else LongText(text)
