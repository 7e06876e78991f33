"""PostgreSQL goes away under a running service, then comes back: 503 in bounded time, then served again.

The test brings its own throwaway cluster (it stops it with `pg_ctl -m immediate`,
a crash); it runs in the SQLite pass only and is skipped where no PostgreSQL is installed.
"""

import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.databases import backend_name
from tests.factories import bearer
from tests.faults.conftest import ServerFactory
from tests.harness import PostgresCluster, Server, lantai_command, postgres_bin

pytestmark = [
    pytest.mark.skipif(postgres_bin() is None, reason="no PostgreSQL binaries under /usr/lib/postgresql"),
    pytest.mark.skipif(backend_name() == "postgres", reason="runs once, in the SQLite pass: it has its own cluster"),
]

ANSWER_WITHIN_SECONDS = 10.0
BACK_WITHIN_SECONDS = 30.0
REPORT = {"holdings_volumes": 1000, "digitized_volumes": 400}


@pytest.fixture
def cluster() -> Iterator[PostgresCluster]:
    with PostgresCluster() as running:
        yield running


@pytest.fixture
def lantai_on_postgres(cluster: PostgresCluster, serve: ServerFactory) -> Iterator[tuple[Server, httpx.Client]]:
    """A one-worker service on the cluster, with one archive, and an admin client for it."""
    url = cluster.create_database("lantai")
    lantai_command("migrate", database_url=url)
    lantai_command("seed", database_url=url)
    token = lantai_command("token", "create", "--role", "admin", "--name", "outage-test", database_url=url)
    server = serve(workers=1, url=url)
    with httpx.Client(base_url=server.url, headers=bearer(token), timeout=ANSWER_WITHIN_SECONDS + 5) as client:
        yield server, client


def timed(call: Callable[[], httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def wait_until_ready(client: httpx.Client) -> int:
    deadline = time.monotonic() + BACK_WITHIN_SECONDS
    status = 0
    while time.monotonic() < deadline:
        status = client.get("/ready").status_code
        if status == 200:
            break
        time.sleep(0.5)
    return status


class TestPostgresOutage:
    def test_the_service_answers_503_while_the_database_is_down_and_serves_again_after(
        self, cluster: PostgresCluster, lantai_on_postgres: tuple[Server, httpx.Client]
    ) -> None:
        server, client = lantai_on_postgres
        assert client.put("/api/v1/archives/HN/reports/2022", json=REPORT).status_code == 201

        cluster.stop("immediate")
        ready, ready_seconds = timed(lambda: client.get("/ready"))
        write, write_seconds = timed(lambda: client.put("/api/v1/archives/HN/reports/2023", json=REPORT))
        read, read_seconds = timed(lambda: client.get("/api/v1/archives/HN/reports/2022"))
        assert ready.status_code == 503
        assert (write.status_code, write.json()["error"]) == (503, "DatabaseUnavailable")
        assert (read.status_code, read.json()["error"]) == (503, "DatabaseUnavailable")
        assert max(ready_seconds, write_seconds, read_seconds) < ANSWER_WITHIN_SECONDS

        cluster.start()
        assert wait_until_ready(client) == 200
        assert client.put("/api/v1/archives/HN/reports/2023", json=REPORT).status_code == 201
        assert client.get("/api/v1/archives/HN/reports/2022").json()["digitized_volumes"] == 400
        assert server.process.poll() is None, "the same server process must still be serving"
