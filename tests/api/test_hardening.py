"""Hardened input and output: body size limits, CORS for configured origins only, request ids,
no internals in a 500, bounded strings, and no start with the placeholder secret."""

import logging
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import PLACEHOLDER_SECRET, Settings
from app.main import UnsafeSettings, create_app
from tests.factories import bearer, report_body

REPORTS = "/api/v1/archives/HN-CS/reports"


@pytest.fixture
def small_limits(settings: Settings, admin_token: str) -> Iterator[TestClient]:
    """The app with a 1,000-byte JSON limit and a 5,000-byte upload limit, as an admin."""
    app = create_app(settings.model_copy(update={"max_json_body_bytes": 1000, "max_upload_bytes": 5000}))
    with TestClient(app, headers=bearer(admin_token)) as client:
        client.post("/api/v1/archives", json={"code": "HN-CS", "name": "长沙市档案馆", "level": "municipal"})
        yield client
    app.state.engine.dispose()


def padded_report(size: int) -> bytes:
    """A valid report body of about `size` bytes (the note takes up the room)."""
    return ('{"holdings_volumes": 10, "digitized_volumes": 5, "note": "' + "x" * max(size - 60, 0) + '"}').encode()


class TestBodySize:
    def test_a_body_over_the_limit_is_413_and_nothing_is_stored(self, small_limits: TestClient) -> None:
        response = small_limits.put(
            f"{REPORTS}/2023", content=padded_report(1500), headers={"content-type": "application/json"}
        )
        assert response.status_code == 413
        assert response.json()["error"] == "PayloadTooLarge"
        assert small_limits.get(f"{REPORTS}/2023").status_code == 404

    def test_a_streamed_body_without_a_length_is_counted(self, small_limits: TestClient) -> None:
        chunks = iter([padded_report(1500)[:700], padded_report(1500)[700:]])
        response = small_limits.put(f"{REPORTS}/2023", content=chunks, headers={"content-type": "application/json"})
        assert "content-length" not in response.request.headers
        assert response.status_code == 413
        assert response.json()["error"] == "PayloadTooLarge"

    def test_a_length_that_lies_is_caught_by_counting(self, small_limits: TestClient) -> None:
        chunks = iter([padded_report(1500)])
        response = small_limits.put(
            f"{REPORTS}/2023", content=chunks, headers={"content-type": "application/json", "content-length": "10"}
        )
        assert response.status_code == 413
        assert small_limits.get(f"{REPORTS}/2023").status_code == 404

    def test_a_body_under_the_limit_goes_through(self, small_limits: TestClient) -> None:
        response = small_limits.put(
            f"{REPORTS}/2023", content=padded_report(900), headers={"content-type": "application/json"}
        )
        assert response.status_code == 201

    def test_uploads_have_their_own_larger_limit(self, small_limits: TestClient) -> None:
        under = small_limits.post("/api/v1/archives", files={"file": ("big.csv", b"x" * 3000)})
        assert under.status_code != 413
        over = small_limits.post("/api/v1/archives", files={"file": ("big.csv", b"x" * 6000)})
        assert over.status_code == 413
        assert over.json()["error"] == "PayloadTooLarge"


class TestCors:
    @pytest.fixture
    def cors_client(self, settings: Settings) -> Iterator[TestClient]:
        app = create_app(settings.model_copy(update={"cors_origins": ["https://dashboard.example.cn"]}))
        with TestClient(app) as client:
            yield client
        app.state.engine.dispose()

    def test_a_configured_origin_is_allowed_with_the_headers_it_needs(self, cors_client: TestClient) -> None:
        response = cors_client.options(
            REPORTS + "/2023",
            headers={
                "Origin": "https://dashboard.example.cn",
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "authorization, if-match, content-type",
            },
        )
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "https://dashboard.example.cn"
        assert "if-match" in response.headers["access-control-allow-headers"].lower()

    def test_an_unknown_origin_is_not(self, cors_client: TestClient) -> None:
        response = cors_client.get("/health", headers={"Origin": "https://evil.example.com"})
        assert "access-control-allow-origin" not in response.headers
        preflight = cors_client.options(
            "/health", headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "GET"}
        )
        assert preflight.status_code == 400

    def test_without_configuration_no_origin_is(self, anonymous_client: TestClient) -> None:
        response = anonymous_client.get("/health", headers={"Origin": "https://dashboard.example.cn"})
        assert "access-control-allow-origin" not in response.headers

    def test_settings_read_a_comma_separated_list(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("LANTAI_CORS_ORIGINS", "https://a.example.cn, https://b.example.cn")
        assert Settings().cors_origins == ["https://a.example.cn", "https://b.example.cn"]


class TestRequestId:
    def test_every_answer_carries_one(self, anonymous_client: TestClient) -> None:
        first = anonymous_client.get("/health").headers["x-request-id"]
        second = anonymous_client.get("/api/v1/archives").headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second

    def test_the_server_id_is_never_the_clients(self, anonymous_client: TestClient) -> None:
        """A client's X-Request-ID is kept apart (the audit's client_request_id), never used as the server's id."""
        for sent in ("dash-7.1", "a b<script>"):
            answered = anonymous_client.get("/health", headers={"X-Request-ID": sent}).headers["x-request-id"]
            assert re.fullmatch(r"[0-9a-f]{32}", answered)


class TestInternalError:
    @pytest.fixture
    def crashing(self, app: FastAPI) -> Iterator[TestClient]:
        @app.get("/crash")
        def crash() -> None:
            raise RuntimeError('(sqlite3.OperationalError) near "FROM": SELECT token_hash FROM api_token')

        with TestClient(app) as client:
            yield client

    def test_a_crash_answers_internal_error_with_the_request_id_and_nothing_else(
        self, crashing: TestClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.ERROR, logger="lantai.requests"):
            response = crashing.get("/crash", headers={"X-Request-ID": "req-500"})
        assert response.status_code == 500
        assert response.json()["error"] == "InternalError"
        server_id = response.headers["x-request-id"]
        assert server_id != "req-500" and server_id in response.json()["detail"]
        for leak in ("SELECT", "sqlite3", "Traceback", "token_hash", "RuntimeError"):
            assert leak not in response.text
        assert any(
            server_id in record.getMessage() and "req-500" in record.getMessage() and record.exc_info
            for record in caplog.records
        )


class TestBoundedInput:
    """Every string a client can send is bounded: by a length, an enum, a fixed pattern or a format."""

    BOUNDED_PATTERN = re.compile(r"^\^[^*+{]*\$$|^\^.*\{\d+(,\d+)?\}\$$")

    def unbounded_strings(self, schema: dict, components: dict, where: str) -> list[str]:
        schema = components[schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema
        found = [
            u
            for key in ("anyOf", "oneOf", "allOf")
            for sub in schema.get(key, [])
            for u in self.unbounded_strings(sub, components, where)
        ]
        if schema.get("type") == "string" and not (
            "maxLength" in schema
            or "enum" in schema
            or "const" in schema
            or schema.get("format") in ("date-time", "binary")
            or self.BOUNDED_PATTERN.match(schema.get("pattern", ""))
            or "contentMediaType" in schema
        ):
            found.append(where)
        for name, sub in schema.get("properties", {}).items():
            found += self.unbounded_strings(sub, components, f"{where}.{name}")
        if "items" in schema:
            found += self.unbounded_strings(schema["items"], components, f"{where}[]")
        return found

    def test_every_parameter_and_body_field(self, anonymous_client: TestClient) -> None:
        spec = anonymous_client.get("/openapi.json").json()
        components = spec["components"]["schemas"]
        unbounded = []
        for path, operations in spec["paths"].items():
            for method, operation in operations.items():
                where = f"{method.upper()} {path}"
                for parameter in operation.get("parameters", []):
                    unbounded += self.unbounded_strings(parameter["schema"], components, f"{where} {parameter['name']}")
                for media in operation.get("requestBody", {}).get("content", {}).values():
                    unbounded += self.unbounded_strings(media["schema"], components, f"{where} body")
        assert unbounded == []

    def test_an_over_long_string_is_422(self, client: TestClient) -> None:
        response = client.post("/api/v1/archives", json={"code": "A" * 33, "name": "x", "level": "county"})
        assert response.status_code == 422
        client.post("/api/v1/archives", json={"code": "HN-CS", "name": "长沙市档案馆", "level": "municipal"})
        response = client.put(f"{REPORTS}/2023", json=report_body(note="字" * 2001))
        assert response.status_code == 422
        assert "note" in response.json()["detail"]
        assert client.get(f"{REPORTS}/2023").status_code == 404


class TestSecret:
    @pytest.mark.parametrize("secret", [PLACEHOLDER_SECRET, "too-short"])
    def test_the_service_refuses_to_start_without_a_real_secret(self, database_url: str, secret: str) -> None:
        with pytest.raises(UnsafeSettings, match="LANTAI_SECRET"):
            create_app(Settings(database_url=database_url, secret=secret))

    def test_the_default_is_the_placeholder(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("LANTAI_SECRET", raising=False)
        assert Settings(_env_file=None).secret == PLACEHOLDER_SECRET  # type: ignore[call-arg]
