"""Every route that writes declares the permission it needs (app/api/permissions.py), so the next cannot forget.

The walk reads each route's dependencies (as FastAPI solved them at start-up) and
looks for an instance of `Permission`; the read-only POSTs (the what-if) are the
only writes by method that need none, and they must declare a read session.
"""

from collections.abc import Iterator

from fastapi import APIRouter, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.api.deps import CurrentActor, WriteSession
from app.api.permissions import Permission
from app.api.transactions import intent_declaration, reads
from app.console.auth import checked_origin, csrf_checked
from tests.conftest import ClientFactory
from tests.factories import create_archive
from tests.faults.test_transaction_policy import READ_ONLY_POSTS, WRITE_METHODS, api_routes

# Which permission each writing route declares; a new route lands here with its own.
DECLARED = {
    "create_archive": "ScopeFromBody(Action.write_archives)",
    "update_archive": "ArchiveFor(Action.write_archives)",
    "delete_archive": "ArchiveFor(Action.write_archives)",
    "record_archive_event": "ArchiveFor(Action.write_archives)",
    "record_merge": "ScopeFromBody(Action.write_archives)",
    "record_split": "ScopeFromBody(Action.write_archives)",
    "create_plan": "Permitted(Action.manage_plans)",
    "create_target": "Permitted(Action.manage_plans)",
    "delete_target": "Permitted(Action.manage_plans)",
    "put_report": "ArchiveFor(Action.write_reports)",
    "patch_report": "ArchiveFor(Action.write_reports)",
    "approve_report": "ArchiveFor(Action.review)",
    "return_report": "ArchiveFor(Action.review)",
    "reopen_report": "ArchiveFor(Action.review)",
    "import_reports": "PermittedSomewhere(Action.write_reports)",
    "create_token": "Permitted(Action.manage_tokens)",
    "revoke_token": "Permitted(Action.manage_tokens)",
    "create_round": "ScopeFromBody(Action.review)",
    "update_round": "RoundFor(Action.review)",
    "delete_round": "RoundFor(Action.review)",
    "create_user": "Permitted(Action.manage_tokens)",
    "update_user": "Permitted(Action.manage_tokens)",
    # the console's writes: the API's permission classes, fed with the signed-in person (app/console/permissions.py)
    "console_save_report": "ConsoleArchiveFor(Action.write_reports)",
    "console_approve_report": "ConsoleArchiveFor(Action.review)",
    "console_return_report": "ConsoleArchiveFor(Action.review)",
    "console_approve_reports": "ConsolePermittedSomewhere(Action.review)",
    "console_import_check": "ConsolePermittedSomewhere(Action.write_reports)",
    "console_import_confirm": "ConsolePermittedSomewhere(Action.write_reports)",
    "console_create_account": "ConsolePermitted(Action.manage_tokens)",
    "console_update_account": "ConsolePermitted(Action.manage_tokens)",
    "create_webhook": "PermittedSomewhere(Action.manage_webhooks)",
    "update_webhook": "PermittedSomewhere(Action.manage_webhooks)",
    "delete_webhook": "PermittedSomewhere(Action.manage_webhooks)",
    "rotate_secret": "PermittedSomewhere(Action.manage_webhooks)",
    "test_webhook": "PermittedSomewhere(Action.manage_webhooks)",
    "redeliver": "PermittedSomewhere(Action.manage_webhooks)",
}
# The console's own-account writes act on the caller's session or password, not on the matrix's
# objects: they need no permission, but each checks where the form came from (CSRF, Origin).
OWN_ACCOUNT = {
    "console_sign_in": checked_origin,
    "console_sign_out": csrf_checked,
    "console_change_password": csrf_checked,
}


def dependencies(dependant: Dependant) -> Iterator[object]:
    """Every dependency's callable, however deep."""
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from dependencies(dependency)


def permissions_of(route: APIRoute) -> list[str]:
    return sorted({repr(call) for call in dependencies(route.dependant) if isinstance(call, Permission)})


def undeclared(app: FastAPI) -> list[str]:
    """The writing routes (by method) that declare no permission, read-only POSTs aside."""
    return [
        f"{sorted(route.methods)} {route.path} ({route.name})"
        for route in api_routes(app.routes)
        if route.methods & WRITE_METHODS
        and route.name not in READ_ONLY_POSTS | set(OWN_ACCOUNT)
        and not permissions_of(route)
    ]


def test_every_writing_route_declares_a_permission(app: FastAPI) -> None:
    assert undeclared(app) == []


def test_each_writing_route_declares_the_permission_of_the_matrix(app: FastAPI) -> None:
    declared = {
        route.name: permissions_of(route)
        for route in api_routes(app.routes)
        if route.methods & WRITE_METHODS and route.name not in READ_ONLY_POSTS | set(OWN_ACCOUNT)
    }
    assert declared == {name: [permission] for name, permission in DECLARED.items()}


def test_the_own_account_writes_check_where_the_form_came_from(app: FastAPI) -> None:
    routes = {route.name: route for route in api_routes(app.routes) if route.name in OWN_ACCOUNT}
    assert set(routes) == set(OWN_ACCOUNT)
    for name, check in OWN_ACCOUNT.items():
        assert check in set(dependencies(routes[name].dependant)), name


def test_the_read_only_posts_declare_a_read_and_no_write_session(app: FastAPI) -> None:
    routes = [route for route in api_routes(app.routes) if route.name in READ_ONLY_POSTS]
    assert {route.name for route in routes} == READ_ONLY_POSTS
    for route in routes:
        assert intent_declaration(route) is reads
        assert permissions_of(route) == []


def test_the_walk_finds_a_writing_route_that_forgot() -> None:
    router = APIRouter()

    @router.post("/things")
    def create_thing(session: WriteSession, actor: CurrentActor) -> None:
        """A write whose author forgot the permission."""

    app = FastAPI()
    app.include_router(router)
    assert undeclared(app) == ["['POST'] /things (create_thing)"]


class TestOrderOfRefusals:
    """401 (who), then 404 (the archive of the path), then 403 (may they), then 422 (the body)."""

    URL = "/api/v1/archives/{code}/reports/2024"

    def test_no_token_then_missing_archive_then_forbidden_then_invalid_body(
        self, client: TestClient, client_as: ClientFactory, anonymous_client: TestClient
    ) -> None:
        create_archive(client, "LK", level="provincial")
        viewer = client_as("viewer")
        bad = {"holdings_volumes": -1}
        answers = [
            anonymous_client.put(self.URL.format(code="NOPE"), json=bad),
            viewer.put(self.URL.format(code="NOPE"), json=bad),
            viewer.put(self.URL.format(code="LK"), json=bad),
            client.put(self.URL.format(code="LK"), json=bad),
        ]
        assert [(answer.status_code, answer.json()["error"]) for answer in answers] == [
            (401, "Unauthorized"),
            (404, "ArchiveNotFound"),
            (403, "Forbidden"),
            (422, "ValidationError"),
        ]
        assert answers[2].json()["detail"] == "this token (viewer) may not write the reports of LK"
