"""The bounds an uploaded spreadsheet must keep, so that a hostile file costs little to refuse.

An .xlsx is a ZIP: its directory is read first, and the file is refused (413)
before anything is decompressed when it has too many parts, a part or a whole
too large once decompressed, or a part compressed suspiciously well (a zip bomb).
Then the work of reading it is budgeted as it goes (`Budget`): the bytes
decompressed in all, the XML elements, the cells, the shared strings and their
characters, the sheets; an element nested deeper than MAX_DEPTH is refused; rows,
columns and each cell's text are bounded while they are read. Over any bound the
answer names it (413 for the file, 422 naming the cell), never a silent drop.
"""

from app import errors
from app.i18n import Text

MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELL_CHARACTERS = 1_000
MAX_PARTS = 500
MAX_PART_BYTES = 48 * 1024 * 1024
MAX_WORKBOOK_BYTES = 160 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_XLS_BYTES = 10 * 1024 * 1024
# The work of one upload, whatever its shape: a report file of 50,000 rows of a dozen figures fits.
MAX_XML_BYTES = 48 * 1024 * 1024  # decompressed and parsed, all parts together
MAX_ELEMENTS = 2_000_000  # XML elements parsed, all parts together
MAX_DEPTH = 32  # a worksheet nests about 8 deep
MAX_CELLS = 1_000_000  # cells read, all sheets together
MAX_SHEETS = 50
MAX_SHARED_STRINGS = 200_000
MAX_SHARED_CHARACTERS = 8_000_000
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


def too_many_sheets(count: int) -> errors.AppError:
    return too_large(
        f"{count:,} sheets; at most {MAX_SHEETS} are read", f"共 {count:,} 个工作表，最多读取 {MAX_SHEETS} 个"
    )


class Budget:
    """What reading one upload may still spend; each step says what it spent, and the bound passed is refused (413)."""

    __slots__ = ("cells", "elements", "shared_characters", "shared_strings", "xml_bytes")

    def __init__(self) -> None:
        self.xml_bytes = 0
        self.elements = 0
        self.cells = 0
        self.shared_strings = 0
        self.shared_characters = 0

    def spend_bytes(self, count: int) -> None:
        self.xml_bytes += count
        if self.xml_bytes > MAX_XML_BYTES:
            raise too_large(
                f"the workbook's parts decompress to more than {MAX_XML_BYTES:,} bytes of XML",
                f"工作簿各部件解压后的 XML 超过 {MAX_XML_BYTES:,} 字节",
            )

    def elements_over(self) -> errors.AppError:
        return too_large(
            f"the workbook holds more than {MAX_ELEMENTS:,} XML elements",
            f"工作簿包含超过 {MAX_ELEMENTS:,} 个 XML 元素",
        )

    def spend_cell(self) -> None:
        self.spend_cells(1)

    def spend_cells(self, count: int) -> None:
        self.cells += count
        if self.cells > MAX_CELLS:
            raise too_large(
                f"more than {MAX_CELLS:,} cells; split it into smaller files",
                f"超过 {MAX_CELLS:,} 个单元格，请拆分为多个文件",
            )

    def spend_shared_string(self, characters: int) -> None:
        self.shared_strings += 1
        self.shared_characters += characters
        if self.shared_strings > MAX_SHARED_STRINGS or self.shared_characters > MAX_SHARED_CHARACTERS:
            raise too_large(
                f"more than {MAX_SHARED_STRINGS:,} shared strings or {MAX_SHARED_CHARACTERS:,} characters of them",
                f"共享字符串超过 {MAX_SHARED_STRINGS:,} 个或 {MAX_SHARED_CHARACTERS:,} 个字符",
            )


def too_deep() -> errors.AppError:
    return too_large(
        f"XML elements nested more than {MAX_DEPTH} deep (no spreadsheet needs that)",
        f"XML 元素嵌套超过 {MAX_DEPTH} 层（正常表格不需要）",
    )


def shown(text: str) -> str:
    """A value as a problem quotes it: at most SHOWN_CHARACTERS characters."""
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


class LongText:
    """A cell over MAX_CELL_CHARACTERS: only its length and its start are kept."""

    __slots__ = ("length", "start")

    def __init__(self, start: str, length: int) -> None:
        self.length = length
        self.start = shown(start)

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
    return text if len(text) <= MAX_CELL_CHARACTERS else LongText(text[:SHOWN_CHARACTERS], len(text))


class BoundedText:
    """Text gathered piece by piece (as a parser hands it over), never kept past the cell bound."""

    __slots__ = ("length", "parts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> None:
        if self.length <= MAX_CELL_CHARACTERS:
            self.parts.append(text[: MAX_CELL_CHARACTERS + 1 - self.length])
        self.length += len(text)

    def value(self) -> str | LongText:
        text = "".join(self.parts)
        return text if self.length <= MAX_CELL_CHARACTERS else LongText(text[:SHOWN_CHARACTERS], self.length)
