"""Rounds through HTTP: open (admins, supervisors in scope), read, extend the due date (audited), delete."""

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.factories import put_report
from tests.rounds.world import ROUND, build_archives, create_round


@pytest.fixture
def world(client: TestClient) -> TestClient:
    build_archives(client)
    return client


class TestCreate:
    def test_admin_opens_a_round_and_reads_it_back(self, world: TestClient) -> None:
        created = create_round(world, under="HN", levels=["provincial", "municipal", "county"])
        assert created["id"] >= 1
        assert (created["year"], created["under"], created["due_on"]) == (2025, "HN", "2026-03-31")
        assert world.get(f"/api/v1/rounds/{created['id']}").json() == created
        assert world.get("/api/v1/rounds").json() == {"items": [created], "total": 1, "limit": 100, "offset": 0}

    def test_levels_and_kinds_default_to_all_and_under_to_everywhere_for_an_admin(self, world: TestClient) -> None:
        body = {key: value for key, value in ROUND.items() if key != "kinds"}
        created = world.post("/api/v1/rounds", json=body).json()
        assert created["under"] is None
        assert created["levels"] == ["provincial", "municipal", "county"]
        assert "urban_construction" in created["kinds"]

    @pytest.mark.usefixtures("world")
    def test_a_supervisor_opens_one_over_their_own_scope_by_default(self, client_as: ClientFactory) -> None:
        response = client_as("supervisor", "HN-CS").post("/api/v1/rounds", json=ROUND)
        assert response.status_code == 201
        assert response.json()["under"] == "HN-CS"

    @pytest.mark.parametrize(
        ("role", "archive", "under"),
        [
            ("supervisor", "HN-CS", "HN"),
            ("supervisor", "HN-CS", "HN-ZZ"),
            ("reporter", "HN-CS", None),
            ("viewer", None, None),
        ],
    )
    def test_outside_ones_scope_is_forbidden_and_nothing_is_stored(
        self, world: TestClient, client_as: ClientFactory, role: str, archive: str | None, under: str | None
    ) -> None:
        body = ROUND | ({"under": under} if under else {})
        response = client_as(role, archive).post("/api/v1/rounds", json=body)
        assert response.status_code == 403
        assert response.json()["error"] == "Forbidden"
        assert world.get("/api/v1/rounds").json()["items"] == []

    @pytest.mark.parametrize(
        ("fields", "status", "error"),
        [
            ({"under": "NOPE"}, 404, "ArchiveNotFound"),
            ({"due_on": "2025-12-31"}, 422, "ValidationError"),
            ({"levels": ["city"]}, 422, "ValidationError"),
            ({"year": 1800}, 422, "ValidationError"),
            ({"levels": []}, 422, "ValidationError"),
        ],
    )
    def test_bad_rounds_are_refused(self, world: TestClient, fields: dict, status: int, error: str) -> None:
        response = world.post("/api/v1/rounds", json=ROUND | fields)
        assert (response.status_code, response.json()["error"]) == (status, error)
        assert world.get("/api/v1/rounds").json()["items"] == []

    def test_an_unknown_round_is_404(self, world: TestClient) -> None:
        response = world.get("/api/v1/rounds/999")
        assert (response.status_code, response.json()["error"]) == (404, "RoundNotFound")


class TestExtend:
    def test_extending_the_due_date_is_audited(self, world: TestClient, client_as: ClientFactory) -> None:
        created = create_round(world, under="HN")
        bureau = client_as("supervisor", "HN", name="hn.bureau")
        response = bureau.patch(f"/api/v1/rounds/{created['id']}", json={"due_on": "2026-04-30"})
        assert response.status_code == 200
        assert response.json()["due_on"] == "2026-04-30"
        [entry] = world.get("/api/v1/audit", params={"action": "round.update"}).json()["items"]
        assert (entry["actor"], entry["entity_key"]) == ("hn.bureau", f"round/{created['id']}")
        assert (entry["before"]["due_on"], entry["after"]["due_on"]) == ("2026-03-31", "2026-04-30")

    def test_a_due_date_before_the_opening_is_refused_and_nothing_changes(self, world: TestClient) -> None:
        created = create_round(world)
        response = world.patch(f"/api/v1/rounds/{created['id']}", json={"due_on": "2025-12-01"})
        assert (response.status_code, response.json()["error"]) == (422, "InvalidRound")
        assert world.get(f"/api/v1/rounds/{created['id']}").json()["due_on"] == "2026-03-31"

    def test_a_supervisor_below_the_round_may_not_change_it(self, world: TestClient, client_as: ClientFactory) -> None:
        created = create_round(world, under="HN")
        response = client_as("supervisor", "HN-CS").patch(
            f"/api/v1/rounds/{created['id']}", json={"due_on": "2026-06-30"}
        )
        assert response.status_code == 403
        assert world.get(f"/api/v1/rounds/{created['id']}").json()["due_on"] == "2026-03-31"


class TestDelete:
    def test_a_round_nobody_reported_in_is_deleted(self, world: TestClient) -> None:
        created = create_round(world, under="HN")
        assert world.delete(f"/api/v1/rounds/{created['id']}").status_code == 204
        assert world.get(f"/api/v1/rounds/{created['id']}").status_code == 404
        [entry] = world.get("/api/v1/audit", params={"action": "round.delete"}).json()["items"]
        assert entry["before"]["name"] == ROUND["name"]

    def test_a_round_an_expected_archive_reported_in_is_kept(self, world: TestClient) -> None:
        created = create_round(world, under="HN")
        put_report(world, "HN-CS-A", 2025)
        response = world.delete(f"/api/v1/rounds/{created['id']}")
        assert (response.status_code, response.json()["error"]) == (409, "RoundInUse")
        assert world.get(f"/api/v1/rounds/{created['id']}").status_code == 200

    def test_a_report_from_outside_the_round_does_not_keep_it(self, world: TestClient) -> None:
        created = create_round(world, under="HN")
        put_report(world, "HB-XY", 2025)
        put_report(world, "HN-UC", 2025)
        put_report(world, "HN-CS-A", 2024)
        assert world.delete(f"/api/v1/rounds/{created['id']}").status_code == 204
