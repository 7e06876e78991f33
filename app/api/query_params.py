"""What every route's query and path parameters must be, checked once for all of /api/v1.

- Unknown query parameters are refused: a typo (`levle=county`, `sort=`) is a 400, never
  ignored. A route's known parameters are those it and its dependencies declare (by alias).
- A control character (NUL, ESC, ...) in a path or query parameter is a 422 naming the
  parameter: no code, name or search holds one (PostgreSQL cannot even compare a NUL).
The checks run as a dependency of the /api/v1 router, before any other dependency reads
the database, so they hold for every route.
"""

import re

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel

from app import errors
from app.i18n import Text

KNOWN: dict[tuple[str, frozenset[str]], frozenset[str]] = {}  # (path, methods) -> its query parameters
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")


def known_parameters(route: APIRoute) -> frozenset[str]:
    """The query parameters this route takes (worked out once per route)."""
    key = (route.path_format, frozenset(route.methods or ()))
    if key not in KNOWN:
        KNOWN[key] = frozenset(_query_aliases(route.dependant))
    return KNOWN[key]


def _query_aliases(dependant: Dependant) -> set[str]:
    aliases: set[str] = set()
    for param in dependant.query_params:
        model = param.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):  # a query model: its fields are the parameters
            aliases |= {field.alias or name for name, field in model.model_fields.items()}
        else:
            aliases.add(param.alias)
    for dependency in dependant.dependencies:
        aliases |= _query_aliases(dependency)
    return aliases


async def refuse_unknown_parameters(request: Request) -> None:
    """400 UnknownParameter naming every query parameter the route does not take; 422 for a control
    character in a path or query parameter."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    refuse_control_characters(request)
    unknown = sorted(set(request.query_params) - known_parameters(route))
    if unknown:
        names = ", ".join(unknown)
        known = ", ".join(sorted(known_parameters(route))) or "none"
        raise errors.UnknownParameter(
            Text(
                f"unknown query parameter(s): {names} (this route takes: {known})",
                f"未知的查询参数：{names}（此接口接受：{known}）",
            )
        )


def refuse_control_characters(request: Request) -> None:
    """422 ValidationError naming the first path or query parameter that holds a control character."""
    given = [("path", name, value) for name, value in request.path_params.items() if isinstance(value, str)]
    given += [("query", name, value) for name, value in request.query_params.multi_items()]
    for where, name, value in given:
        found = CONTROL_CHARACTERS.search(value) or CONTROL_CHARACTERS.search(name)
        if found:
            code = f"U+{ord(found.group()):04X}"
            raise errors.ValidationFailed(
                Text(
                    f"{where}.{name}: may not contain a control character ({code} at {found.start()})",
                    f"{where}.{name}：不能包含控制字符（第 {found.start()} 位 {code}）",
                )
            )
