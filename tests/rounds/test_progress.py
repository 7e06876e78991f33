"""Each expected archive's state in a round, the progress under each level, the missing list; CSV and XLSX."""

import csv
import io

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine

from tests.conftest import TokenFactory
from tests.factories import put_report
from tests.rounds.world import build_archives, create_round, set_first_written, set_now, utc

BEFORE_DUE = utc("2026-03-15T04:00:00")
AFTER_DUE = utc("2026-04-10T04:00:00")  # 10 days after the due date, in Shanghai too


def round_database(client: TestClient, token_for: TokenFactory) -> None:
    """A Hunan round, comprehensive archives only; reports in every state.

    HN       submitted in 2025, before the round opened: on time
    HN-CS    not submitted
    HN-CS-A  submitted on time                 HN-CS-B  returned, first written late
    HN-ZZ    approved, on time                 HN-ZZ-A  not submitted
    """
    engine = client.app.state.engine  # type: ignore[attr-defined]
    build_archives(client)
    created = create_round(client, under="HN")
    for code in ("HN", "HN-CS-A", "HN-CS-B", "HN-ZZ", "HN-UC", "HB-XY"):
        put_report(client, code, 2025)
    assert client.post("/api/v1/archives/HN-CS-B/reports/2025/return", json={"comment": "请核对"}).status_code == 200
    # built before the test's settings (self-approval allowed) exist: a second admin approves
    second = {"Authorization": f"Bearer {token_for('admin', name='second-admin')}"}
    approve = client.post("/api/v1/archives/HN-ZZ/reports/2025/approve", json={"comment": "ok"}, headers=second)
    assert approve.status_code == 200
    set_first_written(engine, "HN", 2025, utc("2025-12-20T02:00:00"))
    set_first_written(engine, "HN-CS-A", 2025, utc("2026-02-01T02:00:00"))
    set_first_written(engine, "HN-CS-B", 2025, utc("2026-04-03T02:00:00"))
    set_first_written(engine, "HN-ZZ", 2025, utc("2026-03-31T15:59:00"))  # 23:59 in Shanghai: on time
    assert created["id"] == ROUND_ID


ROUND_ID = 1  # the first round of a new database (its copies hold the same)
BUILT = {"round_id": round_database}  # a test using `round_id` gets a copy, built once a run


@pytest.fixture
def round_id() -> int:
    """The round of this test's copy of round_database."""
    return ROUND_ID


def states(client: TestClient, round_id: int, **params: str) -> dict[str, dict]:
    page = client.get(f"/api/v1/rounds/{round_id}/archives", params=params).json()
    assert page["total"] == len(page["items"]), page
    return {row["archive_code"]: row for row in page["items"]}


class TestStates:
    def test_each_state_after_the_due_date(self, client: TestClient, app: FastAPI, round_id: int) -> None:
        set_now(app, AFTER_DUE)
        found = states(client, round_id)
        assert set(found) == {"HN", "HN-CS", "HN-CS-A", "HN-CS-B", "HN-ZZ", "HN-ZZ-A"}
        summary = {code: (row["state"], row["on_time"], row["days_late"]) for code, row in found.items()}
        assert summary == {
            "HN": ("submitted", True, 0),
            "HN-CS": ("not_submitted", False, 10),
            "HN-CS-A": ("submitted", True, 0),
            "HN-CS-B": ("returned", False, 3),
            "HN-ZZ": ("approved", True, 0),
            "HN-ZZ-A": ("not_submitted", False, 10),
        }
        assert found["HN"]["first_submitted_at"].startswith("2025-12-20T02:00:00")
        assert found["HN-CS"]["first_submitted_at"] is None

    def test_before_the_due_date_the_missing_are_not_late_yet(
        self, client: TestClient, app: FastAPI, round_id: int
    ) -> None:
        set_now(app, BEFORE_DUE)
        found = states(client, round_id)
        assert (found["HN-CS"]["on_time"], found["HN-CS"]["days_late"]) == (None, 0)
        progress = client.get(f"/api/v1/rounds/{round_id}/progress").json()
        assert (progress["late"], progress["on_time"], progress["not_submitted"]) == (1, 3, 2)

    def test_the_due_date_ends_at_midnight_in_the_deployments_time_zone(
        self, client: TestClient, app: FastAPI, engine: Engine, round_id: int
    ) -> None:
        set_now(app, AFTER_DUE)
        set_first_written(engine, "HN-ZZ", 2025, utc("2026-03-31T16:00:00"))  # 00:00 on April 1st in Shanghai
        found = states(client, round_id)
        assert (found["HN-ZZ"]["on_time"], found["HN-ZZ"]["days_late"]) == (False, 1)

    @pytest.mark.usefixtures("round_id")
    def test_a_round_for_county_archives_expects_only_those(self, client: TestClient, app: FastAPI) -> None:
        set_now(app, AFTER_DUE)
        counties = create_round(client, under="HN", levels=["county"])
        assert set(states(client, counties["id"])) == {"HN-CS-A", "HN-CS-B", "HN-ZZ-A"}

    def test_the_states_of_the_archives_directly_below_one(
        self, client: TestClient, app: FastAPI, round_id: int
    ) -> None:
        set_now(app, AFTER_DUE)
        assert set(states(client, round_id, parent_code="HN-CS")) == {"HN-CS-A", "HN-CS-B"}
        assert set(states(client, round_id, parent_code="HN")) == {"HN-CS", "HN-ZZ"}


class TestProgress:
    def test_the_province_sees_its_cities_and_the_counts_add_up(
        self, client: TestClient, app: FastAPI, round_id: int
    ) -> None:
        set_now(app, AFTER_DUE)
        progress = client.get(f"/api/v1/rounds/{round_id}/progress", params={"under": "HN"}).json()
        counts = {
            key: progress[key]
            for key in ("expected", "submitted", "approved", "returned", "not_submitted", "on_time", "late")
        }
        assert counts == {
            "expected": 6,
            "submitted": 4,
            "approved": 1,
            "returned": 1,
            "not_submitted": 2,
            "on_time": 3,
            "late": 3,
        }
        assert (progress["completeness_pct"], progress["timeliness_pct"], progress["approved_pct"]) == (
            66.67,
            50.0,
            16.67,
        )
        children = {child["archive_code"]: child for child in progress["children"]}
        assert set(children) == {"HN-CS", "HN-ZZ"}
        assert (children["HN-CS"]["expected"], children["HN-CS"]["submitted"], children["HN-CS"]["late"]) == (3, 2, 2)
        assert (children["HN-ZZ"]["expected"], children["HN-ZZ"]["approved"], children["HN-ZZ"]["not_submitted"]) == (
            2,
            1,
            1,
        )
        own = {"expected": 1, "submitted": 1, "on_time": 1}  # HN itself
        for key in ("expected", "submitted", "approved", "returned", "not_submitted", "on_time", "late"):
            assert sum(child[key] for child in children.values()) + own.get(key, 0) == progress[key], key

    def test_a_city_sees_its_counties(self, client: TestClient, app: FastAPI, round_id: int) -> None:
        set_now(app, AFTER_DUE)
        progress = client.get(f"/api/v1/rounds/{round_id}/progress", params={"under": "HN-CS"}).json()
        assert (progress["expected"], progress["submitted"]) == (3, 2)
        assert [(c["archive_code"], c["submitted"], c["on_time"]) for c in progress["children"]] == [
            ("HN-CS-A", 1, 1),
            ("HN-CS-B", 1, 0),
        ]

    def test_a_county_has_no_children(self, client: TestClient, app: FastAPI, round_id: int) -> None:
        set_now(app, AFTER_DUE)
        progress = client.get(f"/api/v1/rounds/{round_id}/progress", params={"under": "HN-ZZ-A"}).json()
        assert (progress["expected"], progress["not_submitted"], progress["children"]) == (1, 1, [])

    @pytest.mark.usefixtures("round_id")
    def test_a_national_round_sees_the_provinces(self, client: TestClient, app: FastAPI) -> None:
        set_now(app, AFTER_DUE)
        national = create_round(client)
        progress = client.get(f"/api/v1/rounds/{national['id']}/progress").json()
        assert progress["under"] is None
        assert {c["archive_code"]: c["expected"] for c in progress["children"]} == {"HN": 6, "HB": 2}
        assert progress["expected"] == 8

    def test_an_unknown_under_is_404(self, client: TestClient, round_id: int) -> None:
        response = client.get(f"/api/v1/rounds/{round_id}/progress", params={"under": "NOPE"})
        assert (response.status_code, response.json()["error"]) == (404, "ArchiveNotFound")

    def test_progress_as_csv_and_xlsx(self, client: TestClient, app: FastAPI, round_id: int) -> None:
        set_now(app, AFTER_DUE)
        text = client.get(f"/api/v1/rounds/{round_id}/progress", params={"format": "csv"}).text.lstrip("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [(row["archive_code"], row["expected"], row["completeness_pct"]) for row in rows] == [
            ("HN", "6", "66.67"),
            ("HN-CS", "3", "66.67"),
            ("HN-ZZ", "2", "50.0"),
        ]
        content = client.get(f"/api/v1/rounds/{round_id}/progress", params={"format": "xlsx"}).content
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet is not None
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert values[0][0].endswith("（2025年）报送进度") and "制表日期" in values[1][0]
        assert values[3][:3] == ["档案馆代码", "档案馆名称", "级别"]
        assert values[4][:4] == ["HN-CS", values[4][1], "地市级", 3]
        assert values[-1][0] == "合计" and values[-1][3] == 6
        assert "archive_code" not in str(values) and "municipal" not in str(values)
        assert (sheet.page_setup.paperSize, sheet.print_title_rows) == (9, "$4:$4")
        zh = client.get(f"/api/v1/rounds/{round_id}/progress", params={"format": "csv", "lang": "zh"}).text
        chinese = list(csv.DictReader(io.StringIO(zh.lstrip("\ufeff"))))
        assert [(row["档案馆代码"], row["级别"]) for row in chinese] == [
            ("合计", ""),
            ("HN-CS", "地市级"),
            ("HN-ZZ", "地市级"),
        ]


class TestMissing:
    def test_the_missing_with_days_late_and_who_to_call(self, client: TestClient, app: FastAPI, round_id: int) -> None:
        set_now(app, AFTER_DUE)
        missing = client.get(f"/api/v1/rounds/{round_id}/missing").json()["items"]
        assert [(row["code"], row["level"], row["days_late"]) for row in missing] == [
            ("HN-CS", "municipal", 10),
            ("HN-ZZ-A", "county", 10),
        ]
        assert [link["code"] for link in missing[0]["chain"]] == ["HN"]
        assert [link["code"] for link in missing[1]["chain"]] == ["HN-ZZ", "HN"]

    def test_under_a_city(self, client: TestClient, app: FastAPI, round_id: int) -> None:
        set_now(app, AFTER_DUE)
        missing = client.get(f"/api/v1/rounds/{round_id}/missing", params={"under": "HN-ZZ"}).json()["items"]
        assert [row["code"] for row in missing] == ["HN-ZZ-A"]

    def test_directly_below_an_archive_and_paged(self, client: TestClient, app: FastAPI, round_id: int) -> None:
        set_now(app, AFTER_DUE)
        below_hn = client.get(f"/api/v1/rounds/{round_id}/missing", params={"parent_code": "HN"}).json()
        assert [row["code"] for row in below_hn["items"]] == ["HN-CS"]  # HN-ZZ-A is below HN-ZZ, not HN
        second = client.get(f"/api/v1/rounds/{round_id}/missing", params={"limit": 1, "offset": 1}).json()
        assert (second["total"], [row["code"] for row in second["items"]]) == (2, ["HN-ZZ-A"])
        unknown = client.get(f"/api/v1/rounds/{round_id}/missing", params={"parent_code": "NOPE"})
        assert (unknown.status_code, unknown.json()["error"]) == (404, "ArchiveNotFound")
        assert "parent_code" in unknown.json()["detail"]

    def test_a_report_arriving_takes_it_off_the_list(self, client: TestClient, app: FastAPI, round_id: int) -> None:
        set_now(app, AFTER_DUE)
        put_report(client, "HN-ZZ-A", 2025)
        missing = client.get(f"/api/v1/rounds/{round_id}/missing").json()["items"]
        assert [row["code"] for row in missing] == ["HN-CS"]

    def test_missing_as_csv_and_xlsx(self, client: TestClient, app: FastAPI, round_id: int) -> None:
        set_now(app, AFTER_DUE)
        text = client.get(f"/api/v1/rounds/{round_id}/missing", params={"format": "csv"}).text.lstrip("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [(row["archive_code"], row["days_late"], row["chain"]) for row in rows] == [
            ("HN-CS", "10", "HN HN 档案馆"),
            ("HN-ZZ-A", "10", "HN-ZZ HN-ZZ 档案馆 > HN HN 档案馆"),
        ]
        content = client.get(f"/api/v1/rounds/{round_id}/missing", params={"format": "xlsx"}).content
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        assert [row[0] for row in rows[4:]] == ["HN-CS", "HN-ZZ-A", "合计"]
        assert rows[4][2] == "地市级" and rows[-1][1] == "2 个档案馆未报" and "未报送档案馆" in rows[0][0]
        english = client.get(
            f"/api/v1/rounds/{round_id}/missing", params={"format": "xlsx"}, headers={"Accept-Language": "en"}
        )
        rows = list(load_workbook(io.BytesIO(english.content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
        assert (rows[3][:3], rows[4][2], rows[-1][0]) == (("Archive code", "Archive", "Level"), "municipal", "Total")
