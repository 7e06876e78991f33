"""The script client (lantai_client) against the real app (a TestClient is the httpx.Client it uses)."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from fastapi.testclient import TestClient
from lantai_client import (
    ArchiveNotFound,
    ConnectionFailed,
    DatabaseUnavailable,
    ImportRejected,
    Lantai,
    LantaiError,
    NotFound,
    PreconditionFailed,
    Unauthorized,
    errors,
)

from app import errors as server_errors
from tests.conftest import TokenFactory
from tests.imports.sheets import EN_HEADER, csv_bytes
from tests.live import free_socket
from tests.scenario import PLAN, STATUSES, YEAR, build_scenario


@pytest.fixture
def lantai(client: TestClient, admin_token: str) -> Lantai:
    build_scenario(client)
    return Lantai(str(client.base_url), admin_token, http=client)


class TestArchivesAndReports:
    def test_list_and_get_archives(self, lantai: Lantai) -> None:
        page = lantai.list_archives(parent_code="HN")
        assert [archive["code"] for archive in page["items"]] == ["HN-CS", "HN-ZZ"]
        assert lantai.get_archive("HN-CS")["name"] == "长沙市档案馆"

    def test_put_report_then_replace_with_the_etag_as_sent(self, lantai: Lantai) -> None:
        report, created = lantai.put_report("HN-ZZ-YX", 2023, {"holdings_volumes": 800, "digitized_volumes": 200})
        assert (created, report["revision"], report["rate_volumes_pct"], report.etag) == (True, 1, 25.0, '"1"')
        report, created = lantai.put_report(
            "HN-ZZ-YX", 2023, {"holdings_volumes": 800, "digitized_volumes": 400}, if_match=report.etag
        )
        assert (created, report["revision"]) == (False, 2)
        assert lantai.get_report("HN-ZZ-YX", 2023)["digitized_volumes"] == 400

    def test_stale_if_match_is_precondition_failed_and_nothing_changes(self, lantai: Lantai) -> None:
        before = lantai.get_report("HN-CS", 2023)
        with pytest.raises(PreconditionFailed) as failure:
            lantai.put_report("HN-CS", 2023, {"holdings_volumes": 1000, "digitized_volumes": 900}, if_match=7)
        assert (failure.value.status, failure.value.error) == (412, "PreconditionFailed")
        assert lantai.get_report("HN-CS", 2023) == before

    def test_unknown_archive_is_archive_not_found_in_one_line(self, lantai: Lantai) -> None:
        with pytest.raises(NotFound) as failure:
            lantai.get_archive("NOPE")
        assert isinstance(failure.value, ArchiveNotFound)
        assert str(failure.value) == "404 ArchiveNotFound: no archive with code 'NOPE'"

    def test_review_approve_then_reopen(self, lantai: Lantai, client: TestClient, token_for: TokenFactory) -> None:
        report = lantai.get_report("HN-CS", 2023)
        approver = Lantai(str(client.base_url), token_for("admin", name="second-admin"), http=client)  # four eyes
        approved = approver.review_report("HN-CS", 2023, "approve", if_match=report.etag)
        assert approved["status"] == "approved"
        assert lantai.review_report("HN-CS", 2023, "reopen")["status"] == "submitted"


class TestImports:
    def test_dry_run_then_commit(self, lantai: Lantai, tmp_path) -> None:  # type: ignore[no-untyped-def]
        path = tmp_path / "reports.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2023, 800, 100]]))
        progress: list[tuple[int, int]] = []
        dry = lantai.import_reports(path, dry_run=True, on_progress=lambda done, total: progress.append((done, total)))
        assert dry["created"] == 1
        assert progress and progress[-1][0] == progress[-1][1] == path.stat().st_size
        with pytest.raises(LantaiError):
            lantai.get_report("HN-ZZ-YX", 2023)
        assert lantai.import_reports(path)["written"] is True
        assert lantai.get_report("HN-ZZ-YX", 2023)["digitized_volumes"] == 100

    def test_rejected_import_carries_the_problems(self, lantai: Lantai, tmp_path) -> None:  # type: ignore[no-untyped-def]
        path = tmp_path / "bad.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2023, 800, 900]]))
        with pytest.raises(ImportRejected) as rejected:
            lantai.import_reports(path)
        problems = rejected.value.summary["problems"]
        assert problems[0]["message"] == "bad!D2 (digitized_volumes): digitized_volumes 900 > holdings_volumes 800"


class TestCompliance:
    def test_list_with_counts_per_status(self, lantai: Lantai) -> None:
        page = lantai.list_compliance(PLAN, YEAR)
        assert {item["archive_code"]: item["status"] for item in page["items"]} == STATUSES
        assert page["summary"]["counts"]["off_track"] == 1

    def test_iterates_every_page(self, lantai: Lantai) -> None:
        items = list(lantai.iter_compliance(PLAN, YEAR, page_size=1))
        assert {item["archive_code"] for item in items} == set(STATUSES)

    def test_filters_and_chinese_labels(self, client: TestClient, admin_token: str) -> None:
        build_scenario(client)
        in_chinese = Lantai(str(client.base_url), admin_token, lang="zh", http=client)
        page = in_chinese.list_compliance(PLAN, YEAR, parent_code="HN-CS", status=["at_risk"])
        assert [(item["archive_code"], item["status_label"]) for item in page["items"]] == [("HN-CS-LY", "存在风险")]

    def test_csv_download(self, lantai: Lantai) -> None:
        text = lantai.download_compliance(PLAN, YEAR, level="municipal").decode()
        assert text.startswith("\ufeffarchive_code,")
        assert "株洲市档案馆" in text and "浏阳市档案馆" not in text

    def test_one_archive_and_rollup(self, lantai: Lantai) -> None:
        assert lantai.get_archive_compliance("HN-CS", PLAN, YEAR)["archive_code"] == "HN-CS"
        assert lantai.get_rollup("HN", PLAN, YEAR)["archive_code"] == "HN"


class TestFailures:
    def test_bad_token_is_unauthorized(self, client: TestClient) -> None:
        with pytest.raises(Unauthorized) as failure:
            Lantai(str(client.base_url), "lantai_not-a-token", http=client).list_archives()
        assert (failure.value.status, failure.value.error) == (401, "Unauthorized")

    def test_unreachable_server_is_connection_failed_after_retries(self) -> None:
        sock = free_socket()
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        sock.close()
        started = time.monotonic()
        with pytest.raises(ConnectionFailed) as failure, Lantai(url, "t", retries=2, backoff=0.1) as lantai:
            lantai.list_archives()
        assert failure.value.status is None
        assert time.monotonic() - started >= 0.3  # waited 0.1 s, then 0.2 s, between the three attempts

    def test_silent_server_times_out(self) -> None:
        with silent_server() as url, Lantai(url, "t", timeout=0.5) as lantai:
            started = time.monotonic()
            with pytest.raises(ConnectionFailed, match="no answer"):
                lantai.list_archives()
        assert time.monotonic() - started < 5

    def test_503_is_retried_then_answers(self) -> None:
        answers = iter([httpx.Response(503, json={"error": "DatabaseUnavailable", "detail": "busy"})] * 2)

        def handler(_request: httpx.Request) -> httpx.Response:
            return next(answers, httpx.Response(200, json={"items": [], "total": 0, "limit": 100, "offset": 0}))

        http = httpx.Client(transport=httpx.MockTransport(handler))
        assert Lantai("http://x", "t", http=http, backoff=0.01).list_archives()["total"] == 0

    def test_503_past_the_retries_is_database_unavailable(self) -> None:
        calls: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            calls.append(request)
            return httpx.Response(503, json={"error": "DatabaseUnavailable", "detail": "busy"})

        http = httpx.Client(transport=httpx.MockTransport(handler))
        with pytest.raises(DatabaseUnavailable):
            Lantai("http://x", "t", http=http, retries=2, backoff=0.01).list_archives()
        assert len(calls) == 3

    def test_429_is_retried_after_its_retry_after(self) -> None:
        answers = iter([httpx.Response(429, headers={"Retry-After": "1"}, json={"error": "TooMany", "detail": "-"})])

        def handler(_request: httpx.Request) -> httpx.Response:
            return next(answers, httpx.Response(200, json={"items": [], "total": 0, "limit": 100, "offset": 0}))

        started = time.monotonic()
        http = httpx.Client(transport=httpx.MockTransport(handler))
        assert Lantai("http://x", "t", http=http, timeout=5, backoff=0.01).list_archives()["total"] == 0
        assert time.monotonic() - started >= 1

    def test_a_retry_after_beyond_the_timeout_gives_up_at_once(self) -> None:
        calls: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            calls.append(request)
            busy = {"error": "DatabaseUnavailable", "detail": "busy"}
            return httpx.Response(503, headers={"Retry-After": "20"}, json=busy)

        started = time.monotonic()
        http = httpx.Client(transport=httpx.MockTransport(handler))
        with pytest.raises(DatabaseUnavailable):
            Lantai("http://x", "t", http=http, timeout=2).list_archives()
        assert (len(calls), time.monotonic() - started < 1) == (1, True)

    def test_reads_url_and_token_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("LANTAI_URL", "http://lantai.example:9000/")
        monkeypatch.setenv("LANTAI_TOKEN", "lantai_env")
        seen: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(200, json={"code": "HN"})

        Lantai(http=httpx.Client(transport=httpx.MockTransport(handler))).get_archive("HN")
        assert str(seen[0].url) == "http://lantai.example:9000/api/v1/archives/HN"
        assert seen[0].headers["authorization"] == "Bearer lantai_env"


def test_every_server_error_name_has_its_exception_class() -> None:
    names = {
        value.error
        for value in vars(server_errors).values()
        if isinstance(value, type) and issubclass(value, server_errors.AppError)
    }
    assert names - {"BadRequest"} <= set(errors.ERROR_TYPES)


@contextmanager
def silent_server() -> Iterator[str]:
    """A socket that accepts connections and never answers."""
    sock = free_socket()
    sock.listen()
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(sock.accept())
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        sock.close()
