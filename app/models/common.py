"""Vocabulary and bounds shared by the tables and the API schemas."""

import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError
from sqlalchemy import DateTime, Dialect, TypeDecorator

from app.domain.codes import normalize_code
from app.domain.report_checks import MIN_YEAR
from app.domain.vocabulary import Basis, Metric, Unit

MAX_COUNT = 10**15  # far above any archive's holdings, far below BIGINT's limit
MAX_YEAR = 2100  # a static bound; "not after next year" is checked against the clock by the service

Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
# Percentages are kept exact inside and rounded to 2 decimals only in JSON.
Pct = Annotated[float | None, PlainSerializer(lambda v: None if v is None else round(v, 2), return_type=float | None)]
# Closed vocabularies stored as plain strings: declared as enums in OpenAPI (a generated client gets a union of
# literals), kept as str at run time (the values are checked where they are written).
UnitName = Annotated[str, WithJsonSchema({"type": "string", "enum": [unit.value for unit in Unit]})]
RateBasisName = Annotated[str, WithJsonSchema({"type": "string", "enum": [basis.value for basis in Basis]})]
BasisName = Annotated[
    str, WithJsonSchema({"type": "string", "enum": list(dict.fromkeys([*map(str, Basis), *map(str, Metric)]))})
]
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]


def code_as_typed(value: object) -> object:
    """An archive code as a person typed it, read as stored (app.domain.codes.normalize_code)."""
    return normalize_code(value) if isinstance(value, str) else value


# An archive's code is canonical: ASCII letters, digits, "-" and "_", stored upper-case, so that
# look-alikes (hn-cs beside HN-CS, full-width Ｈ) cannot both exist; anything else is a 422.
# However it is typed (" hn-cs", "ＨＮ－ＣＳ") it is read as stored first: one code, one archive.
ArchiveCode = Annotated[
    str,
    BeforeValidator(code_as_typed),
    Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$"),
]
# The one policy for every text a person types (names, notes, comments, a target's source):
# no control character (NUL, ESC, BEL, DEL, C1), no bidirectional override, embedding or
# isolate (a text that reads differently from what is stored), and no character that shows
# nothing (zero-width spaces and joiners, the word joiner, the BOM, the soft hyphen, the
# Hangul fillers); a note or comment may hold line breaks and tabs. A required text must
# show something: spaces alone are not a name or a comment (`visible_text`).
HIDDEN_CHARACTERS = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]"
)
NOTE_WHITESPACE = frozenset("\n\r\t")


def _refuse_hidden(text: str, allowed: frozenset[str]) -> str:
    for found in HIDDEN_CHARACTERS.finditer(text):
        if found.group() not in allowed:
            raise PydanticCustomError(
                "hidden_character",
                "may not contain control, bidirectional-override or invisible characters (U+{code} at {position})",
                {"code": f"{ord(found.group()):04X}", "position": found.start()},
            )
    return text


def visible_text(text: str) -> str:
    """A required text: something besides spaces (after the hidden characters were refused)."""
    if not text.strip():
        raise PydanticCustomError("no_visible_text", "must have visible content, not only spaces")
    return text


def plain_text(text: str) -> str:
    """A one-line text (a name): no control or bidi-override character."""
    return _refuse_hidden(text, frozenset())


def note_text(text: str) -> str:
    """A free text (a note, a comment): line breaks and tabs allowed, no other control or bidi character."""
    return _refuse_hidden(text, NOTE_WHITESPACE)


PlainText = AfterValidator(plain_text)
NoteText = AfterValidator(note_text)
VisibleText = AfterValidator(visible_text)


class Level(StrEnum):
    """Administrative level of a comprehensive archive."""

    provincial = "provincial"
    municipal = "municipal"
    county = "county"


LEVEL_RANK = {Level.provincial: 0, Level.municipal: 1, Level.county: 2}


class Kind(StrEnum):
    """Kind of archive; the plan targets bind comprehensive archives."""

    comprehensive = "comprehensive"
    urban_construction = "urban_construction"
    departmental = "departmental"
    enterprise = "enterprise"
    other = "other"


def utcnow() -> datetime:
    """Now, in UTC, for timestamps stored by the service."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back with its zone.

    SQLite keeps no zone, so without this a timestamp read back would be naive
    and its JSON would not be an RFC 3339 date-time."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of a list: the items and where they sit in the whole."""

    items: list[T]
    total: int
    limit: int
    offset: int
