"""Hostile uploads that once cost seconds and gigabytes, generated here, never committed as binaries.

Each builder makes the file the attack used, scaled down where building the
original would slow the tests, but never below what proves the bound: the reader
must refuse it by a budget, not by running out of input.
"""

import io
import random
import zipfile
from collections.abc import Callable

import xlwt

from tests.imports.hostile import HEADER
from tests.imports.raw_xlsx import CONTENT_TYPES, MAIN, RELS, ROOT_RELS, rows_xml, sheet_xml, workbook

KB = 1024
LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(2, 10)).replace("&lol1;", "&lol;")
    + "]>"
)
# Entities that stay under expat's own amplification guard (8 MiB of output): a parser that takes the DTD
# expands 4 MB into one cell, which is what reached the reader before.
WIDE = '<!DOCTYPE worksheet [<!ENTITY a "' + "x" * 1000 + '"><!ENTITY b "' + "&a;" * 1000 + '">]>'
WIDE_SHEET = (
    f'<worksheet xmlns="{MAIN}"><sheetData>{rows_xml([HEADER])}<row r="2"><c r="A2" t="inlineStr"><is><t>'
    + "&b;" * 4
    + '</t></is></c><c r="B2"><v>2025</v></c><c r="C2"><v>10</v></c><c r="D2"><v>5</v></c></row></sheetData></worksheet>'
)
LAUGHING_SHEET = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'


def billion_laughs() -> bytes:
    """Entities that expand tenfold, nine times over, into one cell."""
    return workbook([("S", '<?xml version="1.0" encoding="UTF-8"?>' + LAUGHS + LAUGHING_SHEET)])


def doctype_after_a_comment() -> bytes:
    """The DTD after a 5 KB comment, past where a byte search looked."""
    comment = "<!--" + "x" * (5 * KB) + "-->"
    return workbook([("S", '<?xml version="1.0" encoding="UTF-8"?>' + comment + WIDE + WIDE_SHEET)])


def doctype_in_utf16() -> bytes:
    """The DTD in a part saved as UTF-16, where no ASCII byte search finds it."""
    part = ('<?xml version="1.0" encoding="UTF-16"?>' + WIDE + WIDE_SHEET).encode("utf-16")
    return _workbook_of_parts({"xl/worksheets/sheet1.xml": part})


def nested_elements(count: int = 1_000_000) -> bytes:
    """Elements opened inside each other (the attack nested 12 million in a 16 MB upload), named at random so that
    the part compresses as badly as the attack's did and no ratio check stops it before the parser."""
    names = [f"<a{number:04x}>" for number in range(65536)]
    picks = memoryview(random.Random(23).randbytes(2 * count)).cast("H")
    opening = "".join(map(names.__getitem__, picks))
    return workbook([("S", f'<worksheet xmlns="{MAIN}"><sheetData>{opening}')], level=1)


def empty_rows(count: int = 1_000_000) -> bytes:
    """A header, then a million empty rows (2.5 MB: the attack was answered 200 after 5.6 s)."""
    rows = "".join(f'<row r="{n}"/>' for n in range(2, count + 2))
    return workbook([("S", sheet_xml(rows_xml([HEADER]) + rows))], level=9)


def shared_strings(count: int) -> bytes:
    """Millions of shared strings (the attack: 3.2 million in 9.3 MB, 23.6 s, +502 MB)."""
    data = rows_xml([HEADER]) + '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>2025</v></c></row>'
    strings = "".join([f"<si><t>{number}</t></si>" for number in range(count)])
    return _workbook_of_parts(
        {
            "xl/worksheets/sheet1.xml": sheet_xml(data).encode(),
            "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{strings}</sst>'.encode(),
        }
    )


def many_megabyte_sheets(sheets: int = 60, junk: bool = False) -> bytes:
    """Sheets of about 1 MB each (1.04 MB: under the ratio check), compressed small: rows without a header, or
    (junk) a megabyte of elements before any row. (The attack had 155 such parts: 71 s.)"""
    if junk:
        part = sheet_xml("").replace("<sheetData>", "<sheetPr>" + "<x/>" * 260_000 + "</sheetPr><sheetData>")
    else:
        part = sheet_xml("".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 21_000)))
    return workbook([(f"S{n}", part) for n in range(1, sheets + 1)], level=1)


def xls_far_cells(sheets: int) -> bytes:
    """An .xls whose every sheet holds one cell at row 50,000, column 200 (a 9.7 KB file once took 83 s)."""
    book = xlwt.Workbook()
    for number in range(sheets):
        book.add_sheet(f"S{number}").write(49_999, 199, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls_far_cells_after_a_header() -> bytes:
    """The same cell below a header row: the sheet is read whole, its rows ragged (never padded to column 200)."""
    book = xlwt.Workbook()
    for number in range(10):
        sheet = book.add_sheet(f"S{number}")
        for column, text in enumerate(HEADER):
            sheet.write(0, column, text)
        sheet.write(49_999, 199, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _workbook_of_parts(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
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
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# name -> (file name, builder, the status it must get)
BOUNDS_CORPUS: dict[str, tuple[str, Callable[[], bytes], int]] = {
    "doctype-after-5KB-comment": ("a.xlsx", doctype_after_a_comment, 415),
    "doctype-in-utf16": ("a.xlsx", doctype_in_utf16, 415),
    "billion-laughs": ("a.xlsx", billion_laughs, 415),
    "1M-nested-elements": ("a.xlsx", nested_elements, 413),
    "1M-empty-rows": ("a.xlsx", empty_rows, 413),
    "3.2M-shared-strings": ("a.xlsx", lambda: shared_strings(3_200_000), 413),
    "1M-shared-strings": ("a.xlsx", lambda: shared_strings(1_000_000), 413),
    "60-sheets-of-1MB": ("a.xlsx", many_megabyte_sheets, 413),
    "50-sheets-of-1MB-rows": ("a.xlsx", lambda: many_megabyte_sheets(50), 422),
    "50-sheets-of-1MB-junk": ("a.xlsx", lambda: many_megabyte_sheets(50, junk=True), 413),
    "xls-10-sheets-far-cell": ("a.xls", lambda: xls_far_cells(10), 422),
    "xls-200-sheets-far-cell": ("a.xls", lambda: xls_far_cells(200), 413),
    "xls-far-cell-after-header": ("a.xls", xls_far_cells_after_a_header, 422),
}
