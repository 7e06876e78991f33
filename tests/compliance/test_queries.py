"""The compliance answers read a fixed number of SQL statements, however many archives there are."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, insert

from app.models import Archive, Report
from tests.compliance.builders import PLAN, compliance, fourteenth_plan

MOST_STATEMENTS = 12


def add_cities(engine: Engine, first: int, last: int) -> None:
    """Cities first..last-1 of province P (made with the first), 9 counties each; 4 yearly reports each."""
    now = datetime.now(UTC)
    archives = [{"code": "P", "name": "湖南省档案馆", "level": "provincial", "parent_code": None}] if first == 0 else []
    for city in range(first, last):
        archives.append({"code": f"P-{city}", "name": f"市档案馆{city}", "level": "municipal", "parent_code": "P"})
        archives += [
            {
                "code": f"P-{city}-{county}",
                "name": f"县档案馆{city}-{county}",
                "level": "county",
                "parent_code": f"P-{city}",
            }
            for county in range(9)
        ]
    reports = [
        {
            "archive_code": row["code"],
            "year": year,
            "holdings_volumes": 1000,
            "digitized_volumes": 100 * (year - 2017),
            "revision": 1,
            "submitted_by": "bulk",
            "submitted_at": now,
            "created_at": now,
        }
        for row in archives
        for year in range(2020, 2024)
    ]
    with engine.begin() as connection:
        connection.execute(
            insert(Archive),
            [{**row, "kind": "comprehensive", "created_at": now, "updated_at": now} for row in archives],
        )
        connection.execute(insert(Report), reports)


@contextmanager
def counted_statements(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_for(client: TestClient, engine: Engine, path: str, **params: object) -> int:
    with counted_statements(engine) as statements:
        response = client.get(path, params={"plan": PLAN, **params})
    assert response.status_code == 200, response.text
    return len(statements)


class TestFixedQueries:
    @pytest.mark.parametrize(
        ("path", "params"),
        [
            ("/api/v1/compliance", {"limit": 10_000}),
            ("/api/v1/compliance", {"under": "P", "format": "csv"}),  # was parent_code=P (then: the subtree)
            ("/api/v1/archives/P/rollup", {}),
        ],
    )
    def test_30_300_and_600_archives_take_the_same_few_statements(
        self, client: TestClient, engine: Engine, path: str, params: dict
    ) -> None:
        fourteenth_plan(client, "provincial", "municipal", "county")
        # What no change below touches (the token, the plan, its targets, the year's rounds) is read
        # by this first request and kept (app.db.change_stamp): each request below reads again
        # what the archives and reports added changed.
        add_cities(engine, 0, 1)
        statements_for(client, engine, path, **params)
        counts, totals = [], []
        for first, last in ((1, 3), (3, 30), (30, 60)):  # 31, then 301, then 601 archives
            add_cities(engine, first, last)
            counts.append(statements_for(client, engine, path, **params))
            totals.append(compliance(client, limit=1)["total"])

        assert totals == [31, 301, 601]
        assert len(set(counts)) == 1 and counts[0] <= MOST_STATEMENTS, counts
