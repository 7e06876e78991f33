"""Incremental sync never misses a write.

A long import plans its writes while a quicker write commits; the import commits later.
Its reports must come after the quicker write in commit order: for the sync cursor
(`since_change`, each change seen exactly once) and for `updated_since` alike.
"""

import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.db import open_session
from app.models.common import utcnow
from app.services.imports import service as imports
from app.services.reports.changes import take
from tests.factories import create_archive, put_report
from tests.imports.sheets import EN_HEADER, csv_bytes, upload

ARCHIVES = [f"HN-{number:02d}" for number in range(30)]
Seen = Counter[tuple[str, int, int]]  # (archive, year, revision) -> how often the cursor gave it


def follow(client: TestClient, cursor: int, seen: Seen, *, limit: int = 7) -> int:
    """Ask from the cursor until a page is not full, as a syncing client does; the next cursor."""
    while True:
        page = client.get("/api/v1/reports", params={"since_change": cursor, "limit": limit})
        assert page.status_code == 200, page.text
        body = page.json()
        for item in body["items"]:
            seen[(item["archive_code"], item["year"], item["revision"])] += 1
        cursor = body["next_change"]
        if len(body["items"]) < limit:
            return cursor


def pause_after(monkeypatch: pytest.MonkeyPatch, name: str, meanwhile: Callable[[], None]) -> None:
    """Run `meanwhile` once the import service's `name` has returned (the import's write is still to come)."""
    original = getattr(imports, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        meanwhile()
        return result

    monkeypatch.setattr(imports, name, wrapped)


@pytest.fixture
def province(client: TestClient) -> None:
    create_archive(client, "HN", level="provincial")
    for code in ARCHIVES:
        create_archive(client, code, level="county", parent_code="HN")


class TestSlowImportBesideAFastWrite:
    @pytest.mark.usefixtures("province")
    def test_a_cursor_following_client_sees_every_change_exactly_once(
        self, client: TestClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        seen: Seen = Counter()
        put_report(client, "HN", 2022)
        cursor = follow(client, 0, seen)
        newest: list[str] = []

        def fast_write_and_a_sync() -> None:
            put_report(client, "HN", 2023)
            nonlocal cursor
            cursor = follow(client, cursor, seen)
            newest.append(client.get("/api/v1/archives/HN/reports/2023").json()["submitted_at"])

        pause_after(monkeypatch, "check_import", fast_write_and_a_sync)
        rows = [EN_HEADER, *([code, 2023, 1000, 400, None, None, None] for code in ARCHIVES)]
        answer = upload(client, csv_bytes(rows))
        assert (answer.status_code, answer.json()["written"]) == (200, True), answer.text
        follow(client, cursor, seen)
        expected = {("HN", 2022, 1), ("HN", 2023, 1), *((code, 2023, 1) for code in ARCHIVES)}
        assert set(seen) == expected
        assert [key for key, times in seen.items() if times != 1] == []
        # updated_since from the newest time the client saw finds the import's reports too
        later = client.get("/api/v1/reports", params={"updated_since": newest[0], "limit": 1000}).json()
        assert {item["archive_code"] for item in later["items"]} >= set(ARCHIVES)

    @pytest.mark.usefixtures("province")
    def test_a_review_and_a_second_write_move_a_report_up_the_cursor(self, client: TestClient, client_as: Any) -> None:
        seen: Seen = Counter()
        put_report(client, "HN-00", 2023)
        put_report(client, "HN-01", 2023)
        cursor = follow(client, 0, seen)
        approver = client_as("admin", name="second.admin")
        assert approver.post("/api/v1/archives/HN-00/reports/2023/approve").status_code == 200
        page = client.get("/api/v1/reports", params={"since_change": cursor}).json()
        assert [(item["archive_code"], item["status"]) for item in page["items"]] == [("HN-00", "approved")]
        assert page["next_change"] == page["items"][0]["change_seq"]
        assert client.get("/api/v1/reports", params={"since_change": page["next_change"]}).json()["items"] == []

    def test_the_cursor_is_refused_out_of_range(self, client: TestClient) -> None:
        answer = client.get("/api/v1/reports", params={"since_change": -1})
        assert answer.status_code == 422 and "since_change" in answer.json()["detail"]


class TestCommitOrder:
    def test_a_second_writer_takes_its_values_only_once_the_first_has_committed(self, engine: Engine) -> None:
        first = open_session(engine, write=True)
        taken = take(first, 3, utcnow)
        done: dict[str, Any] = {}

        def second_writer() -> None:
            session = open_session(engine, write=True)
            try:
                done["value"] = take(session, 1, utcnow).first
                session.commit()
                done["at"] = time.monotonic()
            finally:
                session.close()

        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.5)
        assert "at" not in done  # it waits for the first writer's commit
        committing = time.monotonic()  # before: once the commit is in, the second may finish before this thread runs on
        first.commit()
        first.close()
        thread.join(10)
        assert done["value"] == taken.first + 3 and done["at"] >= committing
