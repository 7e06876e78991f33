"""`lantai round status ID [--under CODE] [--fail-on late,missing] [--format ...]`: what it prints and its exit status."""

import csv
import io
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.config import get_settings
from tests.factories import put_report
from tests.rounds.world import build_archives, create_round


@pytest.fixture
def settings_from_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI reads the test's database, as a deployment's LANTAI_DATABASE_URL would say."""
    monkeypatch.setenv("LANTAI_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["round", "status", *argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def rounds(client: TestClient, settings_from_env: None) -> dict[str, int]:
    """A round long past its due date where HN-ZZ-A has not reported, and one not yet due."""
    build_archives(client)
    past = create_round(client, under="HN-ZZ", opens_on="2024-01-01", due_on="2024-03-31", year=2023)
    future = create_round(client, under="HN-ZZ", opens_on="2026-01-01", due_on="2099-03-31")
    put_report(client, "HN-ZZ", 2023)
    put_report(client, "HN-ZZ", 2025)
    return {"past": past["id"], "future": future["id"]}


def test_it_prints_the_counts_the_children_and_the_missing(
    rounds: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, str(rounds["past"]))
    assert status == 0
    assert "HN-ZZ\texpected 2\tsubmitted 1 (50.0%)" in out
    assert "  HN-ZZ-A HN-ZZ-A 档案馆\texpected 1\tsubmitted 0" in out
    assert "HN-ZZ-A\tHN-ZZ-A 档案馆\tcounty\t" in out and "above: HN-ZZ > HN" in out


def test_as_json_for_a_script_and_the_exit_status_unchanged(
    rounds: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, str(rounds["past"]), "--format", "json", "--fail-on", "missing")
    answer = json.loads(out)
    assert status == 1
    assert (answer["round"]["id"], answer["progress"]["expected"], answer["progress"]["submitted"]) == (
        rounds["past"],
        2,
        1,
    )
    assert [(row["code"], [link["code"] for link in row["chain"]]) for row in answer["missing"]] == [
        ("HN-ZZ-A", ["HN-ZZ", "HN"])
    ]


def test_the_missing_as_csv(rounds: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, str(rounds["past"]), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert status == 0
    assert [(row["archive_code"], row["chain"]) for row in rows] == [("HN-ZZ-A", "HN-ZZ HN-ZZ 档案馆 > HN HN 档案馆")]


@pytest.mark.parametrize(
    ("which", "fail_on", "expected"),
    [
        ("past", "missing", 1),
        ("past", "late", 1),
        ("past", "late,missing", 1),
        ("future", "missing", 1),  # HN-ZZ-A has not submitted
        ("future", "late", 0),  # but it is not late yet
    ],
)
def test_fail_on_exit_status(
    rounds: dict[str, int], capsys: pytest.CaptureFixture[str], which: str, fail_on: str, expected: int
) -> None:
    status, _, err = run(capsys, str(rounds[which]), "--fail-on", fail_on)
    assert status == expected
    assert ("archive(s)" in err) is (expected == 1)


def test_once_everyone_has_reported_it_exits_0(
    client: TestClient, rounds: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, str(rounds["past"]), "--under", "HN-ZZ-A", "--fail-on", "missing")[0] == 1
    put_report(client, "HN-ZZ-A", 2023)
    assert run(capsys, str(rounds["past"]), "--under", "HN-ZZ-A", "--fail-on", "missing")[0] == 0
    assert run(capsys, str(rounds["past"]), "--fail-on", "missing")[0] == 0
    assert run(capsys, str(rounds["past"]), "--fail-on", "late")[0] == 1  # it came years late


def test_without_fail_on_it_exits_0(rounds: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(rounds["past"]))[0] == 0


def test_an_unknown_round_or_archive_exits_2(rounds: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "999")
    assert status == 2 and "999" in err
    assert run(capsys, str(rounds["past"]), "--under", "NOPE")[0] == 2


def test_an_unknown_state_is_a_usage_error(rounds: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["round", "status", str(rounds["past"]), "--fail-on", "sleepy"])
    assert exited.value.code == 2
