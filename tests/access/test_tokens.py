"""Tokens: 401 without a good one, only a hash stored, issued and revoked by admins and by the CLI."""

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from app.cli import main as lantai
from app.config import PLACEHOLDER_SECRET, Settings, get_settings
from app.services.token_secrets import token_hash
from tests.conftest import ClientFactory
from tests.factories import bearer, create_archive

URL = "/api/v1/tokens"


def stored_rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text("SELECT * FROM api_token"))]


class TestAuthentication:
    def test_no_token_is_401_and_says_bearer(self, anonymous_client: TestClient) -> None:
        response = anonymous_client.get("/api/v1/archives")
        assert response.status_code == 401
        assert response.json()["error"] == "Unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"

    def test_an_unknown_token_is_401(self, anonymous_client: TestClient) -> None:
        response = anonymous_client.get("/api/v1/archives", headers=bearer("lantai_made-up"))
        assert response.status_code == 401
        assert response.json()["error"] == "Unauthorized"

    def test_another_scheme_is_401(self, anonymous_client: TestClient, admin_token: str) -> None:
        response = anonymous_client.get("/api/v1/archives", headers={"Authorization": f"Basic {admin_token}"})
        assert response.status_code == 401

    def test_a_valid_token_outside_its_role_is_403_not_401(self, client_as: ClientFactory) -> None:
        plan = {"code": "X", "name": "x", "start_year": 2021, "end_year": 2025}
        response = client_as("viewer").post("/api/v1/plans", json=plan)
        assert response.status_code == 403
        assert response.json()["error"] == "Forbidden"

    @pytest.mark.parametrize("path", ["/health", "/ready", "/docs", "/openapi.json"])
    def test_health_and_docs_need_no_token(self, anonymous_client: TestClient, path: str) -> None:
        assert anonymous_client.get(path).status_code == 200

    def test_the_schema_declares_bearer_tokens(self, anonymous_client: TestClient) -> None:
        scheme = anonymous_client.get("/openapi.json").json()["components"]["securitySchemes"]["HTTPBearer"]
        assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")


class TestTokenStorage:
    def test_the_token_table_holds_no_token_in_clear(
        self, client: TestClient, engine: Engine, settings: Settings
    ) -> None:
        create_archive(client, "HN", level="provincial")
        issued = [
            client.post(URL, json=body).json()["token"]
            for body in (
                {"role": "supervisor", "archive_code": "HN", "name": "wang.wu"},
                {"role": "viewer"},
                {"role": "admin"},
            )
        ]
        cells = " ".join(str(cell) for row in stored_rows(engine) for cell in row)
        for token in issued:
            assert token not in cells
            assert token[len("lantai_") :][:12] not in cells
            assert token_hash(token, settings.secret) in cells

    def test_the_audit_trail_holds_no_token_either(self, client: TestClient, engine: Engine) -> None:
        token = client.post(URL, json={"role": "viewer"}).json()["token"]
        with engine.connect() as connection:
            trail = " ".join(str(row) for row in connection.execute(text("SELECT * FROM audit_entry")))
        assert "token.create" in trail
        assert token not in trail


class TestCreateToken:
    def test_admin_issues_a_token_that_is_shown_once_and_works(self, client: TestClient) -> None:
        create_archive(client, "HN-CS")
        response = client.post(URL, json={"role": "reporter", "archive_code": "HN-CS", "name": "li.si"})
        assert response.status_code == 201
        issued = response.json()
        assert (issued["role"], issued["archive_code"], issued["created_by"]) == ("reporter", "HN-CS", "test-admin")
        listed = client.get(URL).json()["items"]
        assert all("token" not in item for item in listed)
        me = client.get(f"{URL}/current", headers=bearer(issued["token"])).json()
        assert (me["name"], me["role"], me["archive_code"]) == ("li.si", "reporter", "HN-CS")

    def test_a_name_is_made_up_when_none_is_given(self, client: TestClient) -> None:
        create_archive(client, "HN-CS")
        assert (
            client.post(URL, json={"role": "supervisor", "archive_code": "HN-CS"}).json()["name"] == "supervisor@HN-CS"
        )

    @pytest.mark.parametrize(
        "body, status, error",
        [
            ({"role": "reporter"}, 422, "InvalidTokenScope"),
            ({"role": "admin", "archive_code": "HN-CS"}, 422, "InvalidTokenScope"),
            ({"role": "supervisor", "archive_code": "NOPE"}, 404, "ArchiveNotFound"),
            ({"role": "root"}, 422, "ValidationError"),
            ({"role": "viewer", "name": "x" * 101}, 422, "ValidationError"),
            ({"role": "viewer", "name": "bad\nname"}, 422, "ValidationError"),
            ({"role": "viewer", "token": "mine"}, 422, "ValidationError"),
        ],
        ids=[
            "reporter-without-archive",
            "admin-with-archive",
            "unknown-archive",
            "unknown-role",
            "long-name",
            "control-character",
            "own-token",
        ],
    )
    def test_bad_requests_store_nothing(
        self, client: TestClient, engine: Engine, body: dict, status: int, error: str
    ) -> None:
        create_archive(client, "HN-CS")
        before = stored_rows(engine)
        response = client.post(URL, json=body)
        assert response.status_code == status
        assert response.json()["error"] == error
        assert stored_rows(engine) == before


class TestRevokeToken:
    def test_a_revoked_token_gets_401_from_then_on(self, client: TestClient, anonymous_client: TestClient) -> None:
        viewer = client.post(URL, json={"role": "viewer", "name": "temp"}).json()
        assert anonymous_client.get("/api/v1/archives", headers=bearer(viewer["token"])).status_code == 200
        assert client.delete(f"{URL}/{viewer['id']}").status_code == 204
        response = anonymous_client.get("/api/v1/archives", headers=bearer(viewer["token"]))
        assert response.status_code == 401
        assert response.json()["error"] == "Unauthorized"

    def test_revoked_tokens_are_listed_only_on_request(self, client: TestClient) -> None:
        viewer = client.post(URL, json={"role": "viewer", "name": "temp"}).json()
        client.delete(f"{URL}/{viewer['id']}")
        assert "temp" not in [item["name"] for item in client.get(URL).json()["items"]]
        revoked = [
            item for item in client.get(URL, params={"include_revoked": True}).json()["items"] if item["name"] == "temp"
        ]
        assert revoked[0]["revoked_at"] is not None

    def test_revoking_twice_is_harmless(self, client: TestClient) -> None:
        viewer = client.post(URL, json={"role": "viewer"}).json()
        assert client.delete(f"{URL}/{viewer['id']}").status_code == 204
        assert client.delete(f"{URL}/{viewer['id']}").status_code == 204

    def test_unknown_token_is_404(self, client: TestClient) -> None:
        response = client.delete(f"{URL}/999")
        assert response.status_code == 404
        assert response.json()["error"] == "TokenNotFound"


@pytest.fixture
def cli_settings(monkeypatch: pytest.MonkeyPatch, database_url: str, settings: Settings) -> Iterator[Settings]:
    """`lantai` commands on this test's database."""
    monkeypatch.setenv("LANTAI_DATABASE_URL", database_url)
    monkeypatch.setenv("LANTAI_SECRET", settings.secret)
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


class TestTokenCommands:
    @pytest.mark.usefixtures("cli_settings")
    def test_create_prints_the_token_alone_on_stdout(
        self, client: TestClient, capsys: pytest.CaptureFixture[str]
    ) -> None:
        create_archive(client, "HN-CS")
        assert lantai(["token", "create", "--role", "reporter", "--archive", "HN-CS", "--name", "li.si"]) == 0
        printed = capsys.readouterr()
        token = printed.out.strip()
        assert printed.out == token + "\n"
        assert "li.si" in printed.err
        me = client.get(f"{URL}/current", headers=bearer(token)).json()
        assert (me["name"], me["role"], me["archive_code"], me["created_by"][:4]) == (
            "li.si",
            "reporter",
            "HN-CS",
            "cli:",
        )

    @pytest.mark.usefixtures("cli_settings")
    def test_list_and_revoke(self, client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
        lantai(["token", "create", "--role", "viewer", "--name", "zhao.liu"])
        token = capsys.readouterr().out.strip()
        lantai(["token", "list"])
        line = next(line for line in capsys.readouterr().out.splitlines() if "zhao.liu" in line)
        assert lantai(["token", "revoke", line.split("\t")[0]]) == 0
        assert client.get("/api/v1/archives", headers=bearer(token)).status_code == 401

    @pytest.mark.usefixtures("cli_settings")
    def test_a_bad_scope_fails_with_nothing_on_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert lantai(["token", "create", "--role", "supervisor", "--archive", "NOPE"]) == 1
        printed = capsys.readouterr()
        assert printed.out == ""
        assert "NOPE" in printed.err

    @pytest.mark.usefixtures("cli_settings")
    def test_demo_token_replaces_the_previous_one(self, client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
        lantai(["demo-token"])
        first = capsys.readouterr().out.strip()
        lantai(["demo-token"])
        second = capsys.readouterr().out.strip()
        assert client.get("/api/v1/archives", headers=bearer(first)).status_code == 401
        me = client.get(f"{URL}/current", headers=bearer(second)).json()
        assert (me["name"], me["role"]) == ("demo-admin", "admin")

    @pytest.mark.usefixtures("cli_settings")
    def test_the_placeholder_secret_is_refused(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("LANTAI_SECRET", PLACEHOLDER_SECRET)
        get_settings.cache_clear()
        assert lantai(["token", "create", "--role", "admin"]) == 2
        printed = capsys.readouterr()
        assert printed.out == ""
        assert "LANTAI_SECRET" in printed.err


class TestTokenCommandsAsJson:
    """`--format json`: one JSON document on stdout, as the API answers; the same exit statuses."""

    @pytest.mark.usefixtures("cli_settings")
    def test_create_list_revoke(self, client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
        create_archive(client, "HN-CS")
        assert (
            lantai(
                ["token", "create", "--role", "reporter", "--archive", "HN-CS", "--name", "li.si", "--format", "json"]
            )
            == 0
        )
        created = json.loads(capsys.readouterr().out)
        assert (created["name"], created["role"], created["archive_code"], created["revoked_at"]) == (
            "li.si",
            "reporter",
            "HN-CS",
            None,
        )
        assert client.get(f"{URL}/current", headers=bearer(created["token"])).json()["id"] == created["id"]

        assert lantai(["token", "list", "--format", "json"]) == 0
        listed = json.loads(capsys.readouterr().out)
        assert set(listed) == {"items", "total", "limit", "offset"} and listed["total"] == len(listed["items"])
        assert created["id"] in [item["id"] for item in listed["items"]]
        assert all("token" not in item for item in listed["items"])

        assert lantai(["token", "revoke", str(created["id"]), "--format", "json"]) == 0
        revoked = json.loads(capsys.readouterr().out)
        assert revoked["id"] == created["id"] and revoked["revoked_at"] is not None
        assert lantai(["token", "list", "--format", "json"]) == 0
        assert created["id"] not in [item["id"] for item in json.loads(capsys.readouterr().out)["items"]]
        assert lantai(["token", "list", "--all", "--format", "json"]) == 0
        assert created["id"] in [item["id"] for item in json.loads(capsys.readouterr().out)["items"]]

    @pytest.mark.usefixtures("cli_settings")
    @pytest.mark.parametrize(
        "command",
        [
            ["token", "revoke", "999", "--format", "json"],
            ["token", "create", "--role", "reporter", "--archive", "NOPE", "--format", "json"],
        ],
    )
    def test_refused_is_exit_1_with_nothing_on_stdout(
        self, capsys: pytest.CaptureFixture[str], command: list[str]
    ) -> None:
        assert lantai(command) == 1
        printed = capsys.readouterr()
        assert printed.out == "" and printed.err.startswith("lantai: ")

    @pytest.mark.usefixtures("cli_settings")
    def test_an_unknown_format_is_a_usage_error(self) -> None:
        with pytest.raises(SystemExit) as exited:
            lantai(["token", "list", "--format", "yaml"])
        assert exited.value.code == 2
