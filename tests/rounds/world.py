"""Two provinces of archives for the round tests, built through the API, and a clock the tests set.

HN (provincial)
├── HN-CS (municipal)
│   ├── HN-CS-A (county)
│   └── HN-CS-B (county)
├── HN-ZZ (municipal)
│   └── HN-ZZ-A (county)
└── HN-UC (municipal, urban construction: not a comprehensive archive)
HB (provincial)
└── HB-XY (municipal)
"""

from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from app.api.routes.rounds import clock
from app.db import open_session
from app.models import Report
from tests.factories import create_archive

ARCHIVES = (
    ("HN", "provincial", None, "comprehensive"),
    ("HN-CS", "municipal", "HN", "comprehensive"),
    ("HN-CS-A", "county", "HN-CS", "comprehensive"),
    ("HN-CS-B", "county", "HN-CS", "comprehensive"),
    ("HN-ZZ", "municipal", "HN", "comprehensive"),
    ("HN-ZZ-A", "county", "HN-ZZ", "comprehensive"),
    ("HN-UC", "municipal", "HN", "urban_construction"),
    ("HB", "provincial", None, "comprehensive"),
    ("HB-XY", "municipal", "HB", "comprehensive"),
)
ROUND = {
    "year": 2025,
    "name": "2025年度档案数字化年报",
    "opens_on": "2026-01-01",
    "due_on": "2026-03-31",
    "kinds": ["comprehensive"],
}


def build_archives(client: TestClient) -> None:
    for code, level, parent, kind in ARCHIVES:
        create_archive(client, code, level=level, parent_code=parent, kind=kind)


def create_round(client: TestClient, **fields: object) -> dict:
    response = client.post("/api/v1/rounds", json=ROUND | fields)
    assert response.status_code == 201, response.text
    return response.json()


def set_now(app: FastAPI, moment: datetime) -> None:
    """The clock the round routes read."""

    async def fixed() -> datetime:
        return moment

    app.dependency_overrides[clock] = fixed


def set_first_written(engine: Engine, code: str, year: int, moment: datetime) -> None:
    """When an archive's report for the year was first written."""
    session = open_session(engine, write=True)
    try:
        session.execute(
            update(Report).where(Report.archive_code == code, Report.year == year).values(created_at=moment)  # type: ignore[arg-type]
        )
        session.commit()
    finally:
        session.close()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
