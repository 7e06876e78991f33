"""What the OpenAPI document says for client generators: readable operationIds, declared headers,
and every field an answer always carries marked required (`require_answered_fields`).

An operation's id is its route function's name in lowerCamelCase (`list_archives` ->
`listArchives`, `put_report` -> `putReport`): stable, and what a generated client's
methods are called. Route function names are unique across the API.
"""

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute


def operation_id(route: APIRoute) -> str:
    """The route function's name in lowerCamelCase."""
    first, *rest = route.name.split("_")
    return first + "".join(word.capitalize() for word in rest)


HEADERS: dict[str, dict[str, object]] = {
    "X-Request-ID": {"description": "The request's id, as logged (the client's own if it sent one)"},
    "ETag": {"description": "A strong entity tag: send it back as If-None-Match (304 when unchanged)"},
    "Cache-Control": {"description": "private, no-cache: keep for this user, revalidate every time"},
    "Retry-After": {"description": "Seconds to wait before trying again"},
    "Last-Modified": {
        "description": "When the data last changed (an HTTP date, whole seconds; left out during that second): "
        "send it back as If-Modified-Since (304 when unchanged)"
    },
}
LAST_MODIFIED_PATHS = ("/api/v1/archives/{code}", "/api/v1/archives/{code}/reports/{year}")


ERROR_BODY = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}


def _header(name: str) -> dict[str, object]:
    return {"schema": {"type": "string"}, **HEADERS[name]}


def declare_headers(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the headers the middleware adds: X-Request-ID on every answer, ETag and
    Cache-Control on a GET's 200, Retry-After on a 503.

    The 304 to If-None-Match is not declared per operation: a browser's fetch answers it
    from its cache as the 200 it kept, so a generated client never sees it.
    """
    for name, path in schema.get("paths", {}).items():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            if method == "get" and "200" in responses:
                responses["200"].setdefault("headers", {}).update(
                    {"ETag": _header("ETag"), "Cache-Control": _header("Cache-Control")}
                )
                if name in LAST_MODIFIED_PATHS:
                    responses["200"]["headers"]["Last-Modified"] = _header("Last-Modified")
            responses.setdefault(
                "503", {"description": "DatabaseUnavailable: busy or unreachable; retry", **ERROR_BODY}
            )
            responses["503"].setdefault("headers", {})["Retry-After"] = _header("Retry-After")
            for response in responses.values():
                response.setdefault("headers", {})["X-Request-ID"] = _header("X-Request-ID")
    return schema


# Fields an answer's schema holds that some answers of its status leave out: a 422 of the import is
# ImportRejected (with its summary) or a request's ValidationError (the plain error body).
SOMETIMES_ABSENT: dict[str, frozenset[str]] = {"ImportRejectedBody": frozenset({"summary"})}


def require_answered_fields(schema: dict[str, Any]) -> dict[str, Any]:
    """Mark every property of an answer's schema required: an answer is serialized with every field
    (a default included: `warnings: []`), so a generated client needs no guard. A schema that a
    request also uses (a body, a parameter) is left as it is: there a default means "may be left out"."""
    components = schema.get("components", {}).get("schemas", {})
    requested = _referenced(
        components, [schema["paths"][path][method].get("requestBody", {}) for path, method in _operations(schema)]
    )
    requested |= _referenced(
        components, [schema["paths"][path][method].get("parameters", []) for path, method in _operations(schema)]
    )
    answered = _referenced(
        components, [schema["paths"][path][method].get("responses", {}) for path, method in _operations(schema)]
    )
    for name in answered - requested:
        properties = components[name].get("properties")
        if properties:
            absent = SOMETIMES_ABSENT.get(name, frozenset())
            components[name]["required"] = [field for field in properties if field not in absent]
    return schema


def _operations(schema: dict[str, Any]) -> list[tuple[str, str]]:
    return [(path, method) for path, operations in schema.get("paths", {}).items() for method in operations]


def _referenced(components: dict[str, Any], roots: list[Any]) -> set[str]:
    """The names of the component schemas these parts of the document refer to, directly or not."""
    found: set[str] = set()
    waiting = list(roots)
    while waiting:
        node = waiting.pop()
        if isinstance(node, dict):
            reference = node.get("$ref")
            if isinstance(reference, str) and reference.startswith(SCHEMA_REFERENCE):
                name = reference.removeprefix(SCHEMA_REFERENCE)
                if name not in found and name in components:
                    found.add(name)
                    waiting.append(components[name])
            waiting.extend(node.values())
        elif isinstance(node, list):
            waiting.extend(node)
    return found


SCHEMA_REFERENCE = "#/components/schemas/"


def install(app: FastAPI) -> None:
    """Serve the OpenAPI document with the middleware's headers declared and the answered fields required."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = require_answered_fields(declare_headers(build()))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
