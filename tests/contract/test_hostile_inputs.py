"""A corpus of hostile inputs (JSON bodies, query strings, headers) sent to every route of the API.

Every answer is a 4xx in the documented {"error", "detail"} shape, never a 5xx, and
nothing stored changes (archives, reports, revisions, targets, tokens, audit rows).
The routes are read from the app itself, so a new route is covered when it lands.
"""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from tests.access.world import World, audit_count, build_world, snapshot

# Path parameters filled with things that exist in the world, so the hostile part is the only fault.
PATH_VALUES = {"code": "M", "year": "2023", "target_id": "1", "token_id": "1", "round_id": "1", "username": "nobody"}
PATH_VALUES |= {"webhook_id": "1", "delivery_id": "1"}  # no such webhook: 404 before anything hostile is read
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# JSON bodies no write route accepts: wrong shapes, unknown or dangerous keys, numbers JSON
# parsers disagree on, nesting that exhausts a recursive parser, broken encodings.
HOSTILE_BODIES: dict[str, bytes] = {
    "array": b"[1, 2, 3]",
    "string": b'"\\u0000"',
    "number": b"1e999",
    "truncated": b'{"holdings_volumes": 10',
    "proto": b'{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}',
    "deep": b"[" * 50_000 + b"]" * 50_000,
    "not-utf8": b'{"name": "\xff\xfe\xfa"}',
    "nan": b'{"holdings_volumes": NaN, "digitized_volumes": Infinity, "comment": "x"}',
    "huge-int": b'{"holdings_volumes": 1' + b"0" * 5000 + b', "digitized_volumes": 1}',
    "nul-name": b'{"code": "X", "name": "\\u0000\\u202e", "level": "county", "parent_code": "M", "role": "nope"}',
    "extra-key": b'{"comment": "ok", "role": "admin", "status": "approved"}',
}
# Query values no parameter accepts: too long for any string, too large for any number,
# not a date, not a member of any enum.
HOSTILE_QUERY_VALUES = ("9" * 5000, "\x00" * 300 + "x" * 5000)
HOSTILE_MOMENTS = ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "1e400")
# Credentials that must be refused on every route that needs a token.
HOSTILE_AUTHORIZATION = (
    "Bearer " + "a" * 10_000,
    "Bearer ' OR '1'='1",
    "Basic YWRtaW46YWRtaW4=",
    "Bearer",
    "bearer  \t",
)


def api_routes(app: FastAPI) -> list[tuple[str, str, list[str]]]:
    """(method, concrete path, query parameter names) for every operation under /api/v1, from the OpenAPI."""
    found = []
    for template, operations in app.openapi()["paths"].items():
        if template.startswith("/api/v1"):
            path = template.format(**PATH_VALUES)
            for method, operation in operations.items():
                query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
                found.append((method.upper(), path, query))
    return found


@pytest.fixture
def world(engine: Engine, settings: Settings) -> World:
    return build_world(engine, settings.secret)


def assert_refused_and_unchanged(response, engine: Engine, before: tuple, audited: int) -> None:  # type: ignore[no-untyped-def]
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    body = response.json()
    assert set(body) == {"error", "detail"} and isinstance(body["error"], str) and body["detail"]
    assert snapshot(engine) == before
    assert audit_count(engine) == audited


@pytest.mark.usefixtures("world")
def test_hostile_json_bodies_on_every_write_route(app: FastAPI, engine: Engine, client: TestClient) -> None:
    writes = [(method, path) for method, path, _ in api_routes(app) if method in WRITE_METHODS - {"DELETE"}]
    assert len(writes) >= 8
    before, audited = snapshot(engine), audit_count(engine)
    for method, path in writes:
        for body in HOSTILE_BODIES.values():
            response = client.request(method, path, content=body, headers={"Content-Type": "application/json"})
            assert_refused_and_unchanged(response, engine, before, audited)


@pytest.mark.usefixtures("world")
def test_hostile_query_values_on_every_parameter(app: FastAPI, engine: Engine, client: TestClient) -> None:
    before, audited = snapshot(engine), audit_count(engine)
    checked = 0
    for method, path, query in api_routes(app):
        for name in query:
            values = HOSTILE_QUERY_VALUES + (HOSTILE_MOMENTS if name in ("since", "until") else ())
            for value in values:
                response = client.request(method, path, params={name: value})
                assert_refused_and_unchanged(response, engine, before, audited)
                checked += 1
    assert checked > 40


@pytest.mark.usefixtures("world")
def test_hostile_credentials_on_every_route(app: FastAPI, engine: Engine) -> None:
    before, audited = snapshot(engine), audit_count(engine)
    for method, path, _ in api_routes(app):
        for authorization in HOSTILE_AUTHORIZATION:
            with TestClient(app) as anonymous:
                response = anonymous.request(method, path, headers={"Authorization": authorization}, json={})
            assert response.status_code == 401, (method, path, authorization)
            assert_refused_and_unchanged(response, engine, before, audited)


@pytest.mark.usefixtures("world")
def test_hostile_preconditions_and_languages(engine: Engine, client: TestClient) -> None:
    before, audited = snapshot(engine), audit_count(engine)
    url = "/api/v1/archives/M/reports/2023"
    for if_match in ('"99999999999999999999999"', 'W/"-1"', "x" * 300, '"1", ' * 60):
        response = client.put(url, json={"holdings_volumes": 1, "digitized_volumes": 1}, headers={"If-Match": if_match})
        assert_refused_and_unchanged(response, engine, before, audited)
    for language in ("zh;q=NaN", "*;q=1e999", "x" * 3000):
        response = client.put(
            url, json={"holdings_volumes": -1, "digitized_volumes": 1}, headers={"Accept-Language": language}
        )
        assert_refused_and_unchanged(response, engine, before, audited)
