"""账号管理: admins create and change people's accounts (the same service as /api/v1/users)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from pydantic import ValidationError
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app import errors
from app.api.deps import ReadSession, WriteSession
from app.api.validation_messages import describe
from app.console.auth import CsrfChecked, Person
from app.console.permissions import AccountManager, ConsolePermitted
from app.console.render import language, page
from app.domain.permissions import Action
from app.domain.roles import Role
from app.models.user import User, UserCreate, UserUpdate
from app.services import users
from app.services.console_sessions import SignedIn

router = APIRouter(prefix="/admin/users")
REFUSALS = (errors.UserExists, errors.InvalidUser, errors.WeakPassword, errors.ArchiveNotFound, errors.UserNotFound)


@dataclass(frozen=True)
class AccountsPage:
    """Every account, the roles to choose from, and the account just made with its password (shown once)."""

    accounts: list[User]
    roles: list[str]
    created: str | None = None
    password: str | None = None
    problem: str | None = None


@router.get("", name="console_accounts", dependencies=[Depends(ConsolePermitted(Action.manage_tokens))])
def accounts_page(request: Request, session: ReadSession, person: Person) -> Response:
    """The accounts, and the form to add one."""
    return _page(request, session, person)


@router.post("", name="console_create_account")
def create_account(
    request: Request,
    person: CsrfChecked,
    session: WriteSession,
    actor: AccountManager,
    username: Annotated[str, Form(max_length=64)],
    display_name: Annotated[str, Form(max_length=100)],
    role: Annotated[str, Form(max_length=16)],
    archive_code: Annotated[str, Form(max_length=32)] = "",
    phone: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Add an account; its generated initial password is shown on this answer only (never in a URL)."""
    try:
        data = UserCreate.model_validate(
            {
                "username": username.strip().lower(),
                "display_name": display_name.strip(),
                "role": role,
                "archive_code": archive_code.strip() or None,
                "phone": phone.strip() or None,
            }
        )
        user, password = users.create_user(session, data, actor=actor)
    except ValidationError as invalid:
        return _page(request, session, person, problem=describe(invalid.errors()[0], language(request)), status=422)
    except REFUSALS as refused:
        return _page(request, session, person, problem=refused.message(language(request)), status=refused.status_code)
    return _page(request, session, person, created=user.username, password=password)


@router.post("/{username}", name="console_update_account")
def update_account(
    request: Request,
    person: CsrfChecked,
    session: WriteSession,
    actor: AccountManager,
    username: str,
    action: Annotated[str, Form(max_length=16)],
) -> Response:
    """Disable or enable an account (its sessions end at once), or give it a new initial password."""
    user = users.get_user(session, username)
    if action == "reset":
        password = users.generated_password()
        users.update_user(session, user, UserUpdate(password=password), actor=actor)
        return _page(request, session, person, created=user.username, password=password)
    users.update_user(session, user, UserUpdate(disabled=action == "disable"), actor=actor)
    return RedirectResponse("/console/admin/users?notice=accounts.saved", status_code=303)


def _page(
    request: Request,
    session: Session,
    person: SignedIn,
    *,
    created: str | None = None,
    password: str | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    rows, _ = users.list_users(session, limit=1000, offset=0)
    record = AccountsPage(rows, [role.value for role in Role], created, password, problem)
    return page(request, "accounts.html", person=person, record=record, status=status)
