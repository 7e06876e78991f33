"""Signing in and out of the console: sessions, the lock after failures, the first password, CSRF, expiry."""

from datetime import timedelta

from argon2 import Type
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from app.db import open_session
from app.models import AuditEntry
from app.models.user import ConsoleSession
from tests.conftest import APP_HASHER
from tests.console.conftest import PASSWORD, ConsoleFactory, PeopleFactory, csrf_of, sign_in
from tests.factories import create_archive


def audit_actions(engine: Engine, username: str) -> list[str]:
    session = open_session(engine, write=False)
    try:
        rows = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_key == username).order_by(AuditEntry.id)
        )
        return list(rows)
    finally:
        session.close()


class TestRoot:
    def test_the_root_leads_to_the_console_and_the_console_to_sign_in(self, console: ConsoleFactory) -> None:
        browser = console()
        assert browser.get("/").headers["location"] == "/console/"
        answer = browser.get("/console/")
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/console/login?next=%2Fconsole%2F")

    def test_the_sign_in_page_is_chinese_with_labelled_fields_and_a_strict_policy(
        self, console: ConsoleFactory
    ) -> None:
        answer = console().get("/console/login")
        assert answer.status_code == 200
        assert '<html lang="zh-CN">' in answer.text and "用户名" in answer.text
        assert '<label for="username">' in answer.text and '<label for="password">' in answer.text
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        assert answer.headers["cache-control"] == "no-store"
        assert "<script>" not in answer.text  # no inline script

    def test_english_by_a_switch(self, console: ConsoleFactory) -> None:
        browser = console()
        switched = browser.get("/console/language/en?next=/console/login")
        assert switched.headers["location"] == "/console/login"
        assert "User name" in browser.get("/console/login").text


class TestSignIn:
    def test_a_person_signs_in_sees_their_home_and_signs_out(
        self, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        people("admin1", "admin", display_name="王管理")
        browser = console()
        token = sign_in(browser, "admin1")
        home = browser.get("/console/")
        assert "王管理" in home.text and "工作台" in home.text
        cookie = browser.cookies.get("lantai_session")
        out = browser.post("/console/logout", data={"csrf_token": token})
        assert out.status_code == 303
        browser.cookies.set("lantai_session", cookie or "")
        assert browser.get("/console/").headers["location"].startswith("/console/login")

    def test_the_session_cookie_is_httponly_and_strict(self, console: ConsoleFactory, people: PeopleFactory) -> None:
        people("admin1", "admin")
        answer = console().post("/console/login", data={"username": "admin1", "password": PASSWORD})
        cookie = answer.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie

    def test_each_sign_in_gets_a_new_session_id(self, console: ConsoleFactory, people: PeopleFactory) -> None:
        people("admin1", "admin")
        browser = console()
        sign_in(browser, "admin1")
        first = browser.cookies.get("lantai_session")
        browser.cookies.clear()
        sign_in(browser, "admin1")
        assert browser.cookies.get("lantai_session") != first

    def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(
        self, console: ConsoleFactory, people: PeopleFactory, engine: Engine
    ) -> None:
        people("li", "viewer")
        wrong = console().post("/console/login", data={"username": "li", "password": "not the password"})
        unknown = console().post("/console/login", data={"username": "nobody", "password": "not the password"})
        assert wrong.status_code == unknown.status_code == 401
        assert "用户名或密码错误" in wrong.text and "用户名或密码错误" in unknown.text
        assert 'aria-invalid="true"' in wrong.text
        assert audit_actions(engine, "li") == ["user.create", "user.sign_in_failed"]

    def test_five_failures_lock_the_name_even_for_the_right_password(
        self, console: ConsoleFactory, people: PeopleFactory, engine: Engine
    ) -> None:
        people("li", "viewer")
        browser = console()
        for _ in range(5):
            assert browser.post("/console/login", data={"username": "li", "password": "wrong-wrong"}).status_code == 401
        locked = browser.post("/console/login", data={"username": "li", "password": PASSWORD})
        assert locked.status_code == 401 and "用户名或密码错误" in locked.text
        assert "user.lock" in audit_actions(engine, "li")
        session = open_session(engine, write=True)
        try:
            from app.models.user import User

            session.execute(update(User).where(User.username == "li").values(locked_until=None))
            session.commit()
        finally:
            session.close()
        assert browser.post("/console/login", data={"username": "li", "password": PASSWORD}).status_code == 303
        assert audit_actions(engine, "li")[-1] == "user.sign_in"

    def test_the_first_sign_in_asks_for_a_new_password_first(
        self, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        people("li", "viewer", must_change=True)
        browser = console()
        answer = browser.post("/console/login", data={"username": "li", "password": PASSWORD})
        assert answer.headers["location"] == "/console/password"
        assert browser.get("/console/").headers["location"] == "/console/password"
        token = csrf_of(browser.get("/console/password").text)
        short = browser.post(
            "/console/password",
            data={
                "csrf_token": token,
                "current_password": PASSWORD,
                "new_password": "short",
                "repeat_password": "short",
            },
        )
        assert short.status_code == 422 and "至少需要 10 个字符" in short.text and 'aria-invalid="true"' in short.text
        done = browser.post(
            "/console/password",
            data={
                "csrf_token": token,
                "current_password": PASSWORD,
                "new_password": "a much longer one",
                "repeat_password": "a much longer one",
            },
        )
        assert done.headers["location"] == "/console/?notice=password.changed"
        assert "密码已修改" in browser.get(done.headers["location"]).text


class TestRefusals:
    def test_a_post_without_the_csrf_token_is_refused(self, console: ConsoleFactory, people: PeopleFactory) -> None:
        people("admin1", "admin")
        browser = console()
        sign_in(browser, "admin1")
        refused = browser.post("/console/logout", data={})
        assert refused.status_code == 403 and "表单已过期" in refused.text

    def test_a_post_from_another_site_is_refused(self, console: ConsoleFactory, people: PeopleFactory) -> None:
        people("admin1", "admin")
        browser = console()
        token = sign_in(browser, "admin1")
        refused = browser.post("/console/logout", data={"csrf_token": token}, headers={"Origin": "http://evil.test"})
        assert refused.status_code == 403
        assert (
            console()
            .post(
                "/console/login",
                data={"username": "admin1", "password": PASSWORD},
                headers={"Origin": "http://evil.test"},
            )
            .status_code
            == 403
        )

    def test_an_idle_session_expires(self, console: ConsoleFactory, people: PeopleFactory, engine: Engine) -> None:
        people("admin1", "admin")
        browser = console()
        sign_in(browser, "admin1")
        session = open_session(engine, write=True)
        try:
            row = session.scalars(select(ConsoleSession)).one()
            row.last_seen_at = row.last_seen_at - timedelta(minutes=31)
            session.add(row)
            session.commit()
        finally:
            session.close()
        answer = browser.get("/console/")
        assert answer.status_code == 303 and "expired=1" in answer.headers["location"]
        assert "登录已过期" in browser.get(answer.headers["location"]).text

    def test_disabling_a_user_ends_their_session_at_once(
        self, console: ConsoleFactory, people: PeopleFactory, client: TestClient
    ) -> None:
        create_archive(client, "LK")
        people("li", "reporter", "LK")
        browser = console()
        sign_in(browser, "li")
        assert browser.get("/console/").status_code == 200
        assert client.patch("/api/v1/users/li", json={"disabled": True}).status_code == 200
        assert browser.get("/console/").status_code == 303

    def test_the_api_answers_json_still(self, anonymous_client: TestClient) -> None:
        answer = anonymous_client.get("/api/v1/archives")
        assert answer.status_code == 401 and answer.json()["error"] == "Unauthorized"


def test_the_app_hashes_passwords_with_argon2id_at_its_defaults() -> None:
    """The app's hasher (the tests use a cheap one: tests/conftest.py) is argon2id at argon2-cffi's defaults."""
    assert (APP_HASHER.type, APP_HASHER.time_cost, APP_HASHER.memory_cost, APP_HASHER.parallelism) == (
        Type.ID,
        3,
        65536,
        4,
    )
    stored = APP_HASHER.hash(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and APP_HASHER.verify(stored, PASSWORD)
