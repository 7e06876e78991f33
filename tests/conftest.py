"""Fixtures: every test gets its own freshly migrated database and an app on it.

The schema is built once per session with the real Alembic migrations into a
template; each test gets a copy, so tests never share data. The run is on
SQLite, or on PostgreSQL with LANTAI_TEST_BACKEND=postgres (tests/databases.py).

`client` is signed in as an admin; `client_as(role, archive_code)` gives a
client holding another token, `token_for(...)` just the token, and
`anonymous_client` none at all.
"""

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from app.db import make_engine, open_session
from app.main import create_app
from app.models import ApiToken
from app.services import users
from app.services.token_secrets import new_token, token_hash
from tests.databases import DatabaseBackend, backend_name, open_databases

TEST_SECRET = "tests-only-secret-not-for-serving"
# Settings built anywhere in the tests (and servers they start) get a usable secret.
os.environ.setdefault("LANTAI_SECRET", TEST_SECRET)
os.environ.setdefault("LANTAI_WARM_ON_START", "false")  # tests/compliance/test_warm_start.py turns it on
os.environ.setdefault("LANTAI_WEBHOOK_DELIVERY", "false")  # tests/webhooks deliver when they mean to

# The app hashes passwords with argon2's own defaults (argon2id, 64 MiB, 3 passes: some 0.1-0.2 s of
# CPU a hash or a check). The console's tests make and sign in a few hundred accounts a pass, so they
# use the cheapest parameters; a hash carries its parameters, so checking one runs the same code.
# tests/console/test_sign_in.py holds the app's own hasher (APP_HASHER) to the defaults.
APP_HASHER = users.hasher
users.hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

TokenFactory = Callable[..., str]
ClientFactory = Callable[..., TestClient]


def pytest_report_header() -> str:
    return f"database backend: {backend_name()}"


# The pass that runs, alone, the tests whose outcome cannot depend on the database: those that use
# no test database (pure domain rules, hypothesis properties over them, documents, lint-like checks).
DATABASE_FREE_PASS = "sqlite"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "one_database(name, reason=...): a test that runs on one backend only (sqlite or postgres), because it "
        "is long and tests the same code on both; the other pass of `make test` reports it skipped with the reason",
    )
    config.addinivalue_line(
        "markers",
        "built_by(builder): the test's database is a copy of one builder(admin_client, token_for) wrote through the API "
        "once a run (tests/conftest.py, database_url); written pytest.mark.built_by.with_args(builder), as a mark "
        "given a function alone would decorate it",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        only, why = one_pass(item)
        if only is not None and only != backend_name():
            reason = f"{why}: run on the {only} pass only (CONTRIBUTING.md, 'The test run')"
            item.add_marker(pytest.mark.skip(reason=reason))


def one_pass(item: pytest.Item) -> tuple[str | None, str]:
    """The one backend a test runs on (None: both), and why."""
    marker = item.get_closest_marker("one_database")
    if marker is not None:
        return marker.args[0], marker.kwargs.get("reason", "a long fault test")
    if "migrated_template" not in getattr(item, "fixturenames", ()):
        return DATABASE_FREE_PASS, "uses no test database"
    return None, ""


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseBackend]:
    """The run's databases, with a template at the head migration built once."""
    databases = open_databases(tmp_path_factory.mktemp("databases"))
    yield databases
    databases.close()


Builder = Callable[[TestClient, TokenFactory], object]
# Databases built once by a builder (@pytest.mark.built_by.with_args(builder)), frozen as templates: the builder
# and the admin token its client held. Each test of the mark gets a copy of its own, as if the builder
# had run in it: the same rows, the same `client` token, nothing shared with another test.
_BUILT: dict[Builder, tuple[str, str]] = {}
_BUILT_TOKENS: dict[str, str] = {}  # a copy's URL -> the admin token built into it


@pytest.fixture
def database_url(request: pytest.FixtureRequest, migrated_template: DatabaseBackend) -> Iterator[str]:
    """A fresh migrated database for this test, dropped after it; for a test with a builder (_builder_of), a
    copy of what the builder wrote through the API into one, built once a run (see _BUILT)."""
    builder = _builder_of(request)
    if builder is None:
        url = migrated_template.create(migrated=True)
    else:
        if builder not in _BUILT:
            _BUILT[builder] = _build(migrated_template, builder)
        frozen, token = _BUILT[builder]
        url = migrated_template.copy(frozen)
        _BUILT_TOKENS[url] = token
    yield url
    _BUILT_TOKENS.pop(url, None)
    migrated_template.drop(url)


def _builder_of(request: pytest.FixtureRequest) -> Builder | None:
    """The test's builder: its built_by mark's, or that of a fixture it uses which its module names in
    BUILT = {fixture name: builder} (the fixture then only hands out what the copy holds)."""
    marker = request.node.get_closest_marker("built_by")
    if marker is not None:
        return marker.args[0]  # type: ignore[no-any-return]
    built: dict[str, Builder] = getattr(request.module, "BUILT", {})
    return next((builder for name, builder in built.items() if name in request.fixturenames), None)


def _build(databases: DatabaseBackend, builder: Builder) -> tuple[str, str]:
    """Run the builder on a new database through the app, as an admin, then freeze that database."""
    url = databases.create(migrated=True)
    settings = Settings(database_url=url, secret=TEST_SECRET)
    application = _app_for(settings)
    issue = _token_factory(application.state.engine, settings)
    token = issue("admin", name="test-admin")
    try:
        with TestClient(application, headers={"Authorization": f"Bearer {token}"}) as admin:
            builder(admin, issue)
    finally:
        application.state.engine.dispose()
    return databases.freeze(url), token


@pytest.fixture
def empty_database_url(migrated_template: DatabaseBackend) -> Iterator[str]:
    """An empty database (no schema) for this test, dropped after it."""
    url = migrated_template.create(migrated=False)
    yield url
    migrated_template.drop(url)


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings pointing at this test's database."""
    return Settings(database_url=database_url, secret=TEST_SECRET)


# One app per distinct settings (but the database) for the whole run, each test's engine and
# settings put in its state: FastAPI builds every route's handler on an app's first request
# (some 250 ms of CPU for this API), which a new app per test paid some 3,000 times a run.
# The app keeps nothing of a test: its middleware holds no data, the kept values are per engine
# (app.db.change_stamp), and what a test may change (state, dependency_overrides) is reset here.
_APPS: dict[str, FastAPI] = {}
_STATE = frozenset({"settings", "engine"})


def _app_for(settings: Settings) -> FastAPI:
    """The run's app for these settings, on their database (see _APPS)."""
    key = settings.model_dump_json(exclude={"database_url"})
    application = _APPS.get(key)
    if application is None:
        application = _APPS[key] = create_app(settings)
    else:
        application.state.settings = settings
        application.state.engine = make_engine(settings)
    return application


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    """The app on this test's database (its settings, its engine; see _APPS)."""
    application = _app_for(settings)
    yield application
    application.state.engine.dispose()
    application.dependency_overrides.clear()
    for name in set(vars(application.state)["_state"]) - _STATE:
        delattr(application.state, name)


@pytest.fixture
def engine(app: FastAPI) -> Engine:
    """The app's engine, for tests that read the database directly."""
    return app.state.engine


@pytest.fixture
def token_for(engine: Engine, settings: Settings) -> TokenFactory:
    """Issue a token straight into the database: token_for("reporter", "HN-CS", name="li.si")."""
    return _token_factory(engine, settings)


def _token_factory(engine: Engine, settings: Settings) -> TokenFactory:
    def issue(role: str, archive_code: str | None = None, name: str | None = None) -> str:
        token = new_token()
        session = open_session(engine, write=True)
        try:
            session.add(
                ApiToken(
                    name=name or (f"{role}@{archive_code}" if archive_code else f"test-{role}"),
                    role=role,
                    archive_code=archive_code,
                    token_hash=token_hash(token, settings.secret),
                    created_by="tests",
                )
            )
            session.commit()
        finally:
            session.close()
        return token

    return issue


@pytest.fixture
def admin_token(token_for: TokenFactory, database_url: str) -> str:
    """The token `client` sends: an admin named test-admin (in a built database, the builder's)."""
    return _BUILT_TOKENS.get(database_url) or token_for("admin", name="test-admin")


@pytest.fixture
def client(app: FastAPI, admin_token: str) -> Iterator[TestClient]:
    """An HTTP client on the app, signed in as an admin."""
    with TestClient(app, headers={"Authorization": f"Bearer {admin_token}"}) as test_client:
        yield test_client


@pytest.fixture
def anonymous_client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client that sends no token."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def client_as(app: FastAPI, token_for: TokenFactory) -> Iterator[ClientFactory]:
    """Clients holding other tokens: client_as("supervisor", "HN") or client_as(token="...")."""
    with ExitStack() as stack:

        def make(
            role: str | None = None,
            archive_code: str | None = None,
            name: str | None = None,
            *,
            token: str | None = None,
        ) -> TestClient:
            held = token or token_for(role, archive_code, name)
            return stack.enter_context(TestClient(app, headers={"Authorization": f"Bearer {held}"}))

        yield make
