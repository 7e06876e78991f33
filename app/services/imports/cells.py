"""Read one spreadsheet cell as its column's kind, or say in plain words why it cannot be read.

- Empty cells (None, blanks) are None: "not reported" (a blank never erases a stored figure).
- Codes and numbers are normalized (full-width forms, thousands separators,
  spaces); a note is kept exactly as typed. "-0" is 0.
- A cell over the size bound, or a formula saved without its value, is a problem
  of that cell (app.services.imports.limits).
- A count is a whole number from 0 to MAX_COUNT; "5,200", "5 200", "5200.0" and
  full-width digits read as 5200; "-5", "5.5", "5,2", "5k" and true/false do not
  (commas only as thousands separators).
- A decimal is a finite number >= 0 (GB of electronic records).
- A year is a whole number; whether it may carry a report is app.domain.report_checks'.
- A code or a note is text; a code has at most 32 characters, a note 2000.
"""

import math
import re

from app.domain.codes import normalize_code
from app.i18n import Text
from app.models.common import MAX_COUNT
from app.services.imports.limits import MAX_CELL_CHARACTERS, LongText, Uncomputed
from app.services.imports.sheet import cell_text

MAX_DECIMAL = 1e12
MAX_CODE_LENGTH = 32
MAX_NAME_LENGTH = 200
MAX_NOTE_LENGTH = 2000
_WHOLE = re.compile(r"^\+?\d+(?:\.0*)?$")
_DECIMAL = re.compile(r"^\+?(?:\d+(?:\.\d*)?|\.\d+)$")
_GROUPING = re.compile(r"[,\s\u00a0\u2009']")
_THOUSANDS = re.compile(r"^\+?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")
_NEGATIVE_ZERO = re.compile(r"^-(?:0+(?:\.0*)?|\.0+)$")
MAX_DIGITS = 40
UNCOMPUTED_TEXT = Text(
    "is a formula saved without its value: open the file in Excel or WPS, save it, and import it again",
    "公式未计算：请在 Excel 或 WPS 中打开并保存后再导入",
)


class CellProblem(ValueError):
    """A cell that cannot be read; `code` names the kind of problem, `text` says it."""

    def __init__(self, code: str, text: Text) -> None:
        super().__init__(text.en)
        self.code = code
        self.text = text


def _check_readable(value: object) -> None:
    if isinstance(value, LongText):
        raise CellProblem(
            "too_long",
            Text(
                f"is {value.length:,} characters long; at most {MAX_CELL_CHARACTERS:,} are read",
                f"长达 {value.length:,} 个字符，超过 {MAX_CELL_CHARACTERS:,} 字符上限",
            ),
        )
    if isinstance(value, Uncomputed):
        raise CellProblem("formula_not_computed", UNCOMPUTED_TEXT)


def read_count(value: object) -> int | None:
    """A whole number from 0 to MAX_COUNT."""
    number = _read_number(value, _WHOLE, Text("a whole number", "整数"))
    if number is None:
        return None
    if number != int(number):
        raise _not_a(Text("a whole number", "整数"))
    return int(_bounded(int(number), MAX_COUNT))


def read_decimal(value: object) -> float | None:
    """A finite number from 0 to MAX_DECIMAL."""
    number = _read_number(value, _DECIMAL, Text("a number", "数字"))
    return None if number is None else float(_bounded(number, MAX_DECIMAL))


def read_year(value: object) -> int | None:
    """A whole number; the range is checked by the report rules."""
    number = _read_number(value, _WHOLE, Text("a year", "年份"))
    if number is None:
        return None
    if number != int(number) or number > 9999:
        raise _not_a(Text("a year", "年份"))
    return int(number)


def read_code(value: object, max_length: int) -> str | None:
    """A code (or a name to be matched exactly): trimmed, NFKC and upper case (app.domain.codes), of at most
    max_length characters."""
    _check_readable(value)
    text = cell_text(value)
    return None if text is None else _within(normalize_code(text), max_length)


def read_text(value: object, max_length: int) -> str | None:
    """Free text exactly as typed (a blank cell is None), of at most max_length characters."""
    _check_readable(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _within(value if isinstance(value, str) else str(value), max_length)


def _within(text: str | None, max_length: int) -> str | None:
    if text is not None and len(text) > max_length:
        raise CellProblem("too_long", Text(f"longer than {max_length} characters", f"超过 {max_length} 个字符"))
    return text


def _read_number(value: object, pattern: re.Pattern[str], expected: Text) -> int | float | None:
    _check_readable(value)
    if isinstance(value, bool):
        raise _not_a(expected)
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise _not_a(expected)
        return _not_negative(value + 0 if isinstance(value, int) else value + 0.0)
    text = cell_text(value)
    if text is None:
        return None
    if _NEGATIVE_ZERO.match(_GROUPING.sub("", text)):
        return 0
    if len(text) > MAX_DIGITS:
        raise CellProblem(
            "too_large",
            Text(f"has more than {MAX_DIGITS} characters for a number", f"作为数字超过 {MAX_DIGITS} 个字符"),
        )
    if text.startswith("-") and pattern.match(_GROUPING.sub("", text[1:])):
        raise CellProblem("negative", Text("is negative", "不能为负数"))
    digits = _GROUPING.sub("", text)
    if not pattern.match(digits) or ("," in text and not _THOUSANDS.match(re.sub(r"\s", "", text))):
        raise _not_a(expected)
    if pattern is _WHOLE:
        return int(digits.lstrip("+").split(".")[0])
    return float(digits)


def _not_negative(number: int | float) -> int | float:
    if number < 0:
        raise CellProblem("negative", Text("is negative", "不能为负数"))
    return number


def _bounded(number: int | float, maximum: float) -> int | float:
    if number > maximum:
        raise CellProblem("too_large", Text(f"is above {maximum:,.0f}", f"超过上限 {maximum:,.0f}"))
    return number


def _not_a(expected: Text) -> CellProblem:
    return CellProblem("not_a_number", Text(f"is not {expected.en}", f"不是{expected.zh}"))
