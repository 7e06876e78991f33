"""Templates to fill: bilingual headers, a notes sheet, the caller's archives; and the round trip."""

import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.factories import create_archive
from tests.imports.sheets import upload, xlsx_rows

XLSX_URL = "/api/v1/imports/reports/template.xlsx"
CSV_URL = "/api/v1/imports/reports/template.csv"
LAST_YEAR = date.today().year - 1


@pytest.fixture(autouse=True)
def archives(client: TestClient) -> None:
    create_archive(client, "HN", name="湖南省档案馆", level="provincial")
    create_archive(client, "HN-CS", name="长沙市档案馆", parent_code="HN")
    create_archive(client, "HN-CS-LY", name="浏阳市档案馆", level="county", parent_code="HN-CS")


class TestXlsxTemplate:
    def test_bilingual_headers_and_every_archive_prefilled(self, client: TestClient) -> None:
        response = client.get(XLSX_URL)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
        rows = xlsx_rows(response.content)
        assert rows[0][:4] == ("档案馆代码", "档案馆名称", "年度", "馆藏案卷数（卷）")
        assert rows[1][:4] == ("archive_code", "archive_name", "year", "holdings_volumes")
        assert [row[:3] for row in rows[2:]] == [
            ("HN", "湖南省档案馆", LAST_YEAR),
            ("HN-CS", "长沙市档案馆", LAST_YEAR),
            ("HN-CS-LY", "浏阳市档案馆", LAST_YEAR),
        ]
        assert all(cell is None for row in rows[2:] for cell in row[3:])

    def test_year_can_be_chosen(self, client: TestClient) -> None:
        rows = xlsx_rows(client.get(XLSX_URL, params={"year": 2021}).content)
        assert {row[2] for row in rows[2:]} == {2021}

    def test_notes_sheet_explains_each_column_in_english(self, client: TestClient) -> None:
        workbook = load_workbook(io.BytesIO(client.get(XLSX_URL).content))
        assert workbook.sheetnames == ["年报 Reports", "说明 Notes"]
        notes = {row[0]: row for row in workbook["说明 Notes"].iter_rows(values_only=True) if row[0]}
        assert notes["digitized_volumes"][2] == "volumes"
        assert notes["digitized_volumes"][3] == "yes"
        assert "not more than holdings_volumes" in notes["digitized_volumes"][4]
        assert notes["electronic_records_gb"][2] == "GB"

    def test_notes_sheet_in_chinese(self, client: TestClient) -> None:
        content = client.get(XLSX_URL, headers={"Accept-Language": "zh-CN"}).content
        notes = {row[0]: row for row in xlsx_rows(content, sheet=1) if row[0]}
        assert notes["列名"][4] == "填写说明"
        assert (notes["holdings_volumes"][2], notes["holdings_volumes"][3]) == ("卷", "是")
        assert "不得超过馆藏案卷数" in notes["digitized_volumes"][4]


class TestCsvTemplate:
    def test_bom_two_header_rows_and_archives(self, client: TestClient) -> None:
        response = client.get(CSV_URL, params={"year": 2023})
        assert response.status_code == 200
        assert response.content.startswith("\ufeff".encode())
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("档案馆代码,档案馆名称,年度,馆藏案卷数（卷）")
        assert lines[1].startswith("archive_code,archive_name,year,holdings_volumes")
        assert lines[3].startswith("HN-CS,长沙市档案馆,2023,")


class TestRoundTrip:
    def test_xlsx_downloaded_filled_and_uploaded_is_stored(self, client: TestClient) -> None:
        workbook = load_workbook(io.BytesIO(client.get(XLSX_URL, params={"year": 2023}).content))
        sheet = workbook.worksheets[0]
        sheet["D3"], sheet["E3"], sheet["M3"] = 970000, 520000, "省馆数据"
        sheet["D4"], sheet["E4"], sheet["H4"], sheet["I4"] = 350000, 280000, 9000000, 7000000
        filled = io.BytesIO()
        workbook.save(filled)
        response = upload(client, filled.getvalue(), filename="filled.xlsx")
        assert response.status_code == 200, response.text
        assert (response.json()["created"], response.json()["skipped"]) == (2, 1)
        city = client.get("/api/v1/archives/HN-CS/reports/2023").json()
        assert (city["digitized_volumes"], city["digitized_pages"]) == (280000, 7000000)
        assert client.get("/api/v1/archives/HN/reports/2023").json()["note"] == "省馆数据"
        assert client.get("/api/v1/archives/HN-CS-LY/reports").json()["total"] == 0

    def test_csv_downloaded_filled_and_uploaded_is_stored(self, client: TestClient) -> None:
        lines = client.get(CSV_URL, params={"year": 2023}).content.decode("utf-8-sig").splitlines()
        lines[4] = lines[4].replace("2023,,,", "2023,80000,51000,", 1)
        response = upload(client, "\n".join(lines).encode("utf-8-sig"))
        assert response.status_code == 200, response.text
        assert client.get("/api/v1/archives/HN-CS-LY/reports/2023").json()["digitized_volumes"] == 51000
