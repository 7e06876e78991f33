"""The roles and the Actor: the holder of a token, as the permission rules see it."""

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a token's holder is: an admin, or an official with a scope in the archive hierarchy."""

    admin = "admin"
    supervisor = "supervisor"
    reporter = "reporter"
    viewer = "viewer"


# Supervisors and reporters act for one archive; admins and viewers for none.
SCOPED_ROLES = frozenset({Role.supervisor, Role.reporter})


@dataclass(frozen=True, slots=True)
class Actor:
    """Who makes a request: the token's name, role and archive, the server's id of the request
    and the X-Request-ID the client sent, if any; `username` is the console account a person
    signed in with (None for a token), which the four-eyes rule compares as it does a token."""

    name: str
    role: Role
    archive_code: str | None = None
    token_id: int | None = None
    request_id: str | None = None
    client_request_id: str | None = None
    username: str | None = None
