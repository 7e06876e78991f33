"""Clients writing reports at once: every write answered and kept.

32 writers on two workers (the issue's case), and 64 on one worker (more writers
than the worker has threads: pitfall 1 of ../shared/measured.md, for writes).
The writers share reports on purpose (several clients write each archive's
years), so on SQLite they queue for the write lock and on PostgreSQL they race to
insert the same report or revision; either way no lock error and no conflict
reaches a client, and no write is lost.
"""

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from tests.factories import bearer, create_archive
from tests.faults.conftest import REQUEST_TIMEOUT, ServerFactory

ARCHIVES = 16
YEARS = range(2016, 2024)
ROUNDS = 2
HOLDINGS = 1_000_000

Write = tuple[str, int, int]  # archive, year, digitized_volumes (unique to the write)


def writes_of(writer: int) -> list[Write]:
    archive = f"W-{writer % ARCHIVES:02d}"
    return [(archive, year, writer * 1_000 + round_ * 100 + year % 100) for round_ in range(ROUNDS) for year in YEARS]


def write_all(base_url: str, token: str, writer: int) -> list[tuple[Write, int, str]]:
    answers = []
    with httpx.Client(base_url=base_url, headers=bearer(token), timeout=REQUEST_TIMEOUT) as client:
        for write in writes_of(writer):
            archive, year, digitized = write
            body = {"holdings_volumes": HOLDINGS, "digitized_volumes": digitized}
            response = client.put(f"/api/v1/archives/{archive}/reports/{year}", json=body)
            answers.append((write, response.status_code, response.text))
    return answers


def stored_revisions(engine: Engine) -> dict[tuple[str, int], list[int]]:
    query = text(
        "SELECT r.archive_code, r.year, v.digitized_volumes FROM report_revision v "
        "JOIN report r ON r.id = v.report_id ORDER BY v.revision"
    )
    stored: dict[tuple[str, int], list[int]] = defaultdict(list)
    with engine.connect() as connection:
        for archive, year, digitized in connection.execute(query):
            stored[(archive, year)].append(digitized)
    return stored


# SQLite's single write lock is where concurrent writers meet; PostgreSQL's write path is held by
# test_report_write_transaction and test_many_workers on its own pass.
@pytest.mark.one_database("sqlite")
class TestConcurrentWriters:
    @pytest.mark.parametrize(
        ("writers", "workers"), [(32, 2), (64, 1)], ids=["32-writers-2-workers", "64-writers-1-worker"]
    )
    def test_no_write_is_lost_and_no_lock_error_reaches_a_client(
        self, writers: int, workers: int, client: TestClient, admin_token: str, engine: Engine, serve: ServerFactory
    ) -> None:
        for number in range(ARCHIVES):
            create_archive(client, f"W-{number:02d}", level="provincial")
        server = serve(workers=workers)
        with ThreadPoolExecutor(writers) as pool:
            answers = [
                a for batch in pool.map(lambda w: write_all(server.url, admin_token, w), range(writers)) for a in batch
            ]

        assert len(answers) == writers * len(YEARS) * ROUNDS
        refused = [(status, body) for _, status, body in answers if status not in (200, 201)]
        assert refused == []
        assert not any("locked" in body for _, _, body in answers)
        sent: dict[tuple[str, int], set[int]] = defaultdict(set)
        for (archive, year, digitized), _, _ in answers:
            sent[(archive, year)].add(digitized)
        stored = stored_revisions(engine)
        assert {key: sorted(values) for key, values in stored.items()} == {k: sorted(v) for k, v in sent.items()}
