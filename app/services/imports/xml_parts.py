"""Parse one XML part of a workbook, streaming, with a parser that refuses any DTD, and within the upload's budget.

- The parser is defusedxml's (forbid_dtd, forbid_entities, forbid_external):
  a document type declaration is refused wherever it stands in the part and in
  whatever encoding the part is saved (UTF-8, UTF-16), before any entity is
  expanded. No spreadsheet needs one.
- The part is decompressed a chunk at a time, each chunk spent from the upload's
  budget of decompressed bytes, and fed to the parser.
- No tree is built: a `PartReader` takes the parser's events and keeps only what
  it reads (a row, a cell, a string); it counts every element (against the upload's
  budget, and against its own cap when it reads only the start of a part) and
  refuses one nested deeper than MAX_DEPTH. A reader raises `Enough` when it has
  what it needs. The element events go from expat straight to the reader (half
  the cost of ElementTree's target calls); defusedxml's guards stay on the parser.
"""

import zipfile

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from app.errors import AppError
from app.services.imports import limits

CHUNK_BYTES = 64 * 1024


class Enough(Exception):
    """Raised by a reader that has read all it needs: the rest of the part is left unread."""


def attribute(attributes: list[str], name: str) -> str | None:
    """An attribute's value from expat's ordered list [name, value, ...], by its name without namespace."""
    for index in range(0, len(attributes), 2):
        key = attributes[index]
        if key == name or key.endswith("}" + name):
            return attributes[index + 1]
    return None


class PartReader:
    """Takes the parser's events: counts elements and depth; subclasses read what they need in `opened`/`closed`/`data`."""

    element_cap: int | None = None  # at most this many elements in this part (None: the upload's budget only)

    def __init__(self, budget: limits.Budget) -> None:
        self.budget = budget
        self.depth = 0
        self.elements = 0

    def start_element(self, tag: str, attributes: list[str]) -> None:
        self.depth += 1
        self.elements += 1
        budget = self.budget
        budget.elements += 1
        if budget.elements > limits.MAX_ELEMENTS:
            raise budget.elements_over()
        if self.depth > limits.MAX_DEPTH:
            raise limits.too_deep()
        if self.element_cap is not None and self.elements > self.element_cap:
            raise self.over_cap()
        self.opened(tag[tag.rfind("}") + 1 :], attributes)

    def end_element(self, tag: str) -> None:
        self.depth -= 1
        self.closed(tag[tag.rfind("}") + 1 :])

    def over_cap(self) -> Exception:
        """The refusal when the part passes `element_cap`."""
        return limits.too_large("a part holds too many XML elements", "部件包含的 XML 元素过多")

    def opened(self, name: str, attributes: list[str]) -> None:
        """An element begins (its attributes as expat's ordered list: `attribute` reads one)."""

    def closed(self, name: str) -> None:
        """An element ends."""

    def data(self, text: str) -> None:
        """Text inside the current element (in pieces)."""

    def close(self) -> None:
        """The part is read to its end."""


def parse_part(archive: zipfile.ZipFile, part: str, reader: PartReader) -> None:
    """Feed the part to `reader` through a parser that forbids DTDs; bad XML or a DTD is refused (415)."""
    parser = DefusedXMLParser(target=reader, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    expat = parser.parser  # defusedxml's DTD and entity guards are set on it; the element events go to the reader
    expat.StartElementHandler = reader.start_element
    expat.EndElementHandler = reader.end_element
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                reader.budget.spend_bytes(len(chunk))
                parser.feed(chunk)
        parser.close()
    except Enough:
        return
    except (AppError, MemoryError):
        raise
    except DefusedXmlException as exc:
        raise limits.unreadable(
            f"{part[:60]} declares a document type or entities (refused)",
            f"{part[:60]} 含有文档类型或实体声明（拒绝读取）",
        ) from exc
    except Exception as exc:  # bad XML, a damaged or encrypted part, bad compressed data: all "not readable"
        raise limits.unreadable(f"{part[:60]} is not readable", f"{part[:60]} 无法读取") from exc
