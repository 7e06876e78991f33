"""64 clients reading at once from one worker are all served (../shared/measured.md, pitfall 1)."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.factories import bearer
from tests.faults.conftest import REQUEST_TIMEOUT, ServerFactory

READERS = 64
REQUESTS_EACH = 6
READS = (
    "/api/v1/archives?limit=50",
    "/api/v1/archives/HN-CS/reports/2023",
    "/api/v1/archives/HN/reports",
    "/api/v1/compliance?plan=FYP14&limit=200",
    "/api/v1/archives/HN-CS/compliance?plan=FYP14",
    "/ready",
)


def read_all(base_url: str, token: str) -> list[int]:
    with httpx.Client(base_url=base_url, headers=bearer(token), timeout=REQUEST_TIMEOUT) as client:
        return [client.get(READS[n % len(READS)]).status_code for n in range(REQUESTS_EACH)]


class TestConcurrentReaders:
    @pytest.mark.usefixtures("seeded")
    def test_every_request_of_64_concurrent_readers_is_served(self, admin_token: str, serve: ServerFactory) -> None:
        server = serve(workers=1)
        with ThreadPoolExecutor(READERS) as pool:
            answers = list(pool.map(lambda _: read_all(server.url, admin_token), range(READERS)))
        statuses = [status for answer in answers for status in answer]
        assert len(statuses) == READERS * REQUESTS_EACH
        assert set(statuses) == {200}
