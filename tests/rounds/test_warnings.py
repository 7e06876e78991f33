"""Plausibility warnings through HTTP: in PUT answers, in every read, in import dry runs; re-evaluated on change."""

import pytest
from fastapi.testclient import TestClient

from app.services.reports import warnings as report_warnings
from tests.factories import create_archive, put_report, report_body
from tests.imports.sheets import csv_bytes, upload

REPORT_2025 = "/api/v1/archives/HN-CS/reports/2025"


@pytest.fixture
def changsha(client: TestClient) -> TestClient:
    """Changsha with 72,218 digitized volumes in 2024."""
    create_archive(client, "HN", level="provincial")
    create_archive(client, "HN-CS", parent_code="HN")
    put_report(client, "HN-CS", 2024, holdings=200_000, digitized=72_218)
    return client


def codes(report: dict) -> list[tuple[str, str]]:
    return [(warning["code"], warning["field"]) for warning in report["warnings"]]


class TestPut:
    def test_a_dropped_digit_is_stored_and_answered_with_warnings(self, changsha: TestClient) -> None:
        response = changsha.put(REPORT_2025, json=report_body(200_000, 7_728))
        assert response.status_code == 201
        assert response.json()["digitized_volumes"] == 7_728
        assert codes(response.json()) == [
            ("cumulative_decreased", "digitized_volumes"),
            ("digit_slip", "digitized_volumes"),
            ("rate_fell", "rate_pct"),
        ]
        assert {w["severity"] for w in response.json()["warnings"]} == {"warning"}

    def test_plausible_figures_have_no_warning(self, changsha: TestClient) -> None:
        assert changsha.put(REPORT_2025, json=report_body(200_000, 80_000)).json()["warnings"] == []

    def test_warnings_in_chinese(self, changsha: TestClient) -> None:
        answer = changsha.put(REPORT_2025, json=report_body(200_000, 7_728), headers={"Accept-Language": "zh"}).json()
        assert "72,218" in answer["warnings"][0]["message"]
        assert "累计数不应减少" in answer["warnings"][0]["message"]

    def test_an_impossible_figure_is_an_error_but_still_stored(self, changsha: TestClient) -> None:
        response = changsha.put(REPORT_2025, json=report_body(200_000, 80_000, digitized_pages=100))
        assert response.status_code == 201
        assert ("fewer_pages_than_units", "error") in [(w["code"], w["severity"]) for w in response.json()["warnings"]]


class TestReads:
    def test_every_read_carries_the_current_warnings(self, changsha: TestClient) -> None:
        changsha.put(REPORT_2025, json=report_body(200_000, 7_728))
        assert "digit_slip" in [code for code, _ in codes(changsha.get(REPORT_2025).json())]
        listed = changsha.get("/api/v1/archives/HN-CS/reports").json()["items"]
        assert [(item["year"], bool(item["warnings"])) for item in listed] == [(2024, False), (2025, True)]

    def test_correcting_the_previous_year_re_evaluates_them(self, changsha: TestClient) -> None:
        changsha.put(REPORT_2025, json=report_body(200_000, 7_728))
        put_report(changsha, "HN-CS", 2024, holdings=200_000, digitized=7_200)
        assert changsha.get(REPORT_2025).json()["warnings"] == []
        assert changsha.get(REPORT_2025).json()["revision"] == 1

    def test_correcting_the_report_itself_clears_them(self, changsha: TestClient) -> None:
        changsha.put(REPORT_2025, json=report_body(200_000, 7_728))
        corrected = changsha.put(REPORT_2025, json=report_body(200_000, 77_280)).json()
        assert corrected["warnings"] == []


class TestImport:
    def test_a_dry_run_answers_the_warnings_of_each_row(self, changsha: TestClient) -> None:
        rows = [["archive_code", "year", "holdings_volumes", "digitized_volumes"], ["HN-CS", 2025, 200_000, 7_728]]
        response = upload(changsha, csv_bytes(rows), dry_run=True)
        assert response.status_code == 200
        summary = response.json()
        assert (summary["written"], summary["problem_count"], summary["check_warning_count"]) == (False, 0, 3)
        first = summary["check_warnings"][0]
        assert (first["row"], first["archive_code"], first["year"], first["code"]) == (
            2,
            "HN-CS",
            2025,
            "cumulative_decreased",
        )
        assert changsha.get(REPORT_2025).status_code == 404

    def test_a_row_correcting_the_previous_year_counts_in_the_same_file(self, changsha: TestClient) -> None:
        rows = [
            ["archive_code", "year", "holdings_volumes", "digitized_volumes"],
            ["HN-CS", 2024, 200_000, 7_200],
            ["HN-CS", 2025, 200_000, 7_728],
        ]
        assert upload(changsha, csv_bytes(rows), dry_run=True).json()["check_warnings"] == []


def county_province(client: TestClient, increases: dict[str, int]) -> None:
    """A province, a city, and counties whose digitized volumes grew by the given numbers in 2025."""
    create_archive(client, "GP", level="provincial")
    create_archive(client, "GP-C", parent_code="GP")
    rows: list[list[object]] = [["archive_code", "year", "holdings_volumes", "digitized_volumes"]]
    for code, increase in increases.items():
        create_archive(client, code, level="county", parent_code="GP-C")
        rows += [[code, 2024, 500_000, 100_000], [code, 2025, 500_000, 100_000 + increase]]
    assert upload(client, csv_bytes(rows)).status_code == 200


PEER_INCREASES = {f"GP-C-{i:02d}": 1_000 + 37 * i for i in range(11)} | {"GP-C-XX": 40_000}


class TestPeerOutlier:
    def test_the_outlier_among_a_generated_province_is_flagged(self, client: TestClient) -> None:
        county_province(client, PEER_INCREASES)
        flagged = {
            code
            for code in PEER_INCREASES
            if "peer_outlier" in [c for c, _ in codes(client.get(f"/api/v1/archives/{code}/reports/2025").json())]
        }
        assert flagged == {"GP-C-XX"}

    def test_the_same_findings_when_every_archive_is_loaded(
        self, client: TestClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        county_province(client, PEER_INCREASES)
        few = client.get("/api/v1/archives/GP-C-XX/reports/2025").json()["warnings"]
        monkeypatch.setattr(report_warnings, "FEW_ARCHIVES", 0)
        assert client.get("/api/v1/archives/GP-C-XX/reports/2025").json()["warnings"] == few != []

    def test_too_few_peers_flag_nobody(self, client: TestClient) -> None:
        county_province(client, {f"GP-C-{i:02d}": 1_000 + 37 * i for i in range(5)} | {"GP-C-XX": 40_000})
        assert client.get("/api/v1/archives/GP-C-XX/reports/2025").json()["warnings"] == []
