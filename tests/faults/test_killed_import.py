"""A server killed (SIGKILL) in the middle of a bulk import leaves all of the import or none of it.

Each import here replaces 10,000 reports. The kill comes at half the time the
previous import took, well into the writes (reading and checking the file takes
the first 20-40%); on a machine whose speed changes under us the import may
finish first, and then the next import is killed earlier. After each kill the
database must hold every report of one import, never a mix; at least one kill
must have come before the import's answer.
"""

import csv
import io
import threading
import time

import httpx
import pytest
from sqlalchemy import Engine, insert, text

from app.models import Archive
from app.models.common import utcnow
from tests.factories import bearer
from tests.faults.conftest import ServerFactory
from tests.harness import Server

ARCHIVES = 2_000
YEARS = range(2019, 2024)
HOLDINGS = 100_000
KILL_AT = (0.5, 0.35, 0.2)  # fractions of the previous import's time


def add_archives(engine: Engine) -> None:
    now = utcnow()
    province = {"code": "KX", "name": "测试省档案馆", "level": "provincial", "kind": "comprehensive"}
    counties = [
        {
            "code": f"KX-{n:04d}",
            "name": f"测试{n}县档案馆",
            "level": "county",
            "kind": "comprehensive",
            "parent_code": "KX",
        }
        for n in range(ARCHIVES)
    ]
    with engine.begin() as connection:
        connection.execute(
            insert(Archive), [row | {"created_at": now, "updated_at": now} for row in [province, *counties]]
        )


def import_file(version: int) -> bytes:
    """Every report of every archive, with figures that say which import wrote them."""
    buffer = io.StringIO()
    rows = csv.writer(buffer)
    rows.writerow(["archive_code", "year", "holdings_volumes", "digitized_volumes"])
    for n in range(ARCHIVES):
        for year in YEARS:
            rows.writerow([f"KX-{n:04d}", year, HOLDINGS, 1_000 * version + year % 100])
    return buffer.getvalue().encode()


def post_import(client: httpx.Client, content: bytes) -> httpx.Response:
    return client.post("/api/v1/imports/reports", files={"file": ("reports.csv", content, "text/csv")})


def versions_stored(engine: Engine) -> dict[int, int]:
    """How many reports each import version wrote (digitized_volumes // 1000 names the version)."""
    query = text("SELECT digitized_volumes / 1000, COUNT(*) FROM report GROUP BY digitized_volumes / 1000")
    with engine.connect() as connection:
        return {int(version): count for version, count in connection.execute(query)}


def kill_during_import(server: Server, token: str, content: bytes, after_seconds: float) -> bool:
    """Send the import, SIGKILL the server after `after_seconds`; True if the import was answered first."""
    answers: list[httpx.Response] = []

    def send() -> None:
        try:
            with httpx.Client(base_url=server.url, headers=bearer(token), timeout=120) as client:
                answers.append(post_import(client, content))
        except httpx.TransportError:
            pass

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(after_seconds)
    server.kill()
    sender.join(timeout=30)
    return bool(answers)


# Atomicity after kill -9 matters most on the production database (the import's one transaction is
# the same code on SQLite, whose write transaction test_import_transaction holds on its pass).
@pytest.mark.one_database("postgres")
class TestKilledImport:
    def test_a_killed_import_leaves_all_or_nothing(
        self, engine: Engine, admin_token: str, serve: ServerFactory
    ) -> None:
        add_archives(engine)
        server = serve(workers=1)
        reports = ARCHIVES * len(YEARS)
        with httpx.Client(base_url=server.url, headers=bearer(admin_token), timeout=120) as client:
            assert post_import(client, import_file(1)).json()["created"] == reports
            started = time.monotonic()
            assert post_import(client, import_file(2)).json()["replaced"] == reports
            import_seconds = time.monotonic() - started

        stored, killed_midway = 2, False
        for version, fraction in enumerate(KILL_AT, start=3):
            answered = kill_during_import(server, admin_token, import_file(version), import_seconds * fraction)
            assert versions_stored(engine) in ({stored: reports}, {version: reports})
            if not answered:
                killed_midway = True
                break
            stored, server = version, serve(workers=1)

        assert killed_midway, "every import finished before its kill; nothing was tested"
        restarted = serve(workers=1)
        assert httpx.get(f"{restarted.url}/ready", timeout=10).status_code == 200
