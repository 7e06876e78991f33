"""People's accounts for the console: created, listed and changed by admins (the same reach as tokens)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, status

from app import errors
from app.api.deps import Limit, Offset, ReadSession, WriteSession
from app.api.errors import responses
from app.api.permissions import Permitted, UserManager
from app.domain.permissions import Action
from app.models.common import Page
from app.models.user import UserCreate, UserCreated, UserPublic, UserUpdate
from app.services import users

router = APIRouter(prefix="/users", tags=["users"])

UsernamePath = Annotated[str, Path(max_length=64)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=responses(
        errors.MalformedJSON,
        errors.Forbidden,
        errors.ArchiveNotFound,
        errors.UserExists,
        errors.InvalidUser,
        errors.WeakPassword,
    ),
)
def create_user(session: WriteSession, actor: UserManager, body: UserCreate) -> UserCreated:
    """Create an account; without a password one is generated and shown only in this answer (changed at first sign-in)."""
    user, generated = users.create_user(session, body, actor=actor)
    return UserCreated(**UserPublic.model_validate(user).model_dump(), password=generated)


@router.get("", responses=responses(errors.Forbidden), dependencies=[Depends(Permitted(Action.manage_tokens))])
def list_users(session: ReadSession, limit: Limit = 100, offset: Offset = 0) -> Page[UserPublic]:
    """List accounts by name (never their passwords)."""
    rows, total = users.list_users(session, limit=limit, offset=offset)
    return Page(items=[UserPublic.model_validate(row) for row in rows], total=total, limit=limit, offset=offset)


@router.patch(
    "/{username}",
    responses=responses(
        errors.MalformedJSON,
        errors.Forbidden,
        errors.UserNotFound,
        errors.ArchiveNotFound,
        errors.InvalidUser,
        errors.WeakPassword,
    ),
)
def update_user(session: WriteSession, actor: UserManager, username: UsernamePath, body: UserUpdate) -> UserPublic:
    """Change an account; a new role, scope or password, or disabling it, ends its console sessions at once."""
    user = users.update_user(session, users.get_user(session, username), body, actor=actor)
    return UserPublic.model_validate(user)
