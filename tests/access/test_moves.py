"""Moving an archive acts on the archive and on its new parent: both must be in the token's scope."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from tests.access.world import build_world
from tests.conftest import ClientFactory

URL = "/api/v1/archives/C"


@pytest.fixture(autouse=True)
def world(engine: Engine, settings: Settings) -> None:
    build_world(engine, settings.secret, with_reports=False)


def parent_of_c(client: TestClient) -> str | None:
    return client.get(URL).json()["parent_code"]


def test_a_move_within_the_scope_is_allowed(client_as: ClientFactory) -> None:
    bureau = client_as("supervisor", "P")
    assert bureau.patch(URL, json={"parent_code": "M2"}).status_code == 200
    assert parent_of_c(bureau) == "M2"


@pytest.mark.parametrize("new_parent", ["M2", None], ids=["to-another-city", "to-the-root"])
def test_a_move_out_of_the_scope_is_403_and_changes_nothing(client_as: ClientFactory, new_parent: str | None) -> None:
    city = client_as("supervisor", "M")
    response = city.patch(URL, json={"parent_code": new_parent})
    assert response.status_code == 403
    assert response.json()["error"] == "Forbidden"
    assert parent_of_c(city) == "M"


def test_sending_the_same_parent_is_no_move(client_as: ClientFactory) -> None:
    city = client_as("supervisor", "M")
    response = city.patch(URL, json={"parent_code": "M", "name": "改名县档案馆"})
    assert response.status_code == 200
    assert response.json()["name"] == "改名县档案馆"
