"""Real servers for the fault tests: `lantai serve` on 127.0.0.1, on this test's database.

Each server is stopped when its test ends, whatever happens; every request the
tests send has a timeout, so no test waits forever.
"""

from collections.abc import Callable, Iterator

import httpx
import pytest
from sqlalchemy import Engine

from app.db import open_session
from app.seeding import load_seed, seed_dir
from tests.factories import bearer
from tests.harness import Server

ServerFactory = Callable[..., Server]
REQUEST_TIMEOUT = 30.0


@pytest.fixture
def seeded(engine: Engine) -> None:
    """The reference archives and plans with the illustrative yearly series."""
    session = open_session(engine, write=True)
    try:
        load_seed(session, seed_dir(None), demo=True, current_year=2026)
        session.commit()
    finally:
        session.close()


@pytest.fixture
def serve(database_url: str) -> Iterator[ServerFactory]:
    """Start servers on this test's database: serve(workers=2); all stopped after the test."""
    servers: list[Server] = []

    def start(workers: int = 1, url: str | None = None) -> Server:
        server = Server(url or database_url, workers=workers)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def http(admin_token: str) -> Iterator[httpx.Client]:
    """An HTTP client holding an admin token."""
    with httpx.Client(headers=bearer(admin_token), timeout=REQUEST_TIMEOUT) as client:
        yield client
