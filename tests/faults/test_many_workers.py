"""Several workers behave as one service: what one worker writes or revokes, every worker knows at once.

Each request below goes on a fresh connection, so the kernel spreads them over
both workers; nothing a worker keeps in memory could make them disagree.
"""

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.factories import bearer, create_archive
from tests.faults.conftest import REQUEST_TIMEOUT, ServerFactory
from tests.harness import Server

FRESH_CONNECTIONS = 24


def fresh_gets(server: Server, path: str, token: str) -> list[httpx.Response]:
    return [
        httpx.get(f"{server.url}{path}", headers=bearer(token), timeout=REQUEST_TIMEOUT)
        for _ in range(FRESH_CONNECTIONS)
    ]


@pytest.fixture
def two_workers(client: TestClient, serve: ServerFactory) -> Server:
    create_archive(client, "MW", level="provincial")
    return serve(workers=2)


class TestManyWorkers:
    def test_a_report_written_through_one_worker_is_read_by_every_worker(
        self, two_workers: Server, admin_token: str
    ) -> None:
        for digitized in (100, 200, 300):
            body = {"holdings_volumes": 1000, "digitized_volumes": digitized}
            written = httpx.put(
                f"{two_workers.url}/api/v1/archives/MW/reports/2024",
                json=body,
                headers=bearer(admin_token),
                timeout=REQUEST_TIMEOUT,
            )
            assert written.status_code in (200, 201), written.text
            read = fresh_gets(two_workers, "/api/v1/archives/MW/reports/2024", admin_token)
            assert {(r.json()["revision"], r.json()["digitized_volumes"]) for r in read} == {
                (written.json()["revision"], digitized)
            }

    def test_a_revoked_token_is_refused_by_every_worker(self, two_workers: Server, admin_token: str) -> None:
        issuing = httpx.post(
            f"{two_workers.url}/api/v1/tokens",
            json={"role": "viewer", "name": "soon-revoked"},
            headers=bearer(admin_token),
            timeout=REQUEST_TIMEOUT,
        )
        assert issuing.status_code == 201, issuing.text
        issued = issuing.json()
        assert {r.status_code for r in fresh_gets(two_workers, "/api/v1/archives/MW", issued["token"])} == {200}
        revoked = httpx.delete(
            f"{two_workers.url}/api/v1/tokens/{issued['id']}", headers=bearer(admin_token), timeout=REQUEST_TIMEOUT
        )
        assert revoked.status_code == 204
        assert {r.status_code for r in fresh_gets(two_workers, "/api/v1/archives/MW", issued["token"])} == {401}
