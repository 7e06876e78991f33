"""The role x action x scope matrix, cell by cell, through HTTP.

Scoped tokens act for archive M; each archive action is tried on M itself (own),
on C below it, on P above it and on M2 elsewhere. An allowed cell answers its
success status and (for a write) adds one audit row; a refused cell answers 403
Forbidden and changes nothing; without a token every cell answers 401.
A token is bound to its archive: a supervisor may delete archives below its own,
but its own archive only once no unrevoked token (its own included) acts for it,
so that cell answers 409 ArchiveInUse and changes nothing.
"""

from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from tests.access.world import SCOPES, World, audit_count, build_world, remove_below, snapshot
from tests.conftest import ClientFactory
from tests.factories import report_body


@dataclass(frozen=True)
class Call:
    """One request: `{code}`, `{target_id}` and `{token_id}` are filled in from the world."""

    method: str
    path: str
    body: dict | None = None
    ok: int = 200
    writes: bool = True


ARCHIVE_ACTIONS = {
    "read_archive": Call("GET", "/api/v1/archives/{code}", writes=False),
    "list_reports": Call("GET", "/api/v1/archives/{code}/reports", writes=False),
    "read_report": Call("GET", "/api/v1/archives/{code}/reports/2023", writes=False),
    "read_revisions": Call("GET", "/api/v1/archives/{code}/reports/2023/revisions", writes=False),
    "create_archive_below": Call(
        "POST", "/api/v1/archives", {"code": "NEW", "name": "新档案馆", "level": "county", "parent_code": "{code}"}, 201
    ),
    "update_archive": Call("PATCH", "/api/v1/archives/{code}", {"name": "改名档案馆"}),
    "delete_archive": Call("DELETE", "/api/v1/archives/{code}", ok=204),
    "put_report": Call("PUT", "/api/v1/archives/{code}/reports/2023", report_body(1000, 600)),
    "approve": Call("POST", "/api/v1/archives/{code}/reports/2023/approve", {"comment": "核对无误"}),
    "return": Call("POST", "/api/v1/archives/{code}/reports/2023/return", {"comment": "请核对数字化卷数"}),
    "reopen": Call("POST", "/api/v1/archives/{code}/reports/2022/reopen", {"comment": "需更正"}),
    "read_audit_of_archive": Call("GET", "/api/v1/audit?archive_code={code}", writes=False),
}
READS = {"read_archive", "list_reports", "read_report", "read_revisions"}
WRITES_BELOW = {"create_archive_below", "update_archive", "delete_archive", "put_report", "approve", "return", "reopen"}
EVERYWHERE = set(SCOPES)
MINE_AND_BELOW = {"own", "below"}

# role -> action -> the scopes where it is allowed (anywhere else: 403).
ALLOWED: dict[str, dict[str, set[str]]] = {
    "admin": dict.fromkeys(ARCHIVE_ACTIONS, EVERYWHERE),
    "supervisor": dict.fromkeys(READS, EVERYWHERE)
    | dict.fromkeys(WRITES_BELOW, MINE_AND_BELOW)
    | {"read_audit_of_archive": MINE_AND_BELOW},
    "reporter": dict.fromkeys(READS, EVERYWHERE) | {"put_report": {"own"}},
    "viewer": dict.fromkeys(READS, EVERYWHERE),
}

GLOBAL_ACTIONS = {
    "list_archives": Call("GET", "/api/v1/archives", writes=False),
    "list_plans": Call("GET", "/api/v1/plans", writes=False),
    "list_targets": Call("GET", "/api/v1/plans/FYP14/targets", writes=False),
    "create_root_archive": Call(
        "POST", "/api/v1/archives", {"code": "ROOT", "name": "新省馆", "level": "provincial"}, 201
    ),
    "create_plan": Call(
        "POST", "/api/v1/plans", {"code": "P2030", "name": "十五五", "start_year": 2026, "end_year": 2030}, 201
    ),
    "create_target": Call(
        "POST",
        "/api/v1/plans/FYP14/targets",
        {"rule": "reach_rate", "value": 70, "unit": "pct", "basis": "volumes", "level": "municipal"},
        201,
    ),
    "delete_target": Call("DELETE", "/api/v1/plans/FYP14/targets/{target_id}", ok=204),
    "create_token": Call("POST", "/api/v1/tokens", {"role": "viewer", "name": "zhao.liu"}, 201),
    "list_tokens": Call("GET", "/api/v1/tokens", writes=False),
    "revoke_token": Call("DELETE", "/api/v1/tokens/{token_id}", ok=204),
    "read_audit": Call("GET", "/api/v1/audit", writes=False),
}
GLOBAL_READS = {"list_archives", "list_plans", "list_targets"}
GLOBAL_ALLOWED: dict[str, set[str]] = {
    "admin": set(GLOBAL_ACTIONS),
    "supervisor": GLOBAL_READS | {"read_audit"},
    "reporter": GLOBAL_READS,
    "viewer": GLOBAL_READS,
}
ROLES = tuple(ALLOWED)
# Allowed by the matrix, refused because the acting token is bound to the archive.
REFUSED_WHILE_BOUND = {("supervisor", "delete_archive", "own")}


def send(client: TestClient, call: Call, world: World, code: str = "") -> int:
    """Send the call with its placeholders filled in; the status code."""
    fill = {"code": code, "target_id": world.target_id, "token_id": world.spare_token_id}
    body = (
        None
        if call.body is None
        else {key: str(value).format(**fill) if isinstance(value, str) else value for key, value in call.body.items()}
    )
    return client.request(call.method, call.path.format(**fill), json=body).status_code


def token_archive(role: str) -> str | None:
    return "M" if role in ("supervisor", "reporter") else None


def check_cell(engine: Engine, client: TestClient, call: Call, world: World, allowed: bool, code: str = "") -> None:
    before, audited = snapshot(engine), audit_count(engine)
    status = send(client, call, world, code)
    if allowed:
        assert status == call.ok
        assert audit_count(engine) == audited + (1 if call.writes else 0)
    else:
        assert status == 403
        assert snapshot(engine) == before
        assert audit_count(engine) == audited


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("action", ARCHIVE_ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_archive_action(
    engine: Engine, settings: Settings, client_as: ClientFactory, role: str, action: str, scope: str
) -> None:
    allowed = scope in ALLOWED[role].get(action, set())
    world = build_world(engine, settings.secret, with_reports=action != "delete_archive")
    if allowed and action == "delete_archive":
        remove_below(engine, SCOPES[scope])
    client = client_as(role, token_archive(role))
    if (role, action, scope) in REFUSED_WHILE_BOUND:
        before, audited = snapshot(engine), audit_count(engine)
        response = client.delete(f"/api/v1/archives/{SCOPES[scope]}")
        assert (response.status_code, response.json()["error"]) == (409, "ArchiveInUse")
        assert (snapshot(engine), audit_count(engine)) == (before, audited)
        return
    check_cell(engine, client, ARCHIVE_ACTIONS[action], world, allowed, SCOPES[scope])


@pytest.mark.parametrize("action", GLOBAL_ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_global_action(engine: Engine, settings: Settings, client_as: ClientFactory, role: str, action: str) -> None:
    world = build_world(engine, settings.secret)
    client = client_as(role, token_archive(role))
    check_cell(engine, client, GLOBAL_ACTIONS[action], world, action in GLOBAL_ALLOWED[role])


@pytest.mark.parametrize(
    "call", [*ARCHIVE_ACTIONS.values(), *GLOBAL_ACTIONS.values()], ids=[*ARCHIVE_ACTIONS, *GLOBAL_ACTIONS]
)
def test_without_a_token_every_action_is_401(
    engine: Engine, settings: Settings, anonymous_client: TestClient, call: Call
) -> None:
    world = build_world(engine, settings.secret)
    before = snapshot(engine)
    assert send(anonymous_client, call, world, "M") == 401
    assert snapshot(engine) == before


@pytest.fixture
def public_app(settings: Settings, app: FastAPI) -> FastAPI:
    app.state.settings = settings.model_copy(update={"public_read": True})
    return app


@pytest.mark.parametrize(
    "call", [*ARCHIVE_ACTIONS.values(), *GLOBAL_ACTIONS.values()], ids=[*ARCHIVE_ACTIONS, *GLOBAL_ACTIONS]
)
def test_public_read_opens_reads_only(engine: Engine, settings: Settings, public_app: FastAPI, call: Call) -> None:
    world = build_world(engine, settings.secret)
    before = snapshot(engine)
    opened = call.method == "GET" and call.path.split("?")[0] not in ("/api/v1/audit", "/api/v1/tokens")
    with TestClient(public_app) as anonymous:
        assert send(anonymous, call, world, "M") == (call.ok if opened else 401)
    assert snapshot(engine) == before
