"""Unknown query parameters are refused: a typo (`levle=county`, `sort=`) is a 400, never ignored.

A route's known parameters are those it and its dependencies declare (by alias);
the check runs as a dependency of the /api/v1 router, so it holds for every route.
"""

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from app import errors
from app.i18n import Text

KNOWN: dict[tuple[str, frozenset[str]], frozenset[str]] = {}  # (path, methods) -> its query parameters


def known_parameters(route: APIRoute) -> frozenset[str]:
    """The query parameters this route takes (worked out once per route)."""
    key = (route.path_format, frozenset(route.methods or ()))
    if key not in KNOWN:
        KNOWN[key] = frozenset(_query_aliases(route.dependant))
    return KNOWN[key]


def _query_aliases(dependant: Dependant) -> set[str]:
    aliases = {param.alias for param in dependant.query_params}
    for dependency in dependant.dependencies:
        aliases |= _query_aliases(dependency)
    return aliases


async def refuse_unknown_parameters(request: Request) -> None:
    """400 UnknownParameter naming every query parameter the route does not take."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
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
