"""The migrations build the schema the models describe, and undo it."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app.db import metadata
from app.migrate import downgrade, upgrade


def test_upgrade_then_downgrade_on_an_empty_database(empty_database_url: str) -> None:
    url = empty_database_url
    upgrade(url)
    engine = create_engine(url)
    assert {"archive", "plan", "target", "report", "report_revision"} <= set(inspect(engine).get_table_names())
    downgrade(url)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()


def test_models_match_the_migrations(database_url: str) -> None:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_0006_stamps_the_stored_targets_and_undoes_it(empty_database_url: str) -> None:
    """Targets stored before 0006 get updated_at = created_at; going back drops the column, keeping the rows."""
    url = empty_database_url
    upgrade(url, "0005")
    engine = create_engine(url)
    created = "2024-05-01 08:00:00+00:00"
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO plan (code, name, start_year, end_year, created_at) "
                f"VALUES ('P', 'p', 2021, 2025, '{created}')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO target (plan_code, rule, value, unit, basis, level, created_at) "
                f"VALUES ('P', 'reach_rate', 80, 'pct', 'volumes', 'county', '{created}')"
            )
        )
    upgrade(url, "0006")
    with engine.connect() as connection:
        stamped, made = connection.execute(text("SELECT updated_at, created_at FROM target")).one()
    assert stamped == made
    assert not next(c for c in inspect(engine).get_columns("target") if c["name"] == "updated_at")["nullable"]
    downgrade(url, "0005")
    assert "updated_at" not in {c["name"] for c in inspect(engine).get_columns("target")}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM target")).scalar_one() == 1
    engine.dispose()
