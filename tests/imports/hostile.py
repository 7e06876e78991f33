"""A corpus of hostile uploads, generated (never committed as binaries): each must be refused cheaply with a 4xx."""

import io
import zipfile
from collections.abc import Callable

from tests.imports.raw_xlsx import CONTENT_TYPES, MAIN, RELS, ROOT_RELS, rows_xml, sheet_xml, workbook
from tests.imports.sheets import csv_bytes

HEADER = ["archive_code", "year", "holdings_volumes", "digitized_volumes"]
MB = 1024 * 1024


def _skeleton(archive: zipfile.ZipFile) -> None:
    archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    archive.writestr("_rels/.rels", ROOT_RELS)
    archive.writestr(
        "xl/workbook.xml",
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    )
    archive.writestr(
        "xl/_rels/workbook.xml.rels",
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    )


def huge_inline_string(megabytes: int = 400) -> bytes:
    """An .xlsx of a few hundred KB whose one cell holds a `megabytes` MB inline string."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _skeleton(archive)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'.encode())
            chunk = b"A" * MB
            for _ in range(megabytes):
                part.write(chunk)
            part.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


def shared_string_amplifier() -> bytes:
    """A few KB: one 1 MB shared string used by 100 rows."""
    data = rows_xml([HEADER]) + "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c><c r="B{n}"><v>2025</v></c></row>' for n in range(2, 102)
    )
    return workbook([("S", sheet_xml(data))], ["X" * MB], level=9)


def zip_bomb() -> bytes:
    """A part of 200 MB of zeros, compressed a thousandfold."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _skeleton(archive)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            zeros = bytes(MB)
            for _ in range(200):
                part.write(zeros)
    return buffer.getvalue()


def many_parts() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _skeleton(archive)
        for index in range(600):
            archive.writestr(f"xl/media/p{index}.xml", "")
    return buffer.getvalue()


def million_rows() -> bytes:
    return csv_bytes([HEADER]) + b"HN,2025,1,1\r\n" * 1_000_000


def ten_thousand_columns() -> bytes:
    return csv_bytes([HEADER + [f"c{i}" for i in range(10_000)], ["HN", 2025, 1, 1]])


def ten_thousand_columns_xlsx() -> bytes:
    cells = "".join(f'<c r="{_letters(i)}1"><v>{i}</v></c>' for i in range(10_000))
    return workbook([("S", sheet_xml(f'<row r="1">{cells}</row>'))])


def _letters(index: int) -> str:
    letters, number = "", index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def bad_xml() -> bytes:
    return workbook([("S", f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</c></row></sheetData>')])


def entity_expansion() -> bytes:
    lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    return workbook(
        [
            (
                "S",
                lol
                + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>',
            )
        ]
    )


def text_in_a_number_cell() -> bytes:
    return workbook(
        [
            (
                "S",
                sheet_xml(
                    rows_xml([HEADER])
                    + '<row r="2"><c r="A2" t="inlineStr"><is><t>HN</t></is></c><c r="B2"><v>2025</v></c><c r="C2"><v>abc</v></c><c r="D2"><v>1</v></c></row>'
                ),
            )
        ]
    )


def missing_shared_string() -> bytes:
    return workbook([("S", sheet_xml('<row r="1"><c r="A1" t="s"><v>99</v></c></row>'))], ["x"])


def utf16_odd_length() -> bytes:
    return b"\xff\xfe" + "archive_code,year\r\nHN,2025".encode("utf-16-le") + b"\x00"


def utf16_lone_surrogate() -> bytes:
    return b"\xff\xfe" + "archive_code,year\r\nHN".encode("utf-16-le") + b"\x00\xd8" + ",2025".encode("utf-16-le")


def long_number_csv() -> bytes:
    return csv_bytes([HEADER, ["HN", "9" * 4301, "5" * 5000, 1]])


def long_number_xlsx() -> bytes:
    return workbook([("S", sheet_xml(rows_xml([HEADER, ["HN", 2025, ("n", "><v>" + "5" * 5000 + "</v>"), 1]])))])


# name -> (file name, builder, the status it must get)
CORPUS: dict[str, tuple[str, Callable[[], bytes], int]] = {
    "inline-string-400MB": ("a.xlsx", huge_inline_string, 413),
    "shared-string-amplifier": ("a.xlsx", shared_string_amplifier, 413),
    "zip-bomb": ("a.xlsx", zip_bomb, 413),
    "600-parts": ("a.xlsx", many_parts, 413),
    "1M-rows": ("a.csv", million_rows, 413),
    "10k-columns-csv": ("a.csv", ten_thousand_columns, 413),
    "10k-columns-xlsx": ("a.xlsx", ten_thousand_columns_xlsx, 413),
    "bad-xml": ("a.xlsx", bad_xml, 415),
    "entity-expansion": ("a.xlsx", entity_expansion, 415),
    "missing-shared-string": ("a.xlsx", missing_shared_string, 415),
    "text-in-number-cell": ("a.xlsx", text_in_a_number_cell, 422),
    "utf16-odd-length": ("a.csv", utf16_odd_length, 415),
    "utf16-lone-surrogate": ("a.csv", utf16_lone_surrogate, 415),
    "5000-digit-number-csv": ("a.csv", long_number_csv, 422),
    "5000-digit-number-xlsx": ("a.xlsx", long_number_xlsx, 422),
}
