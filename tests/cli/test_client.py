"""The script client against the real app (a TestClient is the httpx.Client it uses)."""

import pytest
from fastapi.testclient import TestClient

from app.client import ImportRejected, LantaiClient, LantaiError
from app.models.report import ReportFigures
from tests.imports.sheets import EN_HEADER, csv_bytes
from tests.scenario import PLAN, STATUSES, YEAR, build_scenario


@pytest.fixture
def lantai(client: TestClient, admin_token: str) -> LantaiClient:
    build_scenario(client)
    return LantaiClient(str(client.base_url), admin_token, http=client)


class TestArchivesAndReports:
    def test_list_and_get_archives(self, lantai: LantaiClient) -> None:
        page = lantai.list_archives(parent_code="HN")
        assert [archive.code for archive in page.items] == ["HN-CS", "HN-ZZ"]
        assert lantai.get_archive("HN-CS").name == "长沙市档案馆"

    def test_put_report_then_replace(self, lantai: LantaiClient) -> None:
        report, created = lantai.put_report(
            "HN-ZZ-YX", 2023, ReportFigures(holdings_volumes=800, digitized_volumes=200)
        )
        assert (created, report.revision, report.rate_volumes_pct) == (True, 1, 25.0)
        report, created = lantai.put_report(
            "HN-ZZ-YX", 2023, {"holdings_volumes": 800, "digitized_volumes": 400}, if_match=1
        )
        assert (created, report.revision) == (False, 2)
        assert lantai.get_report("HN-ZZ-YX", 2023).digitized_volumes == 400

    def test_stale_if_match_is_a_412_error(self, lantai: LantaiClient) -> None:
        with pytest.raises(LantaiError) as failure:
            lantai.put_report("HN-CS", 2023, {"holdings_volumes": 1000, "digitized_volumes": 900}, if_match=7)
        assert (failure.value.status, failure.value.error) == (412, "PreconditionFailed")

    def test_unknown_archive_is_a_404_error_in_one_line(self, lantai: LantaiClient) -> None:
        with pytest.raises(LantaiError) as failure:
            lantai.get_archive("NOPE")
        assert str(failure.value) == "404 ArchiveNotFound: no archive with code 'NOPE'"


class TestImportFile:
    def test_import_and_dry_run(self, lantai: LantaiClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
        path = tmp_path / "reports.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2023, 800, 100]]))
        progress: list[tuple[int, int]] = []
        assert (
            lantai.import_file(
                path, dry_run=True, on_progress=lambda done, total: progress.append((done, total))
            ).created
            == 1
        )
        assert progress and progress[-1][0] == progress[-1][1] == path.stat().st_size
        with pytest.raises(LantaiError):
            lantai.get_report("HN-ZZ-YX", 2023)
        assert lantai.import_file(path).written is True
        assert lantai.get_report("HN-ZZ-YX", 2023).digitized_volumes == 100

    def test_rejected_import_carries_the_problems(self, lantai: LantaiClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
        path = tmp_path / "bad.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2023, 800, 900]]))
        with pytest.raises(ImportRejected) as rejected:
            lantai.import_file(path)
        problem = rejected.value.summary.problems[0]
        assert problem.message == "bad!D2 (digitized_volumes): digitized_volumes 900 > holdings_volumes 800"


class TestCompliance:
    def test_compliance_page_is_typed(self, lantai: LantaiClient) -> None:
        page = lantai.compliance(PLAN, YEAR)
        assert {item.archive_code: item.status for item in page.items} == STATUSES
        assert page.summary.counts["off_track"] == 1

    def test_filters_and_chinese_labels(self, client: TestClient, admin_token: str, lantai: LantaiClient) -> None:
        in_chinese = LantaiClient(str(client.base_url), admin_token, lang="zh", http=client)
        page = in_chinese.compliance(PLAN, YEAR, parent_code="HN-CS", statuses=["at_risk"])
        assert [(item.archive_code, item.status_label) for item in page.items] == [("HN-CS-LY", "存在风险")]

    def test_compliance_csv(self, lantai: LantaiClient) -> None:
        text = lantai.compliance_csv(PLAN, YEAR, level="municipal")
        assert text.startswith("\ufeffarchive_code,")
        assert "株洲市档案馆" in text and "浏阳市档案馆" not in text


class TestFailures:
    def test_bad_token_is_401(self, client: TestClient) -> None:
        with pytest.raises(LantaiError) as failure:
            LantaiClient(str(client.base_url), "lantai_not-a-token", http=client).list_archives()
        assert (failure.value.status, failure.value.error) == (401, "Unauthorized")

    def test_unreachable_server_is_connection_failed(self) -> None:
        with pytest.raises(LantaiError) as failure, LantaiClient("http://127.0.0.1:8849", "t", timeout=2) as lantai:
            lantai.list_archives()
        assert failure.value.error == "ConnectionFailed"
        assert failure.value.status is None
