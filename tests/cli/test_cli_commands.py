"""Each command against a live server: its `--format json` is the API's answer, its text what a person needs.

The module shares one server (tests/cli/conftest.py): the scenario of tests/scenario.py and
round 2023 under HN (due 2024-03-31, so every report is late; HN and HN-ZZ-YX never reported).
Each test that writes touches a report or a round of its own.
"""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main, remote
from tests.cli.conftest import Live
from tests.scenario import PLAN, YEAR

ALL = 10_000  # the page the CLI asks for: every row in one answer


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def as_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    status, out, err = run(capsys, *argv, "--format", "json")
    assert (status, err) == (0, ""), err
    return json.loads(out)


class TestReadsAreTheApiAnswer:
    @pytest.mark.parametrize(
        "argv, path, params",
        [
            (
                ["archives", "list", "--under", "HN", "--level", "county"],
                "/archives",
                {"under": "HN", "level": "county", "limit": ALL},
            ),
            (["archives", "get", "HN-CS"], "/archives/HN-CS", None),
            (["report", "get", "HN-CS", "2023"], "/archives/HN-CS/reports/2023", None),
            (["report", "history", "HN-CS", "2023"], "/archives/HN-CS/reports/2023/revisions", None),
            (["review", "queue", "--under", "HN-ZZ"], "/review-queue", {"under": "HN-ZZ", "limit": ALL}),
            (["round", "list"], "/rounds", {"limit": ALL}),
            (
                ["rollup", "HN", "--plan", PLAN, "--year", str(YEAR)],
                "/archives/HN/rollup",
                {"plan": PLAN, "year": YEAR},
            ),
        ],
        ids=["archives-list", "archives-get", "report-get", "report-history", "review-queue", "round-list", "rollup"],
    )
    def test_json(
        self, env: Live, capsys: pytest.CaptureFixture[str], argv: list[str], path: str, params: dict | None
    ) -> None:
        printed = as_json(capsys, *argv)
        with env.api() as api:
            assert printed == api.get(path, params=params).json()

    def test_round_status_and_missing(self, env: Live, capsys: pytest.CaptureFixture[str]) -> None:
        status = as_json(capsys, "round", "status", str(env.round_id))
        missing = as_json(capsys, "round", "missing", str(env.round_id))
        with env.api() as api:
            assert status == api.get(f"/rounds/{env.round_id}/progress").json()
            assert missing == api.get(f"/rounds/{env.round_id}/missing", params={"limit": ALL}).json()
        assert {row["code"] for row in missing["items"]} == {"HN", "HN-ZZ-YX"}  # type: ignore[index]

    @pytest.mark.usefixtures("env")
    def test_text_in_chinese_words_levels_and_kinds(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "archives", "get", "HN-CS", "--lang", "zh")
        assert out.splitlines() == ["代码\tHN-CS", "名称\t长沙市档案馆", "级别\t地市级", "类型\t综合档案馆", "上级\tHN"]


class TestReportCommands:
    @pytest.mark.usefixtures("env")
    def test_get_prints_the_figures_in_either_language(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "report", "get", "HN-ZZ", "2023")
        assert out.startswith('HN-ZZ 2023: ETag "1.') and ", revision 1, submitted; rate by volumes 31.00%" in out
        assert "holdings_volumes\t1,000" in out and "digitized_volumes\t310" in out and "note\t-" in out
        _, out, _ = run(capsys, "report", "get", "HN-ZZ", "2023", "--lang", "zh")
        assert "馆藏案卷数\t1,000" in out and "已数字化案卷数\t310" in out

    @pytest.mark.usefixtures("env")
    def test_a_code_is_read_however_it_is_typed(self, capsys: pytest.CaptureFixture[str]) -> None:
        typed = as_json(capsys, "report", "get", " ｈｎ－zz ", "2023")
        assert typed == as_json(capsys, "report", "get", "HN-ZZ", "2023")

    def test_patch_changes_one_figure_and_keeps_the_others(self, env: Live, capsys: pytest.CaptureFixture[str]) -> None:
        patched = as_json(capsys, "report", "patch", "HN-CS", "2022", "--note", "更正")
        with env.api() as api:
            stored = api.get("/archives/HN-CS/reports/2022").json()
        assert patched == stored
        assert (stored["note"], stored["holdings_volumes"], stored["digitized_volumes"]) == ("更正", 1000, 700)
        status, _, err = run(capsys, "report", "patch", "HN-CS", "2022")
        assert status == 2 and err.startswith("lantai: UsageError: give at least one figure")

    def test_put_says_what_it_cleared(self, env: Live, capsys: pytest.CaptureFixture[str]) -> None:
        volumes = ["--holdings-volumes", "800", "--digitized-volumes", "200"]
        status, out, err = run(
            capsys, "report", "put", "HN-ZZ-YX", "2021", *volumes, "--holdings-pages", "1000", "--note", "县馆"
        )
        assert status == 0 and err == ""
        assert out.startswith("HN-ZZ-YX 2021: created, revision 1, submitted; rate by volumes 25.00%")
        status, out, err = run(capsys, "report", "put", "HN-ZZ-YX", "2021", *volumes, "--format", "json")
        assert status == 0
        assert "put cleared 2 figure(s) not given: holdings_pages (was 1,000), note (was 县馆)" in err
        with env.api() as api:
            assert json.loads(out) == api.get("/archives/HN-ZZ-YX/reports/2021").json()

    @pytest.mark.usefixtures("env")
    def test_put_with_a_stale_etag_is_refused(self, capsys: pytest.CaptureFixture[str]) -> None:
        figures = ["--holdings-volumes", "1000", "--digitized-volumes", "450"]
        status, _, err = run(capsys, "report", "put", "HN-CS-LY", "2023", *figures, "--if-match", '"7"')
        assert status == 1 and err.startswith("lantai: PreconditionFailed: ")


class TestReviewCommands:
    def test_approve_then_reopen(self, env: Live, capsys: pytest.CaptureFixture[str]) -> None:
        second = ["--token", env.second_token]  # four eyes: the admin who wrote it may not approve it
        approved = as_json(capsys, "review", "approve", "HN-ZZ", "2022", "--comment", "核对无误", *second)
        with env.api() as api:
            assert approved == api.get("/archives/HN-ZZ/reports/2022").json()
        assert approved["status"] == "approved"  # type: ignore[index]
        status, out, _ = run(capsys, "review", "reopen", "HN-ZZ", "2022", "--comment", "补录")
        assert status == 0 and out.startswith("HN-ZZ 2022: reopened, submitted")

    @pytest.mark.usefixtures("env")
    def test_return_needs_a_comment(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(capsys, "review", "return", "HN-CS-LY", "2022")
        assert status == 2 and err.startswith("lantai: UsageError: a return needs --comment")
        status, out, _ = run(capsys, "review", "return", "HN-CS-LY", "2022", "--comment", "页数漏填", "--lang", "zh")
        assert status == 0 and out.startswith("HN-CS-LY 2022: 已退回, returned")


class TestRoundCommands:
    def test_create_answers_the_round(self, env: Live, capsys: pytest.CaptureFixture[str]) -> None:
        dates = ["--opens", "2023-01-01", "--due", "2023-03-31"]
        created = as_json(
            capsys,
            "round",
            "create",
            "--year",
            "2022",
            "--name",
            "2022年度",
            *dates,
            "--under",
            "HN-CS",
            "--levels",
            "county",
        )
        with env.api() as api:
            assert created == api.get(f"/rounds/{created['id']}").json()  # type: ignore[index]
        assert created["levels"] == ["county"]  # type: ignore[index]

    def test_status_against_a_server_with_no_database_url(self, env: Live) -> None:
        environment = {name: value for name, value in os.environ.items() if name != "LANTAI_DATABASE_URL"}
        command = "import sys; from app.cli import main; sys.exit(main())"
        argv = [
            sys.executable,
            "-c",
            command,
            "round",
            "status",
            str(env.round_id),
            "--under",
            "HN",
            "--fail-on",
            "late",
        ]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False, env=environment)
        assert result.returncode == 1, result.stderr
        assert result.stdout.startswith(
            f"round {env.round_id}: 2023年度档案数字化年报 (2023), 2024-01-01 to 2024-03-31"
        )
        assert "HN\texpected 5\tsubmitted 3 (60.0%)\tapproved 0" in result.stdout
        assert "  HN-CS 长沙市档案馆\texpected 2\tsubmitted 2 (100.0%)" in result.stdout
        assert "  HN-ZZ-YX\t攸县档案馆\tcounty\t" in result.stdout and "above: HN-ZZ > HN" in result.stdout
        assert result.stderr.splitlines() == ["lantai: 5 archive(s) late"]

    @pytest.mark.parametrize(
        ("which", "fail_on", "expected"),
        [
            ("past", "missing", 1),
            ("past", "late,missing", 1),
            ("future", "missing", 1),  # HN-ZZ and HN-ZZ-YX have not submitted for 2025
            ("future", "late", 0),  # but they are not late yet
        ],
    )
    def test_status_fail_on(
        self, env: Live, capsys: pytest.CaptureFixture[str], which: str, fail_on: str, expected: int
    ) -> None:
        round_id = env.round_id if which == "past" else env.future_round_id
        status, _, err = run(capsys, "round", "status", str(round_id), "--fail-on", fail_on, "--format", "json")
        assert status == expected
        assert ("archive(s)" in err) is (expected == 1)

    def test_status_and_missing_as_the_api_csv(self, env: Live, capsys: pytest.CaptureFixture[str]) -> None:
        _, progress, _ = run(capsys, "round", "status", str(env.round_id), "--format", "csv")
        _, missing, _ = run(capsys, "round", "missing", str(env.round_id), "--parent", "HN-ZZ", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(missing.removeprefix("\ufeff"))))
        assert [(row["archive_code"], row["chain"]) for row in rows] == [
            ("HN-ZZ-YX", "HN-ZZ 株洲市档案馆 > HN 湖南省档案馆")
        ]
        with env.api() as api:
            assert progress.encode() == api.get(f"/rounds/{env.round_id}/progress", params={"format": "csv"}).content

    def test_an_unknown_round_or_archive_is_refused(self, env: Live, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(capsys, "round", "status", "999")
        assert status == 1 and err.startswith("lantai: RoundNotFound: ") and "999" in err
        status, _, err = run(capsys, "round", "missing", str(env.round_id), "--under", "NOPE")
        assert status == 1 and err.startswith("lantai: ArchiveNotFound: ")
        with pytest.raises(SystemExit) as exited:
            main(["round", "status", str(env.round_id), "--fail-on", "sleepy"])
        assert exited.value.code == 2


class TestDocuments:
    @pytest.mark.usefixtures("env")
    def test_export_xlsx_to_a_file_opens(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "compliance.xlsx"
        status, out, err = run(capsys, "export", "compliance", "--plan", PLAN, "--year", str(YEAR), "-o", str(path))
        assert (status, out, err) == (0, "", "")  # no progress off a terminal
        cells = {cell.value for row in load_workbook(path).active.iter_rows() for cell in row}
        assert {"株洲市档案馆", "攸县档案馆"} <= cells

    @pytest.mark.usefixtures("env")
    def test_template_to_a_file_opens(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "模板.xlsx"
        assert run(capsys, "template", "-o", str(path), "--year", "2024")[0] == 0
        cells = {cell.value for sheet in load_workbook(path) for row in sheet.iter_rows() for cell in row}
        assert {"HN-CS", "HN-ZZ-YX"} <= cells

    def test_csv_export_is_the_api_document(
        self, env: Live, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "missing.csv"
        assert run(capsys, "export", "round-missing", str(env.round_id), "-o", str(path))[0] == 0
        with env.api() as api:
            assert path.read_bytes() == api.get(f"/rounds/{env.round_id}/missing", params={"format": "csv"}).content

    def test_xlsx_is_never_written_to_a_terminal(
        self, env: Live, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(remote, "is_terminal", lambda _stream: True)
        status, out, err = run(capsys, "export", "round-progress", str(env.round_id), "--format", "xlsx")
        assert (status, out) == (2, "")
        assert err.startswith("lantai: UsageError: the document is binary (XLSX)")
