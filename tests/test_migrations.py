"""The migrations build the schema the models describe, and undo it."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

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
