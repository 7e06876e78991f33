"""Accounts: the API (admins only), the command line, the demo's people; the API's tokens stay for scripts."""

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.config import get_settings
from tests.conftest import ClientFactory
from tests.console.conftest import ConsoleFactory, PeopleFactory, csrf_of, sign_in
from tests.factories import create_archive


def run(args: list[str], database_url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("LANTAI_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        return main(args)
    finally:
        get_settings.cache_clear()


class TestUsersApi:
    def test_an_admin_creates_lists_and_changes_accounts(self, client: TestClient) -> None:
        create_archive(client, "LK")
        created = client.post(
            "/api/v1/users",
            json={
                "username": "li.si",
                "display_name": "李四",
                "role": "reporter",
                "archive_code": "lk",
                "phone": "0731-1",
            },
        )
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["archive_code"] == "LK" and body["must_change_password"] is True
        assert len(body["password"]) >= 10 and "password_hash" not in body
        listed = client.get("/api/v1/users").json()
        assert [user["username"] for user in listed["items"]] == ["li.si"] and "password" not in listed["items"][0]
        changed = client.patch("/api/v1/users/li.si", json={"role": "viewer", "archive_code": None})
        assert changed.status_code == 200 and changed.json()["role"] == "viewer"
        kept = client.patch("/api/v1/users/li.si", json={"display_name": None, "disabled": None, "phone": None})
        assert kept.status_code == 200 and (kept.json()["display_name"], kept.json()["phone"]) == ("李四", None)

    def test_refusals_are_named(self, client: TestClient) -> None:
        create_archive(client, "LK")
        user = {"username": "li.si", "display_name": "李四", "role": "reporter", "archive_code": "LK"}
        short = client.post("/api/v1/users", json=user | {"password": "short"})
        assert (short.status_code, short.json()["error"]) == (422, "WeakPassword")
        unscoped = client.post("/api/v1/users", json=user | {"archive_code": None})
        assert (unscoped.status_code, unscoped.json()["error"]) == (422, "InvalidUser")
        assert client.post("/api/v1/users", json=user).status_code == 201
        again = client.post("/api/v1/users", json=user)
        assert (again.status_code, again.json()["error"]) == (409, "UserExists")
        missing = client.patch("/api/v1/users/nobody", json={"disabled": True})
        assert (missing.status_code, missing.json()["error"]) == (404, "UserNotFound")

    def test_only_admins_manage_accounts(self, client: TestClient, client_as: ClientFactory) -> None:
        create_archive(client, "LK")
        chief = client_as("supervisor", "LK")
        refused = chief.post("/api/v1/users", json={"username": "x1", "display_name": "x", "role": "viewer"})
        assert (refused.status_code, refused.json()["error"]) == (403, "Forbidden")
        assert chief.get("/api/v1/users").status_code == 403

    def test_a_new_role_ends_the_persons_sessions(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        create_archive(client, "LK")
        people("li", "supervisor", "LK")
        browser = console()
        sign_in(browser, "li")
        assert client.patch("/api/v1/users/li", json={"role": "reporter"}).status_code == 200
        assert browser.get("/console/").status_code == 303


class TestCommandLine:
    def test_user_create_prints_the_password_once(
        self, database_url: str, client: TestClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        create_archive(client, "LK")
        assert (
            run(["user", "create", "wang.wu", "--role", "reporter", "--archive", "LK"], database_url, monkeypatch) == 0
        )
        out, err = capsys.readouterr()
        password = out.strip()
        assert len(password) >= 10 and "wang.wu" in err
        browser_user = client.get("/api/v1/users").json()["items"][0]
        assert (browser_user["username"], browser_user["must_change_password"]) == ("wang.wu", True)
        assert run(["user", "create", "wang.wu", "--role", "viewer"], database_url, monkeypatch) == 1

    def test_demo_users_never_reset_a_changed_password(
        self,
        database_url: str,
        console: ConsoleFactory,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        assert run(["seed"], database_url, monkeypatch) == 0
        assert run(["demo-users"], database_url, monkeypatch) == 0
        lines = {line.split()[0]: line.split()[-1] for line in capsys.readouterr().out.splitlines()}
        assert set(lines) == {"admin", "clerk.ly", "chief.cs"}
        browser = console()
        signed = browser.post("/console/login", data={"username": "clerk.ly", "password": lines["clerk.ly"]})
        assert signed.headers["location"] == "/console/password"
        token = csrf_of(browser.get("/console/password").text)
        new = {
            "current_password": lines["clerk.ly"],
            "new_password": "my own password",
            "repeat_password": "my own password",
        }
        assert browser.post("/console/password", data=new | {"csrf_token": token}).status_code == 303
        assert run(["demo-users"], database_url, monkeypatch) == 0
        again = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
        assert "changed by its owner" in again["clerk.ly"] and "changed by its owner" not in again["admin"]
        fresh = console()
        assert sign_in(fresh, "clerk.ly", "my own password")
