"""An id names one thing for ever: a round, a target or a token deleted leaves its id unused.

The audit trail names rounds and targets by id ("round/158"); SQLite gives a deleted
newest row's id to the next insert unless the table says AUTOINCREMENT (migration 0009).
"""

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from tests.factories import create_archive, create_plan
from tests.rounds.world import ROUND

REACH = {"rule": "reach_rate", "value": 80, "unit": "pct", "basis": "volumes", "level": "county"}


class TestIdsNeverReused:
    def test_a_round_deleted_leaves_its_id_to_nobody(self, client: TestClient) -> None:
        create_archive(client, "HN", level="provincial")
        first = client.post("/api/v1/rounds", json=ROUND | {"under": "HN"}).json()
        assert client.delete(f"/api/v1/rounds/{first['id']}").status_code == 204
        second = client.post("/api/v1/rounds", json=ROUND | {"under": "HN"}).json()
        assert second["id"] > first["id"]
        assert client.get(f"/api/v1/rounds/{first['id']}").status_code == 404

    def test_a_target_deleted_leaves_its_id_to_nobody(self, client: TestClient) -> None:
        create_plan(client)
        first = client.post("/api/v1/plans/FYP14/targets", json=REACH).json()
        assert client.delete(f"/api/v1/plans/FYP14/targets/{first['id']}").status_code == 204
        second = client.post("/api/v1/plans/FYP14/targets", json=REACH).json()
        assert second["id"] > first["id"]

    def test_a_token_deleted_by_hand_leaves_its_id_to_nobody(self, client: TestClient, engine: Engine) -> None:
        issued = client.post("/api/v1/tokens", json={"role": "viewer", "name": "a"}).json()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM api_token WHERE id = :id"), {"id": issued["id"]})
        again = client.post("/api/v1/tokens", json={"role": "viewer", "name": "b"}).json()
        assert again["id"] > issued["id"]
