"""Authorization, declared: each route names in its signature the permission it needs.

The realworld FastAPI example's style: a dependency per kind of permission, so that
a route cannot be read without seeing what it requires, and a route that forgets
is caught (tests/access/test_declared_permissions.py walks every route).

- `Permitted(action)`: the caller, when the role may do an action that concerns
  no archive (manage_tokens, manage_plans): `TokenManager`, `PlanManager`.
- `ArchiveFor(action)`: the archive named in the path, loaded (404
  ArchiveNotFound), then the caller (401), then the permission on that archive
  (403): `WritableArchive`, `ReportableArchive`, `ReviewableArchive`.
- `RoundFor(action)`: the same for a round, whose scope is its `under` archive.
- `ScopeFromBody(action)`: declares a permission whose archive is named only in
  the request body (a new archive's parent_code, a round's `under`): it gives the
  caller, and the route or service runs the one check,
  `app.services.access.authorize`, with the archive once it has read the body.
- `PermittedSomewhere(action)`: the caller, when the role may do the action on
  some archive (403 otherwise, before the body is read); used by the import,
  whose archives are its rows, each checked by the import itself.

The reads that decide an authorization (the token, the archive, its ancestors)
go through the request's one session (`RequestSession`), opened for the route's
declared intent: on a write, inside the transaction that writes.
"""

from typing import Annotated

from fastapi import Depends
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentActor, load_archive, load_round
from app.api.transactions import RequestSession
from app.domain.permissions import Action
from app.domain.roles import Actor
from app.models import Archive
from app.models.round import Round
from app.services.access import authorize, authorize_somewhere, authorize_without_archive, reads_ancestors


class Permission:
    """A dependency that declares a permission; the route walk (tests) recognizes its instances."""

    def __init__(self, action: Action) -> None:
        self.action = action

    def __repr__(self) -> str:
        return f"{type(self).__name__}(Action.{self.action.value})"


class Permitted(Permission):
    """The caller, when the role may do an action that concerns no archive; 403 otherwise."""

    async def __call__(self, actor: CurrentActor) -> Actor:
        authorize_without_archive(actor, self.action)
        return actor


class ArchiveFor(Permission):
    """The archive named in the path (404 first), once the caller may do the action on it (401, then 403)."""

    async def __call__(
        self, session: RequestSession, archive: Annotated[Archive, Depends(load_archive)], actor: CurrentActor
    ) -> Archive:
        await _authorize(session, actor, self.action, archive.code)
        return archive


class RoundFor(Permission):
    """The round named in the path (404 first), once the caller may do the action on its `under` archive."""

    async def __call__(
        self, session: RequestSession, found: Annotated[Round, Depends(load_round)], actor: CurrentActor
    ) -> Round:
        await _authorize(session, actor, self.action, found.under)
        return found


async def _authorize(session: Session, actor: Actor, action: Action, archive_code: str | None) -> None:
    """`authorize`, on a thread only when it queries (a reach over a subtree reads the ancestors):
    otherwise decided in the event loop, at no thread-pool hop."""
    if archive_code is not None and reads_ancestors(actor, action):
        await run_in_threadpool(authorize, session, actor, action, archive_code)
    else:
        authorize(session, actor, action, archive_code)


class ScopeFromBody(Permission):
    """The caller; the archive to check is in the body, so the route or service calls `authorize` once it has it."""

    async def __call__(self, actor: CurrentActor) -> Actor:
        return actor


class PermittedSomewhere(Permission):
    """The caller, when the role may do the action on some archive; each archive is checked where it is named."""

    async def __call__(self, actor: CurrentActor) -> Actor:
        authorize_somewhere(actor, self.action)
        return actor


TokenManager = Annotated[Actor, Depends(Permitted(Action.manage_tokens))]
PlanManager = Annotated[Actor, Depends(Permitted(Action.manage_plans))]
WritableArchive = Annotated[Archive, Depends(ArchiveFor(Action.write_archives))]
ReportableArchive = Annotated[Archive, Depends(ArchiveFor(Action.write_reports))]
ReviewableArchive = Annotated[Archive, Depends(ArchiveFor(Action.review))]
ReviewableRound = Annotated[Round, Depends(RoundFor(Action.review))]
ArchiveWriter = Annotated[Actor, Depends(ScopeFromBody(Action.write_archives))]
RoundOpener = Annotated[Actor, Depends(ScopeFromBody(Action.review))]
Reporter = Annotated[Actor, Depends(PermittedSomewhere(Action.write_reports))]
UserManager = Annotated[Actor, Depends(Permitted(Action.manage_tokens))]  # accounts, like tokens: admins
