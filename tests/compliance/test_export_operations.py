"""GET /compliance.csv and /compliance.xlsx: the compliance list's exports as operations of their own.

GET /compliance is declared JSON alone (a generated client types it without a media type spelled
out: tests/contract/test_typescript.py); `format=` on it keeps working for the scripts that send
it, and answers the same bytes as the export operations."""

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.compliance.builders import PLAN, archive_with_reports, fourteenth_plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _country(client: TestClient) -> None:
    fourteenth_plan(client)
    archive_with_reports(client, "HN-CS", {2021: 400, 2022: 500, 2023: 600}, name="长沙市档案馆")
    archive_with_reports(client, "HN-YY", {2023: 300}, name="岳阳市档案馆")


def test_the_csv_export_is_the_list_as_csv(client: TestClient) -> None:
    _country(client)
    exported = client.get("/api/v1/compliance.csv", params={"plan": PLAN, "lang": "zh"})
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert exported.content.startswith(b"\xef\xbb\xbf") and "长沙市档案馆" in exported.content.decode("utf-8-sig")
    legacy = client.get("/api/v1/compliance", params={"plan": PLAN, "lang": "zh", "format": "csv"})
    assert legacy.content == exported.content


def test_the_xlsx_export_is_a_workbook_of_the_filtered_archives(client: TestClient) -> None:
    _country(client)
    exported = client.get("/api/v1/compliance.xlsx", params={"plan": PLAN, "under": "HN-YY"})
    assert exported.status_code == 200 and exported.headers["content-type"] == XLSX
    cells = [
        str(cell)
        for row in load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True)
        for cell in row
    ]
    assert any("岳阳市档案馆" in cell for cell in cells) and not any("长沙市档案馆" in cell for cell in cells)


def test_the_exports_refuse_what_the_list_refuses(client: TestClient) -> None:
    _country(client)
    unknown_plan = client.get("/api/v1/compliance.csv", params={"plan": "NOPE"})
    assert unknown_plan.status_code == 404 and unknown_plan.json()["error"] == "PlanNotFound"
    assert client.get("/api/v1/compliance.xlsx", params={"plan": PLAN, "format": "csv"}).json()["error"] == (
        "UnknownParameter"
    )


def test_the_openapi_declares_json_for_the_list_and_one_media_type_for_each_export(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    declared = {
        path: list(paths[path]["get"]["responses"]["200"]["content"])
        for path in ("/api/v1/compliance", "/api/v1/compliance.csv", "/api/v1/compliance.xlsx")
    }
    assert declared == {
        "/api/v1/compliance": ["application/json"],
        "/api/v1/compliance.csv": ["text/csv"],
        "/api/v1/compliance.xlsx": [XLSX],
    }
    assert "format" not in {parameter["name"] for parameter in paths["/api/v1/compliance"]["get"]["parameters"]}
