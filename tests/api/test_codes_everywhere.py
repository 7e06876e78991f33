"""One archive code, however it is typed, at every entrance.

Lower case, full width and stray spaces all name the stored archive: in paths, query
parameters, JSON bodies and CLI arguments. A constraint the database refuses is named
(what is missing or duplicated), never a generic Conflict.
"""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from app.api.errors import integrity_error
from app.cli import build_parser
from app.db import open_session
from app.db.integrity import violation
from app.models import Plan, Target
from tests.conftest import ClientFactory
from tests.factories import create_archive, create_plan, put_report
from tests.rounds.world import ROUND

FULL_WIDTH_HN = "ＨＮ"  # what a Chinese input method types


@pytest.fixture
def province(client: TestClient) -> None:
    create_archive(client, "HN", level="provincial")
    create_archive(client, "ZQ-C11B", parent_code="HN")
    put_report(client, "ZQ-C11B", 2023)


class TestBodies:
    @pytest.mark.usefixtures("province")
    def test_a_target_for_a_lower_case_archive_code_is_stored_under_the_archive(self, client: TestClient) -> None:
        create_plan(client)
        body = {"rule": "reach_rate", "value": 80, "unit": "pct", "basis": "volumes", "archive_code": "zq-c11b"}
        answer = client.post("/api/v1/plans/FYP14/targets", json=body)
        assert answer.status_code == 201, answer.text
        assert answer.json()["archive_code"] == "ZQ-C11B"

    @pytest.mark.usefixtures("province")
    def test_a_default_under_a_full_width_code(self, client: TestClient) -> None:
        create_plan(client)
        body = {"rule": "reach_rate", "value": 80, "unit": "pct", "basis": "volumes", "level": "municipal"}
        answer = client.post("/api/v1/plans/FYP14/targets", json=body | {"under": f" {FULL_WIDTH_HN} "})
        assert (answer.status_code, answer.json()["under"]) == (201, "HN")

    @pytest.mark.usefixtures("province")
    def test_an_archive_below_a_lower_case_parent(self, client: TestClient) -> None:
        answer = client.post(
            "/api/v1/archives", json={"code": "ｈｎ-ｘ", "name": "新馆", "level": "county", "parent_code": "zq-c11b"}
        )
        assert answer.status_code == 201, answer.text
        assert (answer.json()["code"], answer.json()["parent_code"]) == ("HN-X", "ZQ-C11B")

    @pytest.mark.usefixtures("province")
    def test_a_plan_under_a_lower_case_code(self, client: TestClient) -> None:
        body = {"code": "P", "name": "p", "start_year": 2021, "end_year": 2025, "under": "hn"}
        assert client.post("/api/v1/plans", json=body).json()["under"] == "HN"

    @pytest.mark.usefixtures("province")
    def test_a_round_under_a_lower_case_code_is_its_supervisors(self, client_as: ClientFactory) -> None:
        supervisor = client_as("supervisor", "HN")
        answer = supervisor.post("/api/v1/rounds", json=ROUND | {"under": "hn"})
        assert (answer.status_code, answer.json()["under"]) == (201, "HN")


class TestPathsAndQueries:
    @pytest.mark.usefixtures("province")
    def test_a_full_width_code_with_spaces_in_the_path(self, client: TestClient) -> None:
        answer = client.get(f"/api/v1/archives/%20{FULL_WIDTH_HN}")
        assert (answer.status_code, answer.json()["code"]) == (200, "HN")
        assert client.get("/api/v1/archives/zq-c11b/reports/2023").status_code == 200

    @pytest.mark.usefixtures("province")
    @pytest.mark.parametrize(
        ("path", "params"),
        [
            ("/api/v1/archives", {"parent_code": "hn"}),
            ("/api/v1/archives", {"under": FULL_WIDTH_HN}),
            ("/api/v1/reports", {"under": "hn"}),
            ("/api/v1/reports", {"parent_code": " hn "}),
            ("/api/v1/audit", {"archive_code": "zq-c11b"}),
            ("/api/v1/audit", {"under": "hn"}),
        ],
    )
    def test_a_code_in_a_query_finds_the_archive(self, client: TestClient, path: str, params: dict[str, str]) -> None:
        answer = client.get(path, params=params)
        assert answer.status_code == 200, answer.text
        assert answer.json()["total"] >= 1

    @pytest.mark.usefixtures("province")
    def test_the_review_queue_under_a_lower_case_code(self, client_as: ClientFactory) -> None:
        answer = client_as("supervisor", "HN").get("/api/v1/review-queue", params={"under": "hn"})
        assert answer.status_code == 200, answer.text
        assert [item["archive_code"] for item in answer.json()["items"]] == ["ZQ-C11B"]


class TestCommandLine:
    @pytest.mark.parametrize(
        "argv",
        [
            ["report", "get", "zq-c11b", "2023"],
            ["token", "create", "--role", "reporter", "--archive", "zq-c11b"],
            ["round", "status", "1", "--under", "ｚｑ-ｃ11ｂ"],
        ],
    )
    def test_an_archive_argument_is_read_as_stored(self, argv: list[str]) -> None:
        args = build_parser().parse_args(argv)
        assert (getattr(args, "archive", None) or args.under) == "ZQ-C11B"


class TestConstraintsNamed:
    def test_a_missing_archive_is_named(self, engine: Engine, client: TestClient) -> None:
        create_plan(client)
        session = open_session(engine, write=True)
        try:
            session.add(
                Target(plan_code="FYP14", rule="reach_rate", value=80, unit="pct", basis="volumes", archive_code="NOPE")
            )
            with pytest.raises(IntegrityError) as raised:
                session.flush()
        finally:
            session.rollback()
            session.close()
        error = integrity_error(violation(raised.value))
        assert (error.error, error.status_code) == ("MissingReference", 422)
        assert "target.archive_code" in error.detail.en

    def test_a_duplicate_is_named(self, engine: Engine, client: TestClient) -> None:
        create_plan(client)
        session = open_session(engine, write=True)
        try:
            session.add(Plan(code="FYP14", name="again", start_year=2021, end_year=2025))
            with pytest.raises(IntegrityError) as raised:
                session.flush()
        finally:
            session.rollback()
            session.close()
        error = integrity_error(violation(raised.value))
        assert (error.error, error.status_code) == ("Duplicate", 409)
        assert "plan.code" in error.detail.en
