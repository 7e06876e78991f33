"""What a read request keeps between requests (app.db.change_stamp) is never stale.

The database's own triggers move the stamp on every committed change to a stamped table,
whoever writes; a list served from what was kept must answer exactly what a fresh load would.
"""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, text

from app.config import Settings
from app.db import open_session
from app.db.change_stamp import STAMPED_TABLES, current_stamp
from app.main import create_app
from app.models import ApiToken, Archive, Report
from app.services.compliance.load import load_reports, load_target_rows
from app.services.hierarchy import load_hierarchy
from app.services.token_secrets import token_hash
from tests.compliance.builders import compliance, fourteenth_plan
from tests.conftest import TEST_SECRET
from tests.factories import create_archive, put_report

COUNTIES = 24  # more than a list reads afresh (app.services.kept.FEW_ARCHIVES): their reports are kept


def stamp(engine: Engine) -> dict[str, int]:
    """Each stamped table's counter."""
    tables = {number: table for table, number in STAMPED_TABLES.items()}
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, value FROM change_stamp")).all()
    return {tables[number]: int(value) for number, value in rows}


def add_counties(engine: Engine, digitized: int = 500) -> None:
    """A province P and COUNTIES counties, each holding 1,000 volumes, `digitized` of them by 2021-2023."""
    now = datetime.now(UTC)
    rows = [{"code": "P", "name": "省档案馆", "level": "provincial", "parent_code": None}]
    rows += [
        {"code": f"P-{n:02}", "name": f"县档案馆{n}", "level": "county", "parent_code": "P"} for n in range(COUNTIES)
    ]
    reports = [
        {
            "archive_code": row["code"],
            "year": year,
            "holdings_volumes": 1000,
            "digitized_volumes": digitized,
            "revision": 1,
            "submitted_by": "bulk",
            "submitted_at": now,
            "created_at": now,
        }
        for row in rows[1:]
        for year in (2021, 2022, 2023)
    ]
    with engine.begin() as connection:
        connection.execute(
            insert(Archive), [{**row, "kind": "comprehensive", "created_at": now, "updated_at": now} for row in rows]
        )
        connection.execute(insert(Report), reports)


def county_rates(client: TestClient) -> dict[str, float]:
    answer = compliance(client, level="county", year=2023, limit=1000)
    return {
        item["archive_code"]: next(r for r in item["rules"] if r["rule"] == "reach_rate")["rate_pct"]
        for item in answer["items"]
    }


@pytest.fixture
def counties(client: TestClient, engine: Engine) -> TestClient:
    fourteenth_plan(client, "county")
    add_counties(engine)
    return client


class TestTheStampMoves:
    def test_every_committed_change_to_a_stamped_table_moves_its_counter_and_no_other(
        self, client: TestClient, engine: Engine
    ) -> None:
        moves: list[tuple[str, str, dict[str, int], dict[str, int]]] = []

        def watch(what: str, table: str, change: Callable[[], object]) -> None:
            before = stamp(engine)
            change()
            moves.append((what, table, before, stamp(engine)))

        watch("archive inserted", "archive", lambda: create_archive(client, "HN"))
        watch("report inserted", "report", lambda: put_report(client, "HN", 2023, holdings=1000, digitized=400))
        watch("report updated", "report", lambda: put_report(client, "HN", 2023, holdings=1000, digitized=450))
        watch("token issued", "api_token", lambda: client.post("/api/v1/tokens", json={"role": "viewer"}))
        fourteenth_plan(client, "provincial", growth=None)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO reporting_round (year, name, opens_on, due_on, levels, kinds, created_by, created_at) VALUES (2023, 'r', '2024-01-01', '2024-03-31', '[]', '[]', 't', '2024-01-01')"
                )
            )
        for table in STAMPED_TABLES:
            watch(
                f"{table} updated by hand",
                table,
                lambda table=table: _execute(engine, f"UPDATE {table} SET created_at = created_at"),
            )
        watch("round deleted by hand", "reporting_round", lambda: _execute(engine, "DELETE FROM reporting_round"))
        assert [what for what, table, before, after in moves if after[table] <= before[table]] == []
        moved_others = [
            what
            for what, table, before, after in moves
            if {name: value for name, value in after.items() if name != table}
            != {name: value for name, value in before.items() if name != table}
        ]
        assert moved_others == []

    @pytest.mark.usefixtures("counties")
    def test_a_change_rolled_back_moves_nothing(self, engine: Engine) -> None:
        before = stamp(engine)
        with engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(text("UPDATE report SET digitized_volumes = 900"))
            transaction.rollback()
        assert stamp(engine) == before


def _execute(engine: Engine, statement: str) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement))


class TestWhatIsKept:
    def test_a_list_follows_a_change_made_outside_the_api(self, counties: TestClient, engine: Engine) -> None:
        assert set(county_rates(counties).values()) == {50.0}
        assert set(county_rates(counties).values()) == {50.0}  # served again, from what was kept
        _execute(engine, "UPDATE report SET digitized_volumes = 800 WHERE archive_code = 'P-03' AND year = 2023")
        rates = county_rates(counties)
        assert rates["P-03"] == 80.0 and rates["P-04"] == 50.0

    def test_an_archive_moved_outside_the_api_is_listed_where_it_now_is(
        self, counties: TestClient, engine: Engine
    ) -> None:
        create_archive(counties, "Q", level="provincial")
        assert compliance(counties, parent_code="Q", year=2023)["total"] == 0
        _execute(engine, "UPDATE archive SET parent_code = 'Q' WHERE code = 'P-05'")
        below_q = compliance(counties, parent_code="Q", year=2023)
        assert [item["archive_code"] for item in below_q["items"]] == ["P-05"]

    def test_a_reports_warnings_follow_a_change_made_outside_the_api(
        self, counties: TestClient, engine: Engine
    ) -> None:
        def warnings() -> list[tuple[str, str]]:
            response = counties.get("/api/v1/archives/P-03/reports/2023")
            assert response.status_code == 200, response.text
            return [(warning["code"], warning["field"]) for warning in response.json()["warnings"]]

        assert warnings() == warnings() == []  # the second from the province's figures, kept
        _execute(engine, "UPDATE report SET digitized_volumes = 900 WHERE archive_code = 'P-03' AND year = 2022")
        assert ("cumulative_decreased", "digitized_volumes") in warnings()

    def test_a_token_revoked_outside_the_api_is_refused_by_the_next_request(
        self, counties: TestClient, engine: Engine
    ) -> None:
        assert counties.get("/api/v1/plans").status_code == 200
        assert counties.get("/api/v1/plans").status_code == 200  # its holder kept at this stamp
        _execute(engine, "UPDATE api_token SET revoked_at = created_at")
        refused = counties.get("/api/v1/plans")
        assert refused.status_code == 401 and refused.json()["error"] == "Unauthorized"

    def test_a_token_issued_outside_the_api_is_taken_by_the_next_request(
        self, counties: TestClient, engine: Engine
    ) -> None:
        unknown = {"Authorization": "Bearer a-token-not-yet-issued"}
        assert counties.get("/api/v1/plans", headers=unknown).status_code == 401  # a miss is never kept
        with open_session(engine, write=True) as session:
            hashed = token_hash("a-token-not-yet-issued", TEST_SECRET)
            session.add(ApiToken(name="late", role="viewer", token_hash=hashed, created_by="t"))
            session.commit()
        assert counties.get("/api/v1/plans", headers=unknown).status_code == 200

    def test_what_was_read_from_other_tables_outlives_a_report_written(
        self, counties: TestClient, engine: Engine
    ) -> None:
        with open_session(engine, write=False) as session:
            archives, targets = load_hierarchy(session), load_target_rows(session, "FYP14")
        put_report(counties, "P-03", 2023, holdings=1000, digitized=600)
        with open_session(engine, write=False) as session:
            assert load_hierarchy(session) is archives and load_target_rows(session, "FYP14") is targets
        _execute(engine, "UPDATE archive SET name = '县档案馆（改）' WHERE code = 'P-03'")
        with open_session(engine, write=False) as session:
            assert load_hierarchy(session) is not archives and load_target_rows(session, "FYP14") is targets
            assert load_hierarchy(session).by_code["P-03"].name == "县档案馆（改）"

    def test_a_write_sessions_own_changes_never_reach_what_is_kept(self, counties: TestClient, engine: Engine) -> None:
        county_rates(counties)  # keep the figures at this stamp
        session = open_session(engine, write=True)
        try:
            assert current_stamp(session) is None
            session.execute(text("UPDATE report SET digitized_volumes = 990 WHERE year = 2023"))
            seen = load_reports(session, years={2023}, archive_codes=None, approved_only=False)
            assert seen["P-00"][0].digitized_volumes == 990  # the write session reads its own change
        finally:
            session.rollback()
            session.close()
        assert set(county_rates(counties).values()) == {50.0}

    def test_a_read_session_reads_the_stamp_and_a_write_session_does_not(self, engine: Engine) -> None:
        with open_session(engine, write=False) as reading:
            assert current_stamp(reading) == stamp(engine)
        with open_session(engine, write=True) as writing:
            assert current_stamp(writing) is None


@pytest.fixture
def second_app(migrated_template: object) -> Iterator[tuple[TestClient, Engine]]:
    url = migrated_template.create(migrated=True)  # type: ignore[attr-defined]
    application = create_app(Settings(database_url=url, secret=TEST_SECRET))
    with TestClient(application) as client:
        yield client, application.state.engine
    application.state.engine.dispose()
    migrated_template.drop(url)  # type: ignore[attr-defined]


def test_two_databases_at_the_same_stamp_never_share_what_is_kept(
    counties: TestClient, engine: Engine, second_app: tuple[TestClient, Engine], admin_token: str
) -> None:
    other_client, other_engine = second_app
    # The same plan and counties in the second database, with other figures, at the very same stamp.
    _execute(other_engine, "DELETE FROM change_stamp")  # no stamp: nothing kept while it is built
    with open_session(other_engine, write=True) as session:
        session.add(
            ApiToken(name="test-admin", role="admin", token_hash=token_hash(admin_token, TEST_SECRET), created_by="t")
        )
        session.commit()
    other_client.headers["Authorization"] = f"Bearer {admin_token}"
    fourteenth_plan(other_client, "county")
    add_counties(other_engine, digitized=700)
    values = stamp(engine)
    for table, number in STAMPED_TABLES.items():
        _execute(other_engine, f"INSERT INTO change_stamp (id, value) VALUES ({number}, {values[table]})")
    assert stamp(other_engine) == values
    assert set(county_rates(counties).values()) == {50.0}
    assert set(county_rates(other_client).values()) == {70.0}
    assert set(county_rates(counties).values()) == {50.0}


def test_a_token_issued_after_a_backup_stops_working_when_the_backup_is_restored(
    counties: TestClient, engine: Engine
) -> None:
    """A restore without a restart: the counters go back to the backup's, and the next token issued
    moves them on to values no process has seen, never to the ones a token of the lost timeline
    was kept at (the next token's id and counter were once the lost one's)."""
    backup = stamp(engine)
    lost = {"Authorization": "Bearer issued-after-the-backup"}
    with open_session(engine, write=True) as session:
        hashed = token_hash("issued-after-the-backup", TEST_SECRET)
        session.add(ApiToken(name="lost", role="viewer", token_hash=hashed, created_by="t"))
        session.commit()
    assert counties.get("/api/v1/plans", headers=lost).status_code == 200  # its holder kept at this stamp
    # The restore: the token's row gone and the counters back where the backup had them, then a
    # new token issued before any read (all outside the API, as psql or a script would).
    _execute(engine, "DELETE FROM api_token WHERE name = 'lost'")
    _execute(engine, f"UPDATE change_stamp SET value = {backup['api_token']} WHERE id = {STAMPED_TABLES['api_token']}")
    with open_session(engine, write=True) as session:
        hashed = token_hash("issued-after-the-restore", TEST_SECRET)
        session.add(ApiToken(name="new", role="viewer", token_hash=hashed, created_by="t"))
        session.commit()
    refused = counties.get("/api/v1/plans", headers=lost)
    assert refused.status_code == 401 and refused.json()["error"] == "Unauthorized"
    new = {"Authorization": "Bearer issued-after-the-restore"}
    assert counties.get("/api/v1/plans", headers=new).status_code == 200


def test_a_counter_never_takes_the_same_value_twice_from_the_same_start(engine: Engine) -> None:
    """From one value, two changes (one on each side of a restore) reach two different values."""
    start = stamp(engine)["plan"]
    reached = []
    for name in ("first", "second"):
        _execute(engine, f"UPDATE change_stamp SET value = {start} WHERE id = {STAMPED_TABLES['plan']}")
        _execute(
            engine,
            "INSERT INTO plan (code, name, start_year, end_year, created_at) "
            f"VALUES ('{name}', '{name}', 2021, 2025, '2024-01-01')",
        )
        reached.append(stamp(engine)["plan"])
    assert reached[0] != reached[1] and min(reached) > start
