"""Plans and targets through HTTP."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import create_archive, create_plan, create_target

PLANS = "/api/v1/plans"
TARGETS = "/api/v1/plans/FYP14/targets"
REACH = {"rule": "reach_rate", "value": 80, "unit": "pct", "basis": "volumes", "level": "county"}


class TestPlans:
    def test_create_read_list(self, client: TestClient) -> None:
        create_plan(client)
        assert client.get(f"{PLANS}/FYP14").json()["end_year"] == 2025
        assert client.get(PLANS).json()["total"] == 1

    def test_duplicate_is_409(self, client: TestClient) -> None:
        create_plan(client)
        response = client.post(PLANS, json={"code": "FYP14", "name": "x", "start_year": 2000, "end_year": 2001})
        assert response.status_code == 409
        assert response.json()["error"] == "PlanExists"
        assert client.get(f"{PLANS}/FYP14").json()["start_year"] == 2021

    def test_years_out_of_order_are_422(self, client: TestClient) -> None:
        response = client.post(PLANS, json={"code": "P", "name": "x", "start_year": 2025, "end_year": 2021})
        assert response.status_code == 422
        assert "end_year" in response.json()["detail"]
        assert client.get(PLANS).json()["total"] == 0

    def test_unknown_is_404(self, client: TestClient) -> None:
        response = client.get(f"{PLANS}/NOPE")
        assert (response.status_code, response.json()["error"]) == (404, "PlanNotFound")


class TestTargets:
    @pytest.fixture(autouse=True)
    def plan(self, client: TestClient) -> None:
        create_plan(client)
        create_archive(client, "HN-CS-CSX", level="county")

    def test_default_and_override(self, client: TestClient) -> None:
        create_target(client, **REACH)
        override = create_target(client, **(REACH | {"level": None, "archive_code": "HN-CS-CSX", "value": 70}))
        assert override["scope"] == "override"
        listed = client.get(TARGETS).json()["items"]
        assert [(t["scope"], t["value"]) for t in listed] == [("default", 80.0), ("override", 70.0)]

    @pytest.mark.parametrize(
        "change",
        [{"archive_code": "HN-CS-CSX"}, {"level": None}],
        ids=["both-scopes", "no-scope"],
    )
    def test_scope_must_be_one_or_the_other(self, client: TestClient, change: dict) -> None:
        response = client.post(TARGETS, json=REACH | change)
        assert response.status_code == 422
        assert response.json()["error"] == "InvalidTargetScope"
        assert client.get(TARGETS).json()["items"] == []

    @pytest.mark.parametrize(
        "change, field",
        [
            ({"unit": "pp"}, "unit"),
            ({"basis": "shelf_metres"}, "basis"),
            ({"value": 120}, "value"),
            ({"year": 2023}, "year"),
            ({"rule": "annual_quota", "unit": "pages", "basis": "pages", "year": 2030}, "year"),
        ],
    )
    def test_ill_formed_target_is_422(self, client: TestClient, change: dict, field: str) -> None:
        response = client.post(TARGETS, json=REACH | change)
        assert response.status_code == 422
        assert response.json()["error"] == "InvalidTarget"
        assert response.json()["detail"].startswith(field)
        assert client.get(TARGETS).json()["items"] == []

    def test_same_rule_and_scope_twice_is_409(self, client: TestClient) -> None:
        create_target(client, **REACH)
        response = client.post(TARGETS, json=REACH | {"value": 90})
        assert (response.status_code, response.json()["error"]) == (409, "TargetExists")
        assert [t["value"] for t in client.get(TARGETS).json()["items"]] == [80.0]

    def test_override_for_unknown_archive_is_404(self, client: TestClient) -> None:
        response = client.post(TARGETS, json=REACH | {"level": None, "archive_code": "NOPE"})
        assert (response.status_code, response.json()["error"]) == (404, "ArchiveNotFound")

    def test_delete(self, client: TestClient) -> None:
        target = create_target(client, **REACH)
        assert client.delete(f"{TARGETS}/{target['id']}").status_code == 204
        response = client.delete(f"{TARGETS}/{target['id']}")
        assert (response.status_code, response.json()["error"]) == (404, "TargetNotFound")

    def test_unknown_plan_is_404(self, client: TestClient) -> None:
        response = client.post("/api/v1/plans/NOPE/targets", json=REACH)
        assert (response.status_code, response.json()["error"]) == (404, "PlanNotFound")
