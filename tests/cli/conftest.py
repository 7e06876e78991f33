"""One live server per test module, for the CLI's commands against a server.

Starting a server costs (a database, an app, a thread); a module that asks for `live`
shares one, on its own database with the scenario of tests/scenario.py, a round for
2023 under HN that was due on 2024-03-31, and one for 2025 under HN-ZZ due in 2099.
Tests that share it read, or each write a report or a round no other test touches.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from app.db import open_session
from app.main import create_app
from app.models import ApiToken
from app.services.token_secrets import new_token, token_hash
from tests.conftest import TEST_SECRET
from tests.databases import DatabaseBackend
from tests.live import serving
from tests.scenario import build_scenario

ROUND = {
    "year": 2023,
    "name": "2023年度档案数字化年报",
    "opens_on": "2024-01-01",
    "due_on": "2024-03-31",
    "under": "HN",
}
FUTURE_ROUND = {"year": 2025, "name": "2025年度", "opens_on": "2026-01-01", "due_on": "2099-03-31", "under": "HN-ZZ"}


@dataclass(frozen=True)
class Live:
    """A live server: its URL, an admin's token (and a second admin's, for four eyes), the rounds' ids."""

    url: str
    token: str
    second_token: str
    round_id: int
    future_round_id: int

    def api(self, token: str | None = None) -> httpx.Client:
        """An HTTP client on the server's API, as the admin (or the token given)."""
        headers = {"Authorization": f"Bearer {token or self.token}"}
        return httpx.Client(base_url=f"{self.url}/api/v1", headers=headers, timeout=30)


@pytest.fixture(scope="module")
def live(migrated_template: DatabaseBackend) -> Iterator[Live]:
    """The scenario and a round on a server of this module's own."""
    url = migrated_template.create(migrated=True)
    app = create_app(Settings(database_url=url, secret=TEST_SECRET))
    tokens = [_issue(app.state.engine, name) for name in ("test-admin", "second-admin")]
    try:
        with TestClient(app, headers={"Authorization": f"Bearer {tokens[0]}"}) as client:
            build_scenario(client)
            rounds = [client.post("/api/v1/rounds", json=body) for body in (ROUND, FUTURE_ROUND)]
            assert [answer.status_code for answer in rounds] == [201, 201], rounds[-1].text
            with serving(app) as base:
                yield Live(base, *tokens, *(answer.json()["id"] for answer in rounds))
    finally:
        app.state.engine.dispose()
        migrated_template.drop(url)


def _issue(engine: Engine, name: str) -> str:
    token = new_token()
    session = open_session(engine, write=True)
    try:
        session.add(ApiToken(name=name, role="admin", token_hash=token_hash(token, TEST_SECRET), created_by="tests"))
        session.commit()
    finally:
        session.close()
    return token


@pytest.fixture
def env(live: Live, monkeypatch: pytest.MonkeyPatch) -> Live:
    """The live server as LANTAI_URL and LANTAI_TOKEN, English, and no database in sight."""
    monkeypatch.setenv("LANTAI_URL", live.url)
    monkeypatch.setenv("LANTAI_TOKEN", live.token)
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES", "LANTAI_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return live
