"""Spreadsheets made in the tests: CSV and XLSX bytes from rows of cells, and a way to post them."""

import csv
import io
from collections.abc import Sequence

from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import Workbook, load_workbook

IMPORT_URL = "/api/v1/imports/reports"
ZH_HEADER = [
    "档案馆代码",
    "年度",
    "馆藏案卷数（卷）",
    "已数字化案卷数（卷）",
    "馆藏页数（页）",
    "已数字化页数（页/幅）",
    "备注",
]
EN_HEADER = [
    "archive_code",
    "year",
    "holdings_volumes",
    "digitized_volumes",
    "holdings_pages",
    "digitized_pages",
    "note",
]
Rows = Sequence[Sequence[object]]


def csv_bytes(rows: Rows, *, bom: bool = True, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def xlsx_bytes(rows: Rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_rows(content: bytes, sheet: int = 0) -> list[tuple[object, ...]]:
    workbook = load_workbook(io.BytesIO(content))
    return [tuple(row) for row in workbook.worksheets[sheet].iter_rows(values_only=True)]


def upload(
    client: TestClient,
    content: bytes,
    *,
    filename: str = "reports.csv",
    dry_run: bool | None = None,
    lang: str | None = None,
    params: dict[str, str] | None = None,
) -> Response:
    params = dict(params or {}) | ({} if dry_run is None else {"dry_run": str(dry_run).lower()})
    headers = {"Accept-Language": lang} if lang else {}
    return client.post(IMPORT_URL, files={"file": (filename, content)}, params=params, headers=headers)
