"""The API's permission dependencies, fed with the signed-in person instead of a token's holder.

Each class is the API's own (app/api/permissions.py): the same load-or-404, the same
`authorize` on the same matrix; only where the actor comes from differs (the console's
session, app.console.auth). A console route declares its permission with these, as an API
route does, and holds no rule of its own."""

from typing import Annotated

from fastapi import Depends

from app.api.deps import load_archive
from app.api.permissions import ArchiveFor, Permitted, PermittedSomewhere
from app.api.transactions import RequestSession
from app.console.auth import ConsoleActor
from app.domain.permissions import Action
from app.domain.roles import Actor
from app.models import Archive


class ConsoleArchiveFor(ArchiveFor):
    """ArchiveFor, for the signed-in person: the archive of the path (404), then the permission on it (403)."""

    async def __call__(
        self, session: RequestSession, archive: Annotated[Archive, Depends(load_archive)], actor: ConsoleActor
    ) -> Archive:
        return await super().__call__(session, archive, actor)


class ConsolePermitted(Permitted):
    """Permitted, for the signed-in person: an action that concerns no archive."""

    async def __call__(self, actor: ConsoleActor) -> Actor:
        return await super().__call__(actor)


class ConsolePermittedSomewhere(PermittedSomewhere):
    """PermittedSomewhere, for the signed-in person: each archive is checked where it is named."""

    async def __call__(self, actor: ConsoleActor) -> Actor:
        return await super().__call__(actor)


ReportableArchive = Annotated[Archive, Depends(ConsoleArchiveFor(Action.write_reports))]
ReviewableArchive = Annotated[Archive, Depends(ConsoleArchiveFor(Action.review))]
Reviewer = Annotated[Actor, Depends(ConsolePermittedSomewhere(Action.review))]
Reporter = Annotated[Actor, Depends(ConsolePermittedSomewhere(Action.write_reports))]
AccountManager = Annotated[Actor, Depends(ConsolePermitted(Action.manage_tokens))]
