"""Reports follow the archive's dates: no report for a year it was closed all year or not yet open; the import
finds an archive by the name or region code it had in the row's year."""

from fastapi.testclient import TestClient

from tests.api.hierarchy.helpers import province_with_cities
from tests.factories import create_archive, record_event, report_body
from tests.imports.sheets import csv_bytes, upload

REPORTS = "/api/v1/archives/{code}/reports"


class TestReportsWhileClosed:
    def test_a_report_for_a_year_the_archive_was_closed_all_year_is_refused_naming_the_dates(
        self, client: TestClient
    ) -> None:
        province_with_cities(client)
        record_event(client, "HB-WH", type="close", effective_date="2015-07-01")
        assert client.put(f"{REPORTS.format(code='HB-WH')}/2015", json=report_body()).status_code == 201
        response = client.put(f"{REPORTS.format(code='HB-WH')}/2016", json=report_body())
        assert response.status_code == 422
        assert response.json()["error"] == "ArchiveNotOpen"
        assert "2015-06-30" in response.json()["detail"] and "2016" in response.json()["detail"]
        assert client.get(f"{REPORTS.format(code='HB-WH')}/2016").status_code == 404

    def test_a_report_for_a_year_before_the_archive_opened_is_refused(self, client: TestClient) -> None:
        province_with_cities(client)
        create_archive(client, "HB-NEW", parent_code="HB", opened_on="2019-03-01")
        response = client.put(f"{REPORTS.format(code='HB-NEW')}/2018", json=report_body())
        assert response.status_code == 422 and "2019-03-01" in response.json()["detail"]
        zh = client.put(f"{REPORTS.format(code='HB-NEW')}/2018", json=report_body(), headers={"Accept-Language": "zh"})
        assert "全年未开放" in zh.json()["detail"]
        assert client.put(f"{REPORTS.format(code='HB-NEW')}/2019", json=report_body()).status_code == 201

    def test_a_patch_for_a_closed_year_is_refused_too(self, client: TestClient) -> None:
        province_with_cities(client)
        create_archive(client, "HB-NEW", parent_code="HB", opened_on="2019-03-01")
        response = client.patch(f"{REPORTS.format(code='HB-NEW')}/2018", json={"digitized_volumes": 5})
        assert response.status_code in (404, 422)


def rows(*lines: list[object]) -> bytes:
    return csv_bytes([["档案馆代码", "档案馆名称", "年度", "馆藏案卷数", "已数字化案卷数"], *lines])


class TestImports:
    def test_a_former_name_finds_the_archive_for_a_year_it_had_that_name(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(
            client,
            "HB-XY",
            type="rename",
            effective_date="2010-11-26",
            name="襄阳市档案馆",
            former={"name": "襄樊市档案馆"},
        )
        content = csv_bytes([["档案馆名称", "年度", "馆藏案卷数", "已数字化案卷数"], ["襄樊市档案馆", 2009, 1000, 100]])
        response = upload(client, content, filename="年报.csv")
        assert response.status_code == 200, response.text
        assert client.get(f"{REPORTS.format(code='HB-XY')}/2009").json()["digitized_volumes"] == 100

    def test_a_former_name_is_a_problem_for_a_year_after_the_rename(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(
            client,
            "HB-XY",
            type="rename",
            effective_date="2010-11-26",
            name="襄阳市档案馆",
            former={"name": "襄樊市档案馆"},
        )
        content = csv_bytes([["档案馆名称", "年度", "馆藏案卷数", "已数字化案卷数"], ["襄樊市档案馆", 2012, 1000, 100]])
        response = upload(client, content, filename="年报.csv")
        assert response.status_code == 422
        assert [p["code"] for p in response.json()["summary"]["problems"]] == ["unknown_archive_name"]

    def test_a_former_region_code_finds_the_archive_for_a_year_it_had_it(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(
            client,
            "HN-CS-NX",
            type="recode",
            effective_date="2017-04-09",
            region_code="430182",
            former={"region_code": "430124"},
        )
        content = csv_bytes([["档案馆代码", "年度", "馆藏案卷数", "已数字化案卷数"], ["430124", 2016, 1000, 100]])
        response = upload(client, content, filename="年报.csv")
        assert response.status_code == 200, response.text
        assert client.get(f"{REPORTS.format(code='HN-CS-NX')}/2016").json()["digitized_volumes"] == 100

    def test_a_row_for_a_year_the_archive_was_closed_is_a_problem_and_nothing_is_written(
        self, client: TestClient
    ) -> None:
        province_with_cities(client)
        record_event(client, "HB-WH", type="close", effective_date="2015-01-01")
        content = csv_bytes(
            [
                ["档案馆代码", "年度", "馆藏案卷数", "已数字化案卷数"],
                ["HB-XY", 2016, 1000, 100],
                ["HB-WH", 2016, 1000, 100],
            ]
        )
        response = upload(client, content, filename="年报.csv")
        assert response.status_code == 422
        problems = response.json()["summary"]["problems"]
        assert [(p["row"], p["code"]) for p in problems] == [(3, "archive_not_open")]
        assert client.get(f"{REPORTS.format(code='HB-XY')}/2016").status_code == 404
