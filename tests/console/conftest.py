"""Console fixtures: accounts written straight into the test's database, and browsers-as-clients that sign in.

`people(...)` makes accounts (password PASSWORD, already changed unless must_change=True);
`console()` is a TestClient that sends this site's Origin, as a browser does on a form post;
`sign_in(client, username)` signs it in and returns the page's CSRF token."""

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.db import open_session
from app.domain.roles import Actor, Role
from app.models.user import UserCreate
from app.services import users

PASSWORD = "correct horse battery"
ORIGIN = "http://testserver"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

PeopleFactory = Callable[..., None]
ConsoleFactory = Callable[[], TestClient]


@pytest.fixture
def people(engine: Engine) -> PeopleFactory:
    """Make an account: people("li", "reporter", "LK"), with PASSWORD; must_change=True keeps the initial flag."""

    def make(
        username: str,
        role: str,
        archive_code: str | None = None,
        *,
        must_change: bool = False,
        phone: str | None = None,
        display_name: str | None = None,
    ) -> None:
        session = open_session(engine, write=True)
        try:
            data = UserCreate(
                username=username,
                display_name=display_name or username,
                role=Role(role),
                archive_code=archive_code,
                phone=phone,
                password=PASSWORD,
            )
            user, _ = users.create_user(session, data, actor=Actor(name="tests", role=Role.admin))
            user.must_change_password = must_change
            session.add(user)
            session.commit()
        finally:
            session.close()

    return make


@pytest.fixture
def console(app: FastAPI) -> Iterator[ConsoleFactory]:
    """Fresh browser-like clients (each with its own cookies), sending this site's Origin."""
    with ExitStack() as stack:

        def make() -> TestClient:
            return stack.enter_context(TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False))

        yield make


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign the client in; the CSRF token of its session (read from the page it lands on)."""
    response = client.post("/console/login", data={"username": username, "password": password})
    assert response.status_code == 303, response.text
    landing = client.get(response.headers["location"])
    assert landing.status_code == 200, landing.text
    return csrf_of(landing.text)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "no CSRF token on the page"
    return found.group(1)
