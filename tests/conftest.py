"""Fixtures: every test gets its own freshly migrated database and an app on it.

The schema is built once per session with the real Alembic migrations into a
template file; each test copies it, so tests never share data.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from app.main import create_app
from app.migrate import upgrade


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the head migration, built once."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(migrated_template: Path, tmp_path: Path) -> str:
    """A fresh migrated database for this test."""
    path = tmp_path / "lantai.db"
    shutil.copyfile(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings pointing at this test's database."""
    return Settings(database_url=database_url)


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    """The app on this test's database."""
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def engine(app: FastAPI) -> Engine:
    """The app's engine, for tests that read the database directly."""
    return app.state.engine


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client on the app."""
    with TestClient(app) as test_client:
        yield test_client
