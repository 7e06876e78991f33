"""`lantai compliance | import | report put` against a live server on 127.0.0.1."""

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.cli import main
from app.config import Settings
from app.main import create_app
from tests.imports.sheets import EN_HEADER, csv_bytes
from tests.live import free_socket, serving
from tests.scenario import PLAN, STATUSES, YEAR, build_scenario


@pytest.fixture
def server(app: FastAPI, client: TestClient, admin_token: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    build_scenario(client)
    with serving(app) as url:
        monkeypatch.setenv("LANTAI_URL", url)
        monkeypatch.setenv("LANTAI_TOKEN", admin_token)
        monkeypatch.delenv("LANTAI_LANG", raising=False)
        yield url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def closed_port_url() -> str:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


class TestComplianceCommand:
    def test_table_names_every_archive_and_counts(self, server: str, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "compliance", "--plan", PLAN, "--year", str(YEAR))
        assert status == 0
        assert "株洲市档案馆" in out and "off track" in out
        assert "4 archive(s): no_data 1, off_track 1, at_risk 1, achieved 1" in out

    def test_table_in_chinese(self, server: str, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "compliance", "--plan", PLAN, "--year", str(YEAR), "--lang", "zh")
        assert "进度滞后" in out and "已达标" in out

    def test_json_for_scripts(self, server: str, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "compliance", "--plan", PLAN, "--year", str(YEAR), "--format", "json")
        assert {item["archive_code"]: item["status"] for item in json.loads(out)["items"]} == STATUSES

    def test_csv_with_filters(self, server: str, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(
            capsys, "compliance", "--plan", PLAN, "--year", str(YEAR), "--parent", "HN-CS", "--format", "csv"
        )
        rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
        assert {row["archive_code"] for row in rows} == {"HN-CS-LY"}

    def test_under_is_the_archive_and_its_whole_subtree(self, server: str, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "compliance", "--plan", PLAN, "--year", str(YEAR), "--under", "HN", "--format", "json")
        listed = {item["archive_code"] for item in json.loads(out)["items"]}
        _, out, _ = run(capsys, "compliance", "--plan", PLAN, "--year", str(YEAR), "--parent", "HN", "--format", "json")
        assert (listed, {item["archive_code"] for item in json.loads(out)["items"]}) == (
            set(STATUSES),
            {"HN-CS", "HN-ZZ"},
        )

    @pytest.mark.parametrize(
        "extra, expected",
        [
            (["--fail-on", "off_track,missed"], 1),
            (["--fail-on", "missed"], 0),
            (["--fail-on", "off_track", "--parent", "HN-CS"], 0),
            (["--fail-on", "no_data", "--format", "csv"], 1),
        ],
        ids=["off-track-found", "none-missed", "subtree-on-course", "with-csv"],
    )
    def test_fail_on_exit_status(
        self, server: str, capsys: pytest.CaptureFixture[str], extra: list[str], expected: int
    ) -> None:
        status, _, err = run(capsys, "compliance", "--plan", PLAN, "--year", str(YEAR), *extra)
        assert status == expected
        assert ("archive(s) with status" in err) == (expected == 1)

    def test_unknown_fail_on_status_is_a_usage_error(self, server: str, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exit_:
            main(["compliance", "--plan", PLAN, "--fail-on", "late"])
        assert exit_.value.code == 2
        assert "unknown status 'late'" in capsys.readouterr().err


class TestFailuresAreOneLine:
    def test_bad_token_is_401_in_one_line(self, server: str, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, err = run(capsys, "compliance", "--plan", PLAN, "--token", "lantai_wrong")
        assert status == 2 and out == ""
        assert err.splitlines() == ["lantai: 401 Unauthorized: the token is unknown or revoked"]

    def test_unknown_plan_is_404(self, server: str, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(capsys, "compliance", "--plan", "NOPE")
        assert status == 2
        assert err.startswith("lantai: 404 PlanNotFound") and len(err.splitlines()) == 1

    def test_unreachable_server(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(capsys, "compliance", "--plan", PLAN, "--url", closed_port_url(), "--token", "t")
        assert status == 2
        assert err.startswith("lantai: ConnectionFailed: cannot reach") and len(err.splitlines()) == 1

    def test_server_error_is_one_line(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        broken = create_app(Settings(database_url=f"sqlite:///{tmp_path}/missing/dir/x.db"))
        with serving(broken) as url:
            status, _, err = run(capsys, "compliance", "--plan", PLAN, "--url", url, "--token", "t")
        assert status == 2
        assert err.startswith("lantai: 503 DatabaseUnavailable") and len(err.splitlines()) == 1

    def test_command_in_its_own_process_prints_no_traceback(self, server: str) -> None:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from app.cli import main; sys.exit(main())",
                "report",
                "put",
                "HN-CS",
                "2023",
                "--holdings-volumes",
                "10",
                "--digitized-volumes",
                "5",
                "--token",
                "lantai_wrong",
                "--url",
                server,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2
        assert result.stderr.splitlines() == ["lantai: 401 Unauthorized: the token is unknown or revoked"]


class TestImportCommand:
    def test_import_prints_the_summary(self, server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "reports.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2023, 800, 100], ["HN-CS", 2023, 1000, 850]]))
        status, out, err = run(capsys, "import", str(path))
        assert status == 0 and err == ""
        assert "1 created, 0 replaced, 1 unchanged" in out

    def test_dry_run_writes_nothing(self, server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "reports.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2023, 800, 100]]))
        assert run(capsys, "import", str(path), "--dry-run")[0] == 0
        status, out, _ = run(capsys, "import", str(path), "--dry-run")
        assert "dry run" in out
        assert run(capsys, "import", str(path))[1].startswith("1 created")

    def test_refused_file_lists_problems_and_exits_1(
        self, server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "bad.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2023, 5000, 5200]]))
        status, out, err = run(capsys, "import", str(path), "--lang", "zh")
        assert status == 1
        assert "bad!D2" in out and "digitized_volumes 5200 > holdings_volumes 5000" in out
        assert err.startswith("lantai: import refused")

    def test_missing_file_is_one_line(self, server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(capsys, "import", str(tmp_path / "nope.xlsx"))
        assert status == 2
        assert err.splitlines() == [f"lantai: No such file or directory: {tmp_path / 'nope.xlsx'}"]


class TestReportPutCommand:
    def test_put_creates_then_replaces(
        self, server: str, client: TestClient, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, out, _ = run(
            capsys,
            "report",
            "put",
            "HN-ZZ-YX",
            "2023",
            "--holdings-volumes",
            "800",
            "--digitized-volumes",
            "200",
            "--holdings-pages",
            "1000",
            "--note",
            "县馆",
        )
        assert status == 0
        assert out.strip() == "HN-ZZ-YX 2023: created, revision 1, submitted; rate by volumes 25.00%"
        run(capsys, "report", "put", "HN-ZZ-YX", "2023", "--holdings-volumes", "800", "--digitized-volumes", "400")
        stored = client.get("/api/v1/archives/HN-ZZ-YX/reports/2023").json()
        assert (stored["revision"], stored["digitized_volumes"], stored["holdings_pages"]) == (2, 400, None)

    def test_refused_figures_are_one_line(self, server: str, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(
            capsys,
            "report",
            "put",
            "HN-ZZ-YX",
            "2023",
            "--holdings-volumes",
            "800",
            "--digitized-volumes",
            "900",
            "--lang",
            "zh",
        )
        assert status == 2
        assert err.startswith("lantai: 422 DigitizedExceedsHoldings: digitized_volumes 900 > holdings_volumes 800")


class TestScriptFriendlyOptions:
    def test_status_takes_commas(self, server: str, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(
            capsys,
            "compliance",
            "--plan",
            PLAN,
            "--year",
            str(YEAR),
            "--status",
            "off_track,at_risk",
            "--format",
            "json",
        )
        kept = {item["archive_code"]: item["status"] for item in json.loads(out)["items"]}
        assert kept == {code: status for code, status in STATUSES.items() if status in ("off_track", "at_risk")}

    def test_report_get_then_put_with_the_etag_as_sent(self, server: str, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "report", "get", "HN-CS", "2023")
        assert status == 0 and 'ETag "1.' in out and "revision 1" in out
        sent = out.split("ETag ")[1].split(",")[0]  # the revision and the answer's digest: If-Match reads revision 1
        figures = ["--holdings-volumes", "1000", "--digitized-volumes", "900"]
        status, out, _ = run(capsys, "report", "put", "HN-CS", "2023", *figures, "--if-match", sent, "--format", "json")
        assert status == 0 and json.loads(out)["revision"] == 2
        status, _, err = run(capsys, "report", "put", "HN-CS", "2023", *figures, "--if-match", '"1"')
        assert status == 2 and err.startswith("lantai: 412 PreconditionFailed")
        _, out, _ = run(capsys, "report", "get", "HN-CS", "2023", "--format", "json")
        assert json.loads(out)["revision"] == 2

    def test_import_summary_as_json(self, server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "reports.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2023, 800, 100]]))
        status, out, _ = run(capsys, "import", str(path), "--dry-run", "--format", "json")
        assert status == 0 and json.loads(out)["created"] == 1

    def test_timeout_against_a_server_that_never_answers(self, capsys: pytest.CaptureFixture[str]) -> None:
        sock = free_socket()
        sock.listen()
        try:
            url = f"http://127.0.0.1:{sock.getsockname()[1]}"
            status, _, err = run(
                capsys, "report", "get", "HN", "2023", "--url", url, "--token", "t", "--timeout", "0.5"
            )
        finally:
            sock.close()
        assert status == 2 and err.startswith("lantai: ConnectionFailed: no answer")
