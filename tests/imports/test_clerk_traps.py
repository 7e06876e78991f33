"""The last traps in clerk workbooks: a figure is never lost or misread without an error naming it.

1. a formula saved without its value (openpyxl's `<f>…</f><v/>`, a library's `<v>0</v>`
   in a workbook computed on opening) is refused as 公式未计算, naming sheet and cell;
2. clerks' variants of the headers are read, and a column that names a figure but is
   not known stops the import, naming the column and the closest known header; a row
   with numbers is never "a row without data";
3. two-level headers, a year only in the title, archive names without codes, and a
   vertical 指标 / 数量 form (refused, saying so);
5. an archive code typed in any case or width.
"""

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from tests.factories import create_archive, put_report
from tests.imports.raw_xlsx import rows_xml, sheet_xml, workbook
from tests.imports.sheets import upload
from tests.imports.spreadsheet_program import excel_like_workbook

REPORTS = "/api/v1/archives/{code}/reports"


@pytest.fixture(autouse=True)
def archives(client: TestClient) -> None:
    create_archive(client, "HN", name="湖南省档案馆", level="provincial")
    create_archive(client, "HN-CS", name="长沙市档案馆", parent_code="HN")


def stored(client: TestClient, code: str, year: int = 2025) -> dict:
    response = client.get(f"{REPORTS.format(code=code)}/{year}")
    assert response.status_code == 200, response.text
    return response.json()


def openpyxl_file(rows: list[list[object]], *, merged: tuple[str, ...] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "年报"
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["档案馆代码", "年度", "馆藏案卷数", "已数字化案卷数"]


class TestFormulaWithoutItsValue:
    @pytest.mark.parametrize("mode", ["merge", "replace"])
    def test_a_formula_written_by_openpyxl_is_refused_naming_its_cell(self, client: TestClient, mode: str) -> None:
        put_report(client, "HN", 2025, holdings=970000, digitized=500000)
        content = openpyxl_file([HEADER, ["HN", 2025, 970000, "=500000+20000"]])
        response = upload(client, content, filename="年报.xlsx", lang="zh", params={"mode": mode})
        assert response.status_code == 422, response.text
        problem = response.json()["summary"]["problems"][0]
        assert (problem["cell"], problem["code"]) == ("年报!D2", "formula_not_computed")
        assert "公式未计算" in problem["message"] and problem["message"].startswith("年报!D2")
        assert stored(client, "HN")["digitized_volumes"] == 500000

    def test_a_formula_with_an_empty_value_from_a_spreadsheet_program_is_refused(self, client: TestClient) -> None:
        content = excel_like_workbook(digitized='<c r="D2" s="1"><f>SUM(E2:F2)</f><v></v></c>')
        response = upload(client, content, filename="年报.xlsx", lang="zh")
        assert response.status_code == 422, response.text
        problem = response.json()["summary"]["problems"][0]
        assert (problem["cell"], problem["code"]) == ("年报!D2", "formula_not_computed")

    def test_a_computed_formula_from_a_spreadsheet_program_is_read(self, client: TestClient) -> None:
        content = excel_like_workbook(digitized='<c r="D2" s="1"><f>SUM(E2:F2)</f><v>520000</v></c>')
        response = upload(client, content, filename="年报.xlsx")
        assert response.status_code == 200, response.text
        assert stored(client, "HN")["digitized_volumes"] == 520000

    def test_a_cached_zero_in_a_workbook_computed_on_opening_is_not_taken_for_the_figure(
        self, client: TestClient
    ) -> None:
        content = excel_like_workbook(digitized='<c r="D2"><f>SUM(E2:F2)</f><v>0</v></c>', computed_on_load=True)
        response = upload(client, content, filename="年报.xlsx")
        assert response.status_code == 422, response.text
        assert response.json()["summary"]["problems"][0]["code"] == "formula_not_computed"


class TestHeaderVariants:
    @pytest.mark.parametrize(
        ("holdings", "digitized"),
        [("馆藏卷数", "数字化卷数"), ("馆藏总量(卷)", "数字化量(卷)"), ("馆藏档案卷数（卷）", "已数字化卷数（卷）")],
    )
    def test_common_variants_are_read(self, client: TestClient, holdings: str, digitized: str) -> None:
        put_report(client, "HN", 2025, holdings=900000, digitized=100000)
        content = openpyxl_file([["档案馆代码", "年度", holdings, digitized], ["HN", 2025, 970000, 520000]])
        response = upload(client, content, filename="年报.xlsx")
        assert response.status_code == 200, response.text
        report = stored(client, "HN")
        assert (report["holdings_volumes"], report["digitized_volumes"]) == (970000, 520000)

    def test_a_unit_in_brackets_says_which_figure_a_general_header_is(self, client: TestClient) -> None:
        rows = [["档案馆代码", "年度", "馆藏总量(卷)", "已数字化(卷)", "馆藏总量（件）", "数字化量（件）"]]
        response = upload(client, openpyxl_file([*rows, ["HN", 2025, 10, 5, 300, 200]]), filename="a.xlsx")
        assert response.status_code == 200, response.text
        report = stored(client, "HN")
        assert (report["holdings_items"], report["digitized_items"]) == (300, 200)

    def test_an_unknown_figure_column_is_refused_naming_it_and_the_closest_header(self, client: TestClient) -> None:
        put_report(client, "HN", 2025, holdings=900000, digitized=100000)
        rows = [["档案馆代码", "年度", "馆藏案卷数", "数字化完成量（卷次）"], ["HN", 2025, 970000, 520000]]
        response = upload(client, openpyxl_file(rows), filename="年报.xlsx", lang="zh")
        assert response.status_code == 422, response.text
        problem = response.json()["summary"]["problems"][0]
        assert (problem["cell"], problem["code"], problem["header"]) == (
            "年报!D1",
            "unknown_column",
            "数字化完成量（卷次）",
        )
        assert "最接近的已知表头为“已数字化案卷数”" in problem["message"]
        assert stored(client, "HN")["holdings_volumes"] == 900000

    def test_a_row_with_numbers_is_never_a_row_without_data(self, client: TestClient) -> None:
        rows = [["档案馆代码", "年度", "馆藏案卷数", "说明"], ["HN", 2025, None, None, 970000]]
        response = upload(client, openpyxl_file(rows), filename="年报.xlsx")
        assert response.status_code == 422, response.text
        problem = response.json()["summary"]["problems"][0]
        assert (problem["cell"], problem["code"], problem["value"]) == ("年报!E2", "figure_not_read", "970000")

    def test_a_computed_rate_column_is_only_passed_over(self, client: TestClient) -> None:
        rows = [HEADER + ["数字化率(%)"], ["HN", 2025, 1000, 500, 50]]
        response = upload(client, openpyxl_file(rows), filename="年报.xlsx")
        assert response.status_code == 200, response.text
        assert "数字化率(%)" in response.json()["warnings"][0]


class TestLayouts:
    def test_two_level_merged_headers_are_read(self, client: TestClient) -> None:
        rows = [
            ["档案馆代码", "档案馆名称", "年度", "馆藏纸质档案", None, None, "已数字化", None, None],
            [None, None, None, "卷", "件", "页", "卷", "件", "页"],
            ["HN", "湖南省档案馆", 2025, 970000, 40000, 9000000, 520000, 30000, 5000000],
        ]
        merged = ("A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:I1")
        response = upload(client, openpyxl_file(rows, merged=merged), filename="年报.xlsx")
        assert response.status_code == 200, response.text
        assert response.json()["rows_read"] == 1
        report = stored(client, "HN")
        figures = ("holdings_volumes", "holdings_items", "holdings_pages", "digitized_volumes", "digitized_items")
        assert [report[name] for name in figures] == [970000, 40000, 9000000, 520000, 30000]
        assert report["digitized_pages"] == 5000000

    def test_the_year_may_stand_only_in_the_title(self, client: TestClient) -> None:
        rows = [["湖南省2025年度档案数字化情况统计表"], ["档案馆代码", "馆藏案卷数", "已数字化案卷数"], ["HN", 10, 5]]
        response = upload(client, openpyxl_file(rows, merged=("A1:C1",)), filename="年报.xlsx")
        assert response.status_code == 200, response.text
        assert stored(client, "HN", 2025)["holdings_volumes"] == 10

    def test_archives_named_without_codes_are_found_by_their_exact_name(self, client: TestClient) -> None:
        rows = [["档案馆名称", "年度", "馆藏案卷数", "已数字化案卷数"], ["长沙市档案馆", 2025, 350000, 280000]]
        response = upload(client, openpyxl_file(rows), filename="年报.xlsx")
        assert response.status_code == 200, response.text
        assert stored(client, "HN-CS")["digitized_volumes"] == 280000

    def test_a_name_matching_no_archive_or_several_is_a_problem_naming_the_row(self, client: TestClient) -> None:
        create_archive(client, "HN-XT", name="长沙市档案馆", parent_code="HN")
        rows = [
            ["档案馆名称", "年度", "馆藏案卷数", "已数字化案卷数"],
            ["长沙市档案馆", 2025, 350000, 280000],
            ["长沙档案馆", 2025, 10, 5],
        ]
        response = upload(client, openpyxl_file(rows), filename="年报.xlsx")
        assert response.status_code == 422, response.text
        problems = response.json()["summary"]["problems"]
        assert [(p["row"], p["cell"], p["code"]) for p in problems] == [
            (2, "年报!A2", "unknown_archive_name"),
            (3, "年报!A3", "unknown_archive_name"),
        ]
        assert "names 2 archives (HN-CS, HN-XT)" in problems[0]["message"]
        assert client.get(f"{REPORTS.format(code='HN-CS')}/2025").status_code == 404

    def test_a_vertical_form_is_refused_saying_what_it_is(self, client: TestClient) -> None:
        rows = [
            ["长沙市档案馆2025年度数字化情况"],
            ["指标", "数量"],
            ["馆藏案卷数", 350000],
            ["已数字化案卷数", 280000],
        ]
        response = upload(client, openpyxl_file(rows), filename="年报.xlsx", lang="zh")
        assert response.status_code == 422, response.text
        assert response.json()["error"] == "EmptyFile"
        assert "竖排的“指标 / 数量”表" in response.json()["detail"]


@pytest.mark.parametrize("typed", ["hn-cs", " Hn-Cs ", "ＨＮ－ＣＳ"])
def test_a_code_typed_in_any_case_or_width_names_its_archive(client: TestClient, typed: str) -> None:
    content = workbook([("年报", sheet_xml(rows_xml([HEADER, [typed, 2025, 10, 5]])))])
    response = upload(client, content, filename="年报.xlsx")
    assert response.status_code == 200, response.text
    assert stored(client, "HN-CS")["holdings_volumes"] == 10
