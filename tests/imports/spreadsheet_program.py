"""A workbook laid out part by part as Excel 2016 saves one (docProps, styles, theme-less, shared strings,
calcChain, a sheet with its dimension, views, spans and styles), with one cell given by the test.

LibreOffice is not installed where the tests run, so this stands for "a file written by a spreadsheet
program" beside the files openpyxl writes.
"""

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
STRINGS = ["档案馆代码", "年度", "馆藏案卷数（卷）", "已数字化案卷数（卷）", "其中：本年", "其中：往年", "HN"]

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)


def excel_like_workbook(*, digitized: str, computed_on_load: bool = False) -> bytes:
    """A one-sheet report workbook (年报) whose D2 is `digitized` (a whole <c> element)."""
    calc = '<calcPr calcId="191029" fullCalcOnLoad="1"/>' if computed_on_load else '<calcPr calcId="191029"/>'
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": _rels(
            ("rId3", f"{RELS}/extended-properties", "docProps/app.xml"),
            ("rId2", f"{PACKAGE_RELS}/metadata/core-properties", "docProps/core.xml"),
            ("rId1", f"{RELS}/officeDocument", "xl/workbook.xml"),
        ),
        "docProps/app.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties '
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Microsoft Excel</Application><AppVersion>16.0300</AppVersion></Properties>",
        "docProps/core.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张三</dc:creator></cp:coreProperties>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<workbook xmlns="{MAIN}" '
        f'xmlns:r="{RELS}"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>'
        '<workbookPr defaultThemeVersion="166925"/><bookViews><workbookView xWindow="-120" yWindow="-120" '
        'windowWidth="29040" windowHeight="15840"/></bookViews><sheets><sheet name="年报" sheetId="1" r:id="rId1"/>'
        f"</sheets>{calc}</workbook>",
        "xl/_rels/workbook.xml.rels": _rels(
            ("rId1", f"{RELS}/worksheet", "worksheets/sheet1.xml"),
            ("rId3", f"{RELS}/styles", "styles.xml"),
            ("rId4", f"{RELS}/sharedStrings", "sharedStrings.xml"),
            ("rId5", f"{RELS}/calcChain", "calcChain.xml"),
        ),
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<styleSheet xmlns="{MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="176" formatCode="#,##0"/></numFmts><fonts count="1"><font>'
        '<sz val="11"/><name val="等线"/><charset val="134"/></font></fonts><fills count="1"><fill>'
        '<patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        "</styleSheet>",
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="{MAIN}" '
        f'count="{len(STRINGS)}" uniqueCount="{len(STRINGS)}">'
        + "".join(f"<si><t>{text}</t></si>" for text in STRINGS)
        + "</sst>",
        "xl/calcChain.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<calcChain xmlns="{MAIN}">'
        '<c r="D2" i="1"/></calcChain>',
        "xl/worksheets/sheet1.xml": _sheet(digitized),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _rels(*relationships: tuple[str, str, str]) -> str:
    items = "".join(f'<Relationship Id="{i}" Type="{kind}" Target="{target}"/>' for i, kind, target in relationships)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="{PACKAGE_RELS}">{items}</Relationships>'


def _sheet(digitized: str) -> str:
    header = "".join(f'<c r="{column}1" t="s"><v>{index}</v></c>' for index, column in enumerate("ABCDEF"))
    row = (
        '<c r="A2" t="s"><v>6</v></c><c r="B2"><v>2025</v></c><c r="C2" s="1"><v>970000</v></c>'
        f'{digitized}<c r="E2" s="1"><v>20000</v></c><c r="F2" s="1"><v>500000</v></c>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">'
        '<dimension ref="A1:F2"/><sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<selection activeCell="D2" sqref="D2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="14.25" x14ac:dyDescent="0.2" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"/>'
        '<cols><col min="1" max="6" width="16.625" customWidth="1"/></cols>'
        f'<sheetData><row r="1" spans="1:6">{header}</row><row r="2" spans="1:6">{row}</row></sheetData>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="portrait"/></worksheet>'
    )
