"""Workbooks as clerks really have them: each read correctly, or refused with a message naming the cell."""

import io

import pytest
import xlwt
from fastapi.testclient import TestClient
from openpyxl import Workbook

from tests.factories import create_archive, put_report
from tests.imports.raw_xlsx import rows_xml, sheet_xml, workbook
from tests.imports.sheets import upload

REPORTS = "/api/v1/archives/{code}/reports"
TITLE = "湖南省2025年度档案数字化情况统计表"
HEADER = ["档案馆代码", "档案馆名称", "年度", "馆藏案卷数（卷）", "已数字化案卷数(卷)", "机读目录条目数 条", "填表说明"]
ROWS = [
    ["HN", "湖南省档案馆", 2025, 970000, 520000, 640000, "省馆"],
    ["HN-CS", "长沙市档案馆", 2025, 350000, 280000, None, "市馆"],
]
TOTALS = ["合计", None, None, 1320000, 800000, 640000, None]
FOOTER = [["填表人：张三", None, "审核人：李四"], ["填报日期：2026年1月15日"]]


@pytest.fixture(autouse=True)
def archives(client: TestClient) -> None:
    create_archive(client, "HN", name="湖南省档案馆", level="provincial")
    create_archive(client, "HN-CS", name="长沙市档案馆", parent_code="HN")


def stored(client: TestClient, code: str, year: int = 2025) -> dict:
    response = client.get(f"{REPORTS.format(code=code)}/{year}")
    assert response.status_code == 200, response.text
    return response.json()


def clerk_xlsx(rows: list[list[object]], *, cover: bool = False, merged_title: bool = True) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if cover:
        sheet.title = "封面"
        sheet.append(["填报说明：请填写年末累计数"])
        sheet = book.create_sheet("年报")
    else:
        sheet.title = "年报"
    for row in rows:
        sheet.append(row)
    if merged_title:
        sheet.merge_cells("A1:G1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TestOrdinaryWorkbooks:
    def test_title_cover_notes_totals_and_footer_are_all_read_past(self, client: TestClient) -> None:
        rows = [[TITLE], [], HEADER, *ROWS, TOTALS, [], *FOOTER]
        response = upload(client, clerk_xlsx(rows, cover=True), filename="年报.xlsx")
        assert response.status_code == 200, response.text
        summary = response.json()
        assert (summary["created"], summary["rows_read"]) == (2, 2)
        assert summary["warnings"] == ["年报: columns not read (not known to Lantai): G “填表说明”"]
        assert stored(client, "HN")["catalog_entries"] == 640000
        assert stored(client, "HN-CS")["digitized_volumes"] == 280000

    def test_a_totals_row_that_disagrees_is_a_warning_naming_its_cell(self, client: TestClient) -> None:
        rows = [HEADER, *ROWS, ["合计", None, None, 1320001, 800000, None, None]]
        response = upload(client, clerk_xlsx(rows, merged_title=False), filename="年报.xlsx", lang="zh")
        assert response.status_code == 200, response.text
        assert (
            response.json()["warnings"][-1]
            == "年报!D4（馆藏案卷数（卷））：合计行为 1,320,001，上方各行之和为 1,320,000"
        )

    def test_a_footer_is_never_archive_code_missing(self, client: TestClient) -> None:
        rows = [HEADER, *ROWS, ["制表：王五", None, None, None, None, None, "负责人签字"], ["（盖章）"], ["盖章"]]
        response = upload(client, clerk_xlsx(rows, merged_title=False), filename="年报.xlsx")
        assert response.status_code == 200, response.text

    def test_a_row_with_figures_and_no_code_names_the_cell(self, client: TestClient) -> None:
        rows = [HEADER, *ROWS, [None, "浏阳市档案馆", 2025, 1000, 10]]
        response = upload(client, clerk_xlsx(rows, merged_title=False), filename="年报.xlsx", lang="zh")
        problem = response.json()["summary"]["problems"][0]
        assert (problem["cell"], problem["header"], problem["code"]) == ("年报!A4", "档案馆代码", "required")
        assert problem["message"] == "年报!A4（档案馆代码）：为必填项，不能为空"

    def test_legacy_xls_is_read(self, client: TestClient) -> None:
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("年报")
        for number, row in enumerate([[TITLE], HEADER, *ROWS, TOTALS]):
            for column, value in enumerate(row):
                if value is not None:
                    sheet.write(number, column, value)
        sheet.write(5, 6, xlwt.Formula("D3+D4"))
        buffer = io.BytesIO()
        book.save(buffer)
        response = upload(client, buffer.getvalue(), filename="年报.xls")
        assert response.status_code == 200, response.text
        assert stored(client, "HN")["holdings_volumes"] == 970000


class TestFormulasAndFormats:
    def test_a_formula_is_read_from_its_cached_value(self, client: TestClient) -> None:
        data = rows_xml([HEADER[:5], ["HN", "湖南省档案馆", 2025, ("f", "><f>2810000+10000</f><v>2820000</v>"), 5]])
        response = upload(client, workbook([("年报", sheet_xml(data))]), filename="年报.xlsx")
        assert response.status_code == 200, response.text
        assert stored(client, "HN")["holdings_volumes"] == 2820000

    def test_a_formula_without_a_cached_value_is_a_problem_of_its_cell(self, client: TestClient) -> None:
        data = rows_xml([HEADER[:5], ["HN", "湖南省档案馆", 2025, ("f", "><f>2810000+10000</f>"), 5]])
        response = upload(client, workbook([("年报", sheet_xml(data))]), filename="年报.xlsx", lang="zh")
        assert response.status_code == 422
        problem = response.json()["summary"]["problems"][0]
        assert (problem["cell"], problem["code"]) == ("年报!D2", "formula_not_computed")
        assert "公式未计算：请在 Excel 或 WPS 中打开并保存后再导入" in problem["message"]
        assert client.get(f"{REPORTS.format(code='HN')}/2025").status_code == 404

    def test_a_percent_formatted_cell_in_a_count_column_is_refused_naming_it(self, client: TestClient) -> None:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "年报"
        sheet.append(HEADER[:5])
        sheet.append(["HN", "湖南省档案馆", 2025, 970000, 0.53])
        sheet["E2"].number_format = "0%"
        buffer = io.BytesIO()
        book.save(buffer)
        response = upload(client, buffer.getvalue(), filename="年报.xlsx")
        problem = response.json()["summary"]["problems"][0]
        assert (problem["cell"], problem["header"], problem["value"], problem["code"]) == (
            "年报!E2",
            "已数字化案卷数(卷)",
            "0.53",
            "not_a_number",
        )

    def test_shared_strings_and_full_width_digits(self, client: TestClient) -> None:
        data = '<row r="1">' + "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCD")) + "</row>"
        data += '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>2025</v></c><c r="C2" t="s"><v>5</v></c><c r="D2"><v>10</v></c></row>'
        shared = ["档案馆代码", "年度", "馆藏案卷数（卷）", "已数字化案卷数（卷）", "ＨＮ", "９７０，０００"]
        response = upload(client, workbook([("年报", sheet_xml(data))], shared), filename="年报.xlsx")
        assert response.status_code == 200, response.text
        assert stored(client, "HN")["holdings_volumes"] == 970000


class TestMergeAndReplace:
    FULL = {"holdings_volumes": 465829, "digitized_volumes": 200000, "catalog_entries": 465829, "fulltext_pages": 10}

    def test_a_sheet_with_only_volumes_leaves_every_other_figure_as_it_was(self, client: TestClient) -> None:
        client.put(f"{REPORTS.format(code='HN-CS')}/2025", json=self.FULL | {"note": "更正：上次少录一位"})
        rows = [HEADER[:5], ["HN-CS", "长沙市档案馆", 2025, 470000, 200000]]
        response = upload(client, clerk_xlsx(rows, merged_title=False), filename="年报.xlsx")
        assert response.status_code == 200, response.text
        city = stored(client, "HN-CS")
        assert (city["holdings_volumes"], city["catalog_entries"], city["fulltext_pages"]) == (470000, 465829, 10)
        assert city["note"] == "更正：上次少录一位"

    def test_dry_run_shows_each_figure_before_and_after_and_what_replace_would_clear(self, client: TestClient) -> None:
        client.put(f"{REPORTS.format(code='HN-CS')}/2025", json=self.FULL)
        rows = [HEADER[:5], ["HN-CS", "长沙市档案馆", 2025, 470000, 200000]]
        response = upload(client, clerk_xlsx(rows, merged_title=False), filename="年报.xlsx", dry_run=True)
        change = response.json()["changes"][0]
        assert change["figures"] == [{"figure": "holdings_volumes", "before": 465829, "after": 470000}]
        assert change["cleared_by_replace"] == ["catalog_entries", "fulltext_pages"]
        assert stored(client, "HN-CS")["holdings_volumes"] == 465829

    def test_replace_clears_what_the_sheet_leaves_blank(self, client: TestClient) -> None:
        client.put(f"{REPORTS.format(code='HN-CS')}/2025", json=self.FULL)
        rows = [HEADER[:5], ["HN-CS", "长沙市档案馆", 2025, 470000, 200000]]
        response = upload(client, clerk_xlsx(rows, merged_title=False), filename="a.xlsx", params={"mode": "replace"})
        assert response.status_code == 200, response.text
        assert stored(client, "HN-CS")["catalog_entries"] is None

    def test_notes_are_stored_as_typed_and_the_same_file_again_changes_nothing(self, client: TestClient) -> None:
        rows = [HEADER[:5] + ["备注"], ["HN", "湖南省档案馆", 2025, 10, 5, "第１批 ﬁle "]]
        content = clerk_xlsx(rows, merged_title=False)
        upload(client, content, filename="a.xlsx")
        client.put(
            f"{REPORTS.format(code='HN')}/2025",
            json={"holdings_volumes": 10, "digitized_volumes": 5, "note": "第１批 ﬁle "},
        )
        assert stored(client, "HN")["note"] == "第１批 ﬁle " and stored(client, "HN")["revision"] == 1
        assert upload(client, content, filename="a.xlsx").json()["unchanged"] == 1

    def test_minus_zero_in_a_cell_is_zero(self, client: TestClient) -> None:
        put_report(client, "HN", 2025, holdings=10, digitized=5)
        rows = [["archive_code", "year", "holdings_volumes", "digitized_volumes"], ["HN", 2025, 10, "-0"]]
        assert upload(client, clerk_xlsx(rows, merged_title=False), filename="a.xlsx").status_code == 200
        assert stored(client, "HN")["digitized_volumes"] == 0


def test_a_formula_whose_value_is_empty_text_is_a_blank(client: TestClient) -> None:
    put_report(client, "HN", 2025, holdings=10, digitized=5, catalog_entries=7)
    header = ["archive_code", "year", "holdings_volumes", "digitized_volumes", "catalog_entries"]
    blank = ("f", ' t="str"><f>IF(A1="","",A1)</f><v></v>')
    data = rows_xml([header, ["HN", 2025, 10, 6, blank]])
    response = upload(client, workbook([("年报", sheet_xml(data))]), filename="a.xlsx")
    assert response.status_code == 200, response.text
    assert (stored(client, "HN")["digitized_volumes"], stored(client, "HN")["catalog_entries"]) == (6, 7)
