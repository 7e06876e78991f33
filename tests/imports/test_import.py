"""Spreadsheet import through HTTP: CSV and XLSX, Chinese or English headers, all rows or none."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import create_archive, put_report
from tests.imports.sheets import EN_HEADER, ZH_HEADER, csv_bytes, upload, xlsx_bytes

REPORTS = "/api/v1/archives/{code}/reports"


@pytest.fixture(autouse=True)
def archives(client: TestClient) -> None:
    create_archive(client, "HN", name="湖南省档案馆", level="provincial")
    create_archive(client, "HN-CS", name="长沙市档案馆", parent_code="HN")
    create_archive(client, "HN-CS-LY", name="浏阳市档案馆", level="county", parent_code="HN-CS")


def stored(client: TestClient, code: str, year: int) -> dict:
    response = client.get(f"{REPORTS.format(code=code)}/{year}")
    assert response.status_code == 200, response.text
    return response.json()


def report_count(client: TestClient) -> int:
    return sum(client.get(REPORTS.format(code=code)).json()["total"] for code in ("HN", "HN-CS", "HN-CS-LY"))


GOOD_ROWS = [
    ["HN", 2023, 970000, 520000, 41000000, 20500000, "省馆"],
    ["HN-CS", 2023, 350000, 280000, None, None, None],
]


class TestImportFile:
    def test_csv_with_chinese_headers_and_bom_is_stored(self, client: TestClient) -> None:
        response = upload(client, csv_bytes([ZH_HEADER, *GOOD_ROWS]))
        assert response.status_code == 200, response.text
        summary = response.json()
        assert (summary["rows_read"], summary["created"], summary["replaced"], summary["unchanged"]) == (2, 2, 0, 0)
        assert summary["written"] is True and summary["problems"] == []
        province = stored(client, "HN", 2023)
        assert (province["holdings_volumes"], province["digitized_pages"], province["note"]) == (
            970000,
            20500000,
            "省馆",
        )
        assert province["revision"] == 1

    def test_csv_without_bom_with_english_keys(self, client: TestClient) -> None:
        response = upload(client, csv_bytes([EN_HEADER, *GOOD_ROWS], bom=False))
        assert response.status_code == 200, response.text
        assert stored(client, "HN-CS", 2023)["digitized_volumes"] == 280000

    def test_xlsx_with_chinese_headers_is_stored(self, client: TestClient) -> None:
        response = upload(client, xlsx_bytes([ZH_HEADER, *GOOD_ROWS]), filename="年报.xlsx")
        assert response.status_code == 200, response.text
        assert response.json()["created"] == 2
        assert stored(client, "HN", 2023)["rate_volumes_pct"] == pytest.approx(53.61, abs=0.01)

    def test_empty_figures_stay_unknown(self, client: TestClient) -> None:
        upload(client, csv_bytes([ZH_HEADER, *GOOD_ROWS]))
        city = stored(client, "HN-CS", 2023)
        assert (city["holdings_pages"], city["digitized_pages"], city["rate_pages_pct"]) == (None, None, None)

    def test_csv_saved_by_chinese_excel_in_gb18030(self, client: TestClient) -> None:
        response = upload(client, csv_bytes([ZH_HEADER, *GOOD_ROWS], bom=False, encoding="gb18030"))
        assert response.status_code == 200, response.text
        assert stored(client, "HN", 2023)["note"] == "省馆"

    def test_thousands_separators_and_text_numbers_are_read(self, client: TestClient) -> None:
        rows = [EN_HEADER[:4], ["HN", "2023", "970,000", " 520000 "]]
        assert upload(client, csv_bytes(rows)).status_code == 200
        assert stored(client, "HN", 2023)["holdings_volumes"] == 970000


class TestDryRun:
    def test_dry_run_counts_and_writes_nothing(self, client: TestClient) -> None:
        put_report(client, "HN", 2023, holdings=970000, digitized=500000)
        response = upload(client, csv_bytes([ZH_HEADER, *GOOD_ROWS]), dry_run=True)
        assert response.status_code == 200
        summary = response.json()
        assert (summary["dry_run"], summary["written"], summary["created"], summary["replaced"]) == (True, False, 1, 1)
        assert stored(client, "HN", 2023)["digitized_volumes"] == 500000
        assert report_count(client) == 1


class TestReimport:
    def test_same_file_twice_changes_nothing_and_says_so(self, client: TestClient) -> None:
        content = xlsx_bytes([ZH_HEADER, *GOOD_ROWS])
        upload(client, content, filename="a.xlsx")
        response = upload(client, content, filename="a.xlsx")
        summary = response.json()
        assert (summary["created"], summary["replaced"], summary["unchanged"]) == (0, 0, 2)
        assert "nothing changed" in summary["message"]
        assert len(client.get(f"{REPORTS.format(code='HN')}/2023/revisions").json()["items"]) == 1

    def test_no_op_is_said_in_chinese(self, client: TestClient) -> None:
        content = csv_bytes([ZH_HEADER, *GOOD_ROWS])
        upload(client, content)
        assert "没有变化" in upload(client, content, lang="zh-CN").json()["message"]

    def test_replacing_keeps_every_version_like_put(self, client: TestClient) -> None:
        put_report(client, "HN-CS", 2023, holdings=350000, digitized=200000)
        response = upload(client, csv_bytes([ZH_HEADER, *GOOD_ROWS]))
        assert (response.json()["created"], response.json()["replaced"]) == (1, 1)
        revisions = client.get(f"{REPORTS.format(code='HN-CS')}/2023/revisions").json()["items"]
        assert [(r["revision"], r["digitized_volumes"]) for r in revisions] == [(1, 200000), (2, 280000)]
        assert stored(client, "HN-CS", 2023)["revision"] == 2


def fourteen_rows(bad_row: list[object]) -> list[list[object]]:
    """A header, twelve good rows (rows 2-13), and `bad_row` as row 14."""
    good = [["HN", year, 5000, 100 * (year - 2008)] for year in range(2010, 2022)]
    return [EN_HEADER[:4], *good, bad_row]


class TestRejectedFile:
    """One bad row and nothing is written; the problem names its row, column, value and what is wrong."""

    def test_digitized_above_holdings_names_row_and_column(self, client: TestClient) -> None:
        response = upload(client, csv_bytes(fourteen_rows(["HN", 2023, 5000, 5200])))
        assert response.status_code == 422
        body = response.json()
        assert body["error"] == "ImportRejected"
        assert body["summary"]["problems"] == [
            {
                "row": 14,
                "column": "digitized_volumes",
                "cell": "reports!D14",
                "header": "digitized_volumes",
                "value": "5200",
                "code": "digitized_exceeds_holdings",
                "message": "reports!D14 (digitized_volumes): digitized_volumes 5200 > holdings_volumes 5000",
            }
        ]
        assert "reports!D14 (digitized_volumes): digitized_volumes 5200 > holdings_volumes 5000" in body["detail"]
        assert body["summary"]["written"] is False
        assert report_count(client) == 0

    def test_problem_in_chinese(self, client: TestClient) -> None:
        response = upload(client, csv_bytes(fourteen_rows(["HN", 2023, 5000, 5200])), lang="zh")
        problem = response.json()["summary"]["problems"][0]
        assert problem["code"] == "digitized_exceeds_holdings"
        assert problem["message"].startswith(
            "reports!D14（digitized_volumes）：已数字化案卷数 5,200 超过馆藏案卷数 5,000"
        )
        assert "未写入" in response.json()["detail"]

    @pytest.mark.parametrize(
        "bad_row, column, value, code",
        [
            (["HN", 2023, 5000, "many"], "digitized_volumes", "many", "not_a_number"),
            (["HN", 2023, 5000, "12.5"], "digitized_volumes", "12.5", "not_a_number"),
            (["HN", 2023, -5000, 10], "holdings_volumes", "-5000", "negative"),
            (["HN", 2023, 10**20, 10], "holdings_volumes", str(10**20), "too_large"),
            (["HN", 2023, 5000, ""], "digitized_volumes", None, "required"),
            (["XX-NOPE", 2023, 5000, 10], "archive_code", "XX-NOPE", "unknown_archive"),
            (["HN", 1948, 5000, 10], "year", "1948", "year_out_of_range"),
            (["HN", 2015, 5000, 10], "archive_code", "HN", "duplicate_row"),
        ],
        ids=[
            "not-a-number",
            "not-whole",
            "negative",
            "overflow",
            "missing-cell",
            "unknown-archive",
            "year",
            "duplicate",
        ],
    )
    def test_bad_row_writes_nothing(
        self, client: TestClient, bad_row: list, column: str, value: str | None, code: str
    ) -> None:
        response = upload(client, csv_bytes(fourteen_rows(bad_row)))
        assert response.status_code == 422
        problems = response.json()["summary"]["problems"]
        assert [(p["row"], p["column"], p["value"], p["code"]) for p in problems] == [(14, column, value, code)]
        assert problems[0]["message"].startswith(f"reports!{problems[0]['cell'].split('!')[1]} (")
        assert problems[0]["cell"].endswith("14")
        assert report_count(client) == 0

    def test_bad_rows_in_xlsx_are_all_listed(self, client: TestClient) -> None:
        rows = [ZH_HEADER, ["HN", 2023, 5000, 5200], ["HN-CS", 2023, "五千", 10], ["HN-CS-LY", 2023, 10, 1]]
        response = upload(client, xlsx_bytes(rows), filename="b.xlsx")
        problems = response.json()["summary"]["problems"]
        assert [(p["row"], p["code"]) for p in problems] == [(2, "digitized_exceeds_holdings"), (3, "not_a_number")]
        assert report_count(client) == 0

    def test_unknown_column_is_read_past_with_one_warning(self, client: TestClient) -> None:
        response = upload(client, csv_bytes([[*EN_HEADER[:4], "colour", "联系人"], ["HN", 2023, 10, 1, "red", "张"]]))
        assert response.status_code == 200, response.text
        assert response.json()["warnings"] == [
            "reports: columns not read (not known to Lantai): E “colour”, F “联系人”"
        ]
        assert stored(client, "HN", 2023)["holdings_volumes"] == 10

    def test_missing_required_column(self, client: TestClient) -> None:
        header = ["archive_code", "year", "holdings_volumes"]
        response = upload(client, csv_bytes([header, ["HN", 2023, 10]]), params={"mode": "replace"})
        problem = response.json()["summary"]["problems"][0]
        assert (problem["row"], problem["column"], problem["code"]) == (1, "digitized_volumes", "missing_column")


class TestFileRefused:
    @pytest.mark.parametrize(
        "filename, content, status, error",
        [
            ("a.csv", b"", 422, "EmptyFile"),
            ("a.csv", "\ufeff\r\n\r\n".encode(), 422, "EmptyFile"),
            ("a.csv", csv_bytes([ZH_HEADER]), 422, "EmptyFile"),
            ("a.pdf", b"%PDF-1.7 ...", 415, "UnsupportedFileType"),
            ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), 415, "UnsupportedFileType"),
            ("a.xlsx", b"PK\x03\x04 not really a zip", 415, "UnsupportedFileType"),
            ("a.csv", bytes(range(256)) * 4, 415, "UnsupportedFileType"),
        ],
        ids=["empty", "blank-lines", "header-only", "pdf", "xls", "broken-xlsx", "binary"],
    )
    def test_unreadable_file(self, client: TestClient, filename: str, content: bytes, status: int, error: str) -> None:
        response = upload(client, content, filename=filename)
        assert response.status_code == status
        assert response.json()["error"] == error
        assert report_count(client) == 0

    def test_oversize_file_is_413(self, client: TestClient) -> None:
        content = csv_bytes([EN_HEADER[:4]]) + b"HN,2023,10,1\r\n" * (21 * 2**20 // 14)
        response = upload(client, content)
        assert response.status_code == 413
        assert response.json()["error"] == "PayloadTooLarge"
        assert report_count(client) == 0

    def test_no_file_field_is_422(self, client: TestClient) -> None:
        response = client.post("/api/v1/imports/reports", data={"other": "x"})
        assert response.status_code == 422
        assert "file" in response.json()["detail"]
