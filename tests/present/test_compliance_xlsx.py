"""The compliance list as XLSX: the status column in Chinese words, the rules sheet as the CSV."""

import csv
import io

import pytest
from fastapi.testclient import TestClient
from lantai_client import Lantai
from openpyxl import load_workbook

from tests.scenario import PLAN, YEAR, build_scenario

URL = "/api/v1/compliance"


@pytest.fixture(autouse=True)
def scenario(client: TestClient) -> None:
    build_scenario(client)


def workbook(client: TestClient, **params: object):  # type: ignore[no-untyped-def]
    response = client.get(URL, params={"plan": PLAN, "year": YEAR, "format": "xlsx", **params})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


class TestComplianceXlsx:
    def test_status_in_chinese_words_beside_the_code(self, client: TestClient) -> None:
        rows = list(workbook(client).worksheets[0].iter_rows(values_only=True))
        assert rows[0][3:5] == ("状态", "状态代码")
        statuses = {row[0]: (row[3], row[4]) for row in rows[2:]}
        assert statuses == {
            "HN-CS": ("已达标", "achieved"),
            "HN-CS-LY": ("存在风险", "at_risk"),
            "HN-ZZ": ("进度滞后", "off_track"),
            "HN-ZZ-YX": ("未报送", "no_data"),
        }

    def test_figures_are_numbers(self, client: TestClient) -> None:
        rows = list(workbook(client).worksheets[0].iter_rows(values_only=True))
        city = next(row for row in rows if row[0] == "HN-ZZ")
        assert (city[6], city[7]) == (31.0, 80)

    def test_rules_sheet_has_the_csv_columns(self, client: TestClient) -> None:
        sheet = workbook(client).worksheets[1]
        header = next(sheet.iter_rows(values_only=True))
        text = client.get(URL, params={"plan": PLAN, "year": YEAR, "format": "csv"}).content.decode("utf-8-sig")
        assert list(header) == next(csv.reader(io.StringIO(text)))

    def test_filters_and_reasons_in_chinese(self, client: TestClient) -> None:
        response = client.get(
            URL,
            params={"plan": PLAN, "year": YEAR, "format": "xlsx", "parent_code": "HN-CS"},
            headers={"Accept-Language": "zh"},
        )
        rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
        assert [row[0] for row in rows[2:]] == ["HN-CS-LY"]
        assert "数字化率" in rows[2][11]

    def test_the_client_fetches_it(self, client: TestClient, admin_token: str) -> None:
        content = Lantai(str(client.base_url), admin_token, http=client).download_compliance(
            PLAN, YEAR, format="xlsx", level="county"
        )
        rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
        assert [row[0] for row in rows[2:]] == ["HN-CS-LY", "HN-ZZ-YX"]


class TestOddNames:
    def test_control_characters_in_a_name_do_not_break_the_workbook(self, client: TestClient) -> None:
        client.post(
            "/api/v1/archives", json={"code": "ODD", "name": "怪\x17名", "level": "county", "parent_code": "HN-CS"}
        )
        rows = list(workbook(client).worksheets[0].iter_rows(values_only=True))
        assert ("ODD", "怪名") in [row[:2] for row in rows]
        template = client.get("/api/v1/imports/reports/template.xlsx")
        assert template.status_code == 200
