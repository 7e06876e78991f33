"""`lantai archives event|history` and `--as-of` on `archives list|get`, against a live server.

The module shares one server (tests/cli/conftest.py); each test registers the archive it changes.
"""

import json

import pytest

from app.cli import main
from tests.cli.conftest import Live


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def register(live: Live, code: str, name: str, region_code: str) -> None:
    body = {"code": code, "name": name, "level": "county", "parent_code": "HN-CS", "region_code": region_code}
    with live.api() as api:
        response = api.post("/archives", json=body)
    assert response.status_code == 201, response.text


def ningxiang_becomes_a_city(capsys: pytest.CaptureFixture[str], code: str) -> None:
    """宁乡县 became 宁乡市 on 2017-04-09 (民函〔2017〕73号), its region code 430124 -> 430182."""
    dated = ("--effective-date", "2017-04-09", "--document", "民函〔2017〕73号")
    status, out, _ = run(capsys, "archives", "event", code, "rename", "--name", "宁乡市档案馆", *dated)
    assert (status, out) == (0, f"recorded: {code} 2017-04-09 rename (name: 宁乡市档案馆)\n")
    status, _, _ = run(capsys, "archives", "event", code, "recode", "--region-code", "430182", *dated)
    assert status == 0


class TestHistory:
    def test_the_history_lists_both_versions_and_the_events(
        self, env: Live, capsys: pytest.CaptureFixture[str]
    ) -> None:
        register(env, "HN-CS-NX", "宁乡县档案馆", "430124")
        ningxiang_becomes_a_city(capsys, "HN-CS-NX")

        status, out, _ = run(capsys, "archives", "history", "HN-CS-NX")

        assert status == 0
        versions, events = out.split("events")
        assert versions.index("宁乡县档案馆") < versions.index("宁乡市档案馆")
        assert "430124" in versions and "430182" in versions and "2017-04-09" in versions
        assert "rename" in events and "new region code" in events and "民函〔2017〕73号" in events

    def test_in_chinese_and_as_json(self, env: Live, capsys: pytest.CaptureFixture[str]) -> None:
        register(env, "HN-CS-NX2", "宁乡县档案馆", "430124")
        ningxiang_becomes_a_city(capsys, "HN-CS-NX2")

        _, text, _ = run(capsys, "archives", "history", "HN-CS-NX2", "--lang", "zh")
        _, out, _ = run(capsys, "archives", "history", "HN-CS-NX2", "--format", "json")

        assert "历史版本" in text and "更名" in text and "区划代码变更" in text
        with env.api() as api:
            assert json.loads(out) == api.get("/archives/HN-CS-NX2/history").json()
        assert [event["type"] for event in json.loads(out)["events"]] == ["rename", "recode"]


class TestAsOf:
    def test_get_and_list_as_of_a_year_before_the_rename_show_the_name_then(
        self, env: Live, capsys: pytest.CaptureFixture[str]
    ) -> None:
        register(env, "HN-CS-NX3", "宁乡县档案馆", "430124")
        ningxiang_becomes_a_city(capsys, "HN-CS-NX3")

        _, then, _ = run(capsys, "archives", "get", "HN-CS-NX3", "--as-of", "2016")
        _, now, _ = run(capsys, "archives", "get", "HN-CS-NX3")
        _, listed, _ = run(capsys, "archives", "list", "--parent", "HN-CS", "--as-of", "2016-12-31", "--format", "json")

        assert "name\t宁乡县档案馆" in then.splitlines() and "name\t宁乡市档案馆" in now.splitlines()
        names = {item["code"]: item["name"] for item in json.loads(listed)["items"]}
        assert names["HN-CS-NX3"] == "宁乡县档案馆" and names["HN-CS-LY"] == "浏阳市档案馆"


class TestRefusals:
    @pytest.mark.usefixtures("env")
    def test_a_change_the_server_refuses_is_exit_1_in_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, err = run(
            capsys, "archives", "event", "HN-CS", "reparent", "--parent", "HN-CS-LY", "--effective-date", "2020-01-01"
        )

        assert (status, out) == (1, "")
        assert len(err.splitlines()) == 1 and err.startswith("lantai: ")

    @pytest.mark.usefixtures("env")
    def test_an_event_without_its_date_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exit_:
            main(["archives", "event", "HN-CS", "rename", "--name", "长沙"])

        assert exit_.value.code == 2
        assert "--effective-date" in capsys.readouterr().err
