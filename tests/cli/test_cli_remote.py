"""`lantai compliance` and `lantai import` against a live server, and each exit status provoked once.

The module shares one server (tests/cli/conftest.py); an import writes a year no other test uses.
"""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.config import Settings
from app.main import create_app
from tests.cli.conftest import Live
from tests.imports.sheets import EN_HEADER, csv_bytes
from tests.live import free_socket, serving
from tests.scenario import PLAN, STATUSES, YEAR


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
    @pytest.mark.usefixtures("env")
    def test_table_names_every_archive_and_counts(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "compliance", "--plan", PLAN, "--year", str(YEAR))
        assert status == 0
        assert "株洲市档案馆" in out and "off track" in out
        assert "4 archive(s): no_data 1, off_track 1, at_risk 1, achieved 1" in out

    @pytest.mark.usefixtures("env")
    def test_text_in_chinese_from_lang(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        _, out, _ = run(capsys, "compliance", "--plan", PLAN, "--year", str(YEAR))
        assert "进度滞后" in out and "已达标" in out and "数字化率" in out

    def test_json_is_the_api_answer(self, env: Live, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "compliance", "--plan", PLAN, "--year", str(YEAR), "--format", "json")
        with env.api() as api:
            assert (
                json.loads(out) == api.get("/compliance", params={"plan": PLAN, "year": YEAR, "limit": 10_000}).json()
            )
        assert {item["archive_code"]: item["status"] for item in json.loads(out)["items"]} == STATUSES

    @pytest.mark.usefixtures("env")
    def test_csv_with_filters(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(
            capsys, "compliance", "--plan", PLAN, "--year", str(YEAR), "--parent", "HN-CS", "--format", "csv"
        )
        rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
        assert {row["archive_code"] for row in rows} == {"HN-CS-LY"}

    @pytest.mark.usefixtures("env")
    def test_status_takes_commas(self, capsys: pytest.CaptureFixture[str]) -> None:
        statuses = ("--status", "off_track,at_risk", "--format", "json")
        _, out, _ = run(capsys, "compliance", "--plan", PLAN, "--year", str(YEAR), *statuses)
        kept = {item["archive_code"]: item["status"] for item in json.loads(out)["items"]}
        assert kept == {code: status for code, status in STATUSES.items() if status in ("off_track", "at_risk")}

    @pytest.mark.usefixtures("env")
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
    def test_fail_on_exit_status(self, capsys: pytest.CaptureFixture[str], extra: list[str], expected: int) -> None:
        status, _, err = run(capsys, "compliance", "--plan", PLAN, "--year", str(YEAR), *extra)
        assert status == expected
        assert ("archive(s) with status" in err) == (expected == 1)


class TestExitStatus:
    @pytest.mark.usefixtures("env")
    def test_refused_by_the_server_is_1_in_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, err = run(capsys, "compliance", "--plan", PLAN, "--token", "lantai_wrong")
        assert (status, out) == (1, "")
        assert err.splitlines() == ["lantai: Unauthorized: the token is unknown or revoked"]
        status, _, err = run(capsys, "archives", "get", "NOPE")
        assert (status, err) == (1, "lantai: ArchiveNotFound: no archive with code 'NOPE'\n")

    @pytest.mark.usefixtures("env")
    def test_usage_is_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exit_:
            main(["compliance", "--plan", PLAN, "--fail-on", "late"])
        assert exit_.value.code == 2
        last_line = capsys.readouterr().err.splitlines()[-1]
        assert last_line.startswith("lantai: UsageError: lantai compliance: argument --fail-on: unknown status 'late'")

    @pytest.mark.usefixtures("env")
    def test_a_file_that_cannot_be_read_is_2(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(capsys, "import", str(tmp_path / "nope.xlsx"))
        assert status == 2
        assert err.splitlines() == [f"lantai: FileNotFoundError: No such file or directory: {tmp_path / 'nope.xlsx'}"]

    def test_closed_port_is_3(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(capsys, "archives", "list", "--url", closed_port_url(), "--token", "t", "--timeout", "1")
        assert status == 3
        assert err.startswith("lantai: ConnectionFailed: cannot reach") and len(err.splitlines()) == 1

    def test_a_server_that_never_answers_is_3_after_the_timeout(self, capsys: pytest.CaptureFixture[str]) -> None:
        sock = free_socket()
        sock.listen()
        try:
            url = f"http://127.0.0.1:{sock.getsockname()[1]}"
            status, _, err = run(
                capsys, "report", "get", "HN", "2023", "--url", url, "--token", "t", "--timeout", "0.5"
            )
        finally:
            sock.close()
        assert status == 3 and err.startswith("lantai: ConnectionFailed: no answer")

    def test_5xx_is_3_in_one_line(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        broken = create_app(Settings(database_url=f"sqlite:///{tmp_path}/missing/dir/x.db"))
        with serving(broken) as url:
            status, _, err = run(capsys, "compliance", "--plan", PLAN, "--url", url, "--token", "t", "--timeout", "5")
        assert status == 3
        assert err.startswith("lantai: DatabaseUnavailable: ") and len(err.splitlines()) == 1

    @pytest.mark.usefixtures("env")
    def test_command_in_its_own_process_prints_no_traceback(self) -> None:
        figures = ["--holdings-volumes", "10", "--digitized-volumes", "5"]
        command = "import sys; from app.cli import main; sys.exit(main())"
        result = subprocess.run(
            [sys.executable, "-c", command, "report", "put", "HN-CS", "2023", *figures, "--token", "lantai_wrong"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 1
        assert result.stderr.splitlines() == ["lantai: Unauthorized: the token is unknown or revoked"]


class TestImportCommand:
    @pytest.mark.usefixtures("env")
    def test_import_prints_the_summary(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "reports.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2019, 800, 100], ["HN-CS", 2023, 1000, 850]]))
        status, out, err = run(capsys, "import", str(path))
        assert status == 0 and err == ""
        assert "1 created, 0 replaced, 1 unchanged" in out

    def test_dry_run_writes_nothing_and_json_is_the_api_answer(
        self, env: Live, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "reports.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2018, 800, 100]]))
        status, out, _ = run(capsys, "import", str(path), "--dry-run", "--format", "json")
        with env.api() as api, path.open("rb") as upload:
            answer = api.post("/imports/reports", params={"dry_run": True}, files={"file": upload}).json()
        assert status == 0 and json.loads(out) == answer and answer["created"] == 1
        assert run(capsys, "import", str(path), "--mode", "replace")[1].startswith("1 created")

    def test_a_partial_file_that_changes_nothing_names_the_figures_kept(
        self, env: Live, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        stored = {"holdings_volumes": 800, "digitized_volumes": 100, "holdings_pages": 9000, "note": "县馆"}
        with env.api() as api:
            assert api.put("/archives/HN-ZZ-YX/reports/2016", json=stored).status_code == 201
        path = tmp_path / "partial.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2016, 800, 100]]))
        status, out, _ = run(capsys, "import", str(path), "--lang", "zh")
        assert status == 0
        assert "无需修改" in out and "完全相同" not in out
        assert "HN-ZZ-YX 2016 年：留空的数据保留原值：馆藏页数、备注" in out
        _, out, _ = run(capsys, "import", str(path))
        assert out.startswith("nothing to change: ")
        assert "HN-ZZ-YX 2016: left blank, kept as stored: holdings_pages, note" in out

    @pytest.mark.usefixtures("env")
    def test_an_unknown_figure_column_fails_the_command_naming_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "clerk.csv"
        path.write_bytes(
            csv_bytes([["档案馆代码", "年度", "馆藏卷数", "数字化完成量（卷次）"], ["HN-ZZ-YX", 2015, 800, 100]])
        )
        status, out, err = run(capsys, "import", str(path), "--lang", "en")
        assert status == 1 and err.startswith("lantai: ImportRejected: ")
        assert "clerk!D1" in out and "the closest known header is “已数字化案卷数”" in out

    @pytest.mark.usefixtures("env")
    def test_refused_file_lists_problems_and_exits_1(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "bad.csv"
        path.write_bytes(csv_bytes([EN_HEADER[:4], ["HN-ZZ-YX", 2017, 5000, 5200]]))
        status, out, err = run(capsys, "import", str(path), "--lang", "zh")
        assert status == 1
        assert "bad!D2" in out and "5200" in out
        assert err.startswith("lantai: ImportRejected: ")
