"""A server killed (SIGKILL) in the middle of a bulk import leaves all of the import or none of it.

The import under test replaces 10,000 reports; the kill comes at 70% of the
time the same kind of import took just before, which is well into its writes
(reading and checking the file takes the first ~40%). The client must get no
answer (the kill came first), and the database must hold either every report
of the earlier import or every report of the killed one, never a mix.
"""

import csv
import io
import threading
import time

import httpx
from sqlalchemy import Engine, insert, text

from app.models import Archive
from app.models.common import utcnow
from tests.factories import bearer
from tests.production.conftest import ServerFactory

ARCHIVES = 2_000
YEARS = range(2019, 2024)
HOLDINGS = 100_000
KILL_AT = 0.7


def add_archives(engine: Engine) -> None:
    now = utcnow()
    province = {"code": "KX", "name": "测试省档案馆", "level": "provincial", "kind": "comprehensive"}
    counties = [
        {"code": f"KX-{n:04d}", "name": f"测试{n}县档案馆", "level": "county", "kind": "comprehensive", "parent_code": "KX"}
        for n in range(ARCHIVES)
    ]
    with engine.begin() as connection:
        connection.execute(insert(Archive), [row | {"created_at": now, "updated_at": now} for row in [province, *counties]])


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


class TestKilledImport:
    def test_a_killed_import_leaves_all_or_nothing(
        self, engine: Engine, admin_token: str, serve: ServerFactory
    ) -> None:
        add_archives(engine)
        server = serve(workers=1)
        answers: list[httpx.Response] = []
        with httpx.Client(base_url=server.url, headers=bearer(admin_token), timeout=120) as client:
            assert post_import(client, import_file(1)).json()["created"] == ARCHIVES * len(YEARS)
            started = time.monotonic()
            assert post_import(client, import_file(2)).json()["replaced"] == ARCHIVES * len(YEARS)
            replace_seconds = time.monotonic() - started

            killed_file = import_file(3)

            def send() -> None:
                try:
                    answers.append(post_import(client, killed_file))
                except httpx.TransportError:
                    pass

            sender = threading.Thread(target=send)
            sender.start()
            time.sleep(replace_seconds * KILL_AT)
            server.kill()
            sender.join(timeout=30)

        assert answers == [], "the import finished before the kill; nothing was tested"
        assert versions_stored(engine) in ({2: ARCHIVES * len(YEARS)}, {3: ARCHIVES * len(YEARS)})
        restarted = serve(workers=1)
        assert httpx.get(f"{restarted.url}/ready", timeout=10).status_code == 200
