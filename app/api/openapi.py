"""What the OpenAPI document says for client generators: readable operationIds.

An operation's id is its route function's name in lowerCamelCase (`list_archives` ->
`listArchives`, `put_report` -> `putReport`): stable, and what a generated client's
methods are called. Route function names are unique across the API.
"""

from fastapi.routing import APIRoute


def operation_id(route: APIRoute) -> str:
    """The route function's name in lowerCamelCase."""
    first, *rest = route.name.split("_")
    return first + "".join(word.capitalize() for word in rest)
