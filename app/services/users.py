"""People's accounts: create, change, list; sign in with a password (argon2), with the lock after failures.

The rules (length, failures, lock) are app.domain.sign_in's; every sign-in, failure and lock,
and every change to an account, is written to the audit trail. A new role or scope, or
disabling, ends the account's console sessions in the same transaction (every worker reads
the sessions from the table, so they end everywhere at once)."""

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from app import errors
from app.domain.roles import SCOPED_ROLES, Actor, Role
from app.domain.sign_in import Failures, after_failure, is_locked, password_problem
from app.i18n import Text
from app.models.audit import AuditAction
from app.models.user import ConsoleSession, User, UserCreate, UserPublic, UserUpdate
from app.services import audit
from app.services.archives import get_archive

log = logging.getLogger("lantai.users")
hasher = PasswordHasher()
# Verified against when the name is unknown, so that an unknown name costs what a wrong password costs.
_UNKNOWN_NAME_HASH = hasher.hash(secrets.token_urlsafe(16))
# Changing these ends the account's sessions.
SESSION_ENDING_FIELDS = frozenset({"role", "archive_code", "disabled", "password"})
CLEARABLE_FIELDS = frozenset({"archive_code", "phone", "email"})


def hash_password(password: str) -> str:
    """The argon2id hash of a password long enough (WeakPassword otherwise)."""
    problem = password_problem(password)
    if problem is not None:
        raise errors.WeakPassword(Text(f"password: {problem}", "password：密码至少需要 10 个字符"))
    return hasher.hash(password)


def generated_password() -> str:
    """A random initial password (16 characters), to be changed at first sign-in."""
    return secrets.token_urlsafe(12)


def create_user(session: Session, data: UserCreate, *, actor: Actor) -> tuple[User, str | None]:
    """Add an account; the password generated when none was given is returned, to be shown once."""
    _check_scope(session, data.role, data.archive_code)
    if find_user(session, data.username) is not None:
        raise errors.UserExists(Text(f"the user {data.username} exists", f"用户 {data.username} 已存在"))
    generated = generated_password() if data.password is None else None
    fields = data.model_dump(exclude={"password"})
    user = User(**fields, password_hash=hash_password(data.password or generated or ""), must_change_password=True)
    session.add(user)
    session.flush()
    audit.record(
        session, actor, AuditAction.user_create, entity_key=user.username, after=UserPublic.model_validate(user)
    )
    return user, generated


def update_user(session: Session, user: User, data: UserUpdate, *, actor: Actor) -> User:
    """Change an account (a field left out keeps its value); a new role, scope, password or disabling ends its sessions."""
    changes = {
        name: value
        for name, value in data.model_dump(exclude_unset=True).items()
        if value is not None or name in CLEARABLE_FIELDS  # null keeps a required field, clears an optional one
    }
    role = Role(changes.get("role") or user.role)
    archive_code = changes.get("archive_code", user.archive_code)
    if role not in SCOPED_ROLES and "archive_code" not in changes:
        archive_code = None
    _check_scope(session, role, archive_code)
    before = UserPublic.model_validate(user)
    password = changes.pop("password", None)
    for name, value in changes.items():
        setattr(user, name, value)
    user.archive_code = archive_code
    if password is not None:
        user.password_hash, user.must_change_password = hash_password(password), True
    session.add(user)
    if SESSION_ENDING_FIELDS & set(changes) or password is not None:
        end_sessions_of(session, user)
    session.flush()
    after = UserPublic.model_validate(user)
    audit.record(session, actor, AuditAction.user_update, entity_key=user.username, before=before, after=after)
    return user


def change_own_password(session: Session, user: User, current: str, new: str, *, actor: Actor) -> None:
    """A person's own new password: the current one must be right (WeakPassword names what is wrong)."""
    if not _verifies(user.password_hash, current):
        raise errors.WeakPassword(
            Text("current_password: not your current password", "current_password：当前密码不正确")
        )
    if new == current:
        raise errors.WeakPassword(Text("password: choose a new password", "password：新密码不能与当前密码相同"))
    user.password_hash, user.must_change_password = hash_password(new), False
    session.add(user)
    session.flush()
    audit.record(session, actor, AuditAction.user_password, entity_key=user.username)


def find_user(session: Session, username: str) -> User | None:
    """The account with this name (names are lower case), or None."""
    return session.scalars(select(User).where(col(User.username) == username.strip().lower())).first()


def get_user(session: Session, username: str) -> User:
    """The account with this name, or UserNotFound."""
    user = find_user(session, username)
    if user is None:
        raise errors.UserNotFound(Text(f"no user {username}", f"不存在用户 {username}"))
    return user


def list_users(session: Session, *, limit: int, offset: int) -> tuple[list[User], int]:
    """A page of accounts, by name, and the total."""
    total = session.scalar(select(func.count()).select_from(User)) or 0
    rows = session.scalars(select(User).order_by(col(User.username)).limit(limit).offset(offset))
    return list(rows), total


def contacts_of(session: Session, archive_codes: list[str]) -> dict[str, list[User]]:
    """The enabled accounts of these archives that left a phone number: whom to call about each."""
    query = select(User).where(
        col(User.archive_code).in_(archive_codes), col(User.disabled).is_(False), col(User.phone).is_not(None)
    )
    found: dict[str, list[User]] = {}
    for user in session.scalars(query.order_by(col(User.username))):
        found.setdefault(user.archive_code or "", []).append(user)
    return found


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt came to: the account when it succeeded, None otherwise (whatever the reason)."""

    user: User | None


def sign_in(session: Session, username: str, password: str, *, now: datetime) -> SignIn:
    """Check a name and password. A wrong password, an unknown or disabled name and a locked one all
    come to the same answer; failures are counted (and audited) on the account, and lock it."""
    user = find_user(session, username)
    if user is None:
        _verifies(_UNKNOWN_NAME_HASH, password)
        log.info("sign-in refused for an unknown name")
        return SignIn(None)
    failures = Failures(user.failed_sign_ins, user.locked_until)
    if is_locked(failures, now) or user.disabled or not _verifies(user.password_hash, password):
        _record_failure(session, user, failures, now)
        return SignIn(None)
    user.failed_sign_ins, user.locked_until = 0, None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    session.add(user)
    session.flush()
    audit.record(session, person(user), AuditAction.user_sign_in, entity_key=user.username, at=now)
    return SignIn(user)


def _record_failure(session: Session, user: User, failures: Failures, now: datetime) -> None:
    after = after_failure(failures, now)
    user.failed_sign_ins, user.locked_until = after.count, after.locked_until
    session.add(user)
    session.flush()
    actor = person(user)
    audit.record(session, actor, AuditAction.user_sign_in_failed, entity_key=user.username, at=now)
    if after.locked_until is not None and after.locked_until != failures.locked_until:
        audit.record(session, actor, AuditAction.user_lock, entity_key=user.username, at=now)


def person(user: User, *, request_id: str | None = None) -> Actor:
    """The account's holder as the permission rules and the audit trail see them: named by display name and username."""
    return Actor(
        name=f"{user.display_name} ({user.username})",
        role=Role(user.role),
        archive_code=user.archive_code,
        request_id=request_id,
        username=user.username,
    )


def end_sessions_of(session: Session, user: User) -> None:
    """End every console session of the account."""
    session.execute(delete(ConsoleSession).where(col(ConsoleSession.user_id) == user.id))


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _check_scope(session: Session, role: Role, archive_code: str | None) -> None:
    if role in SCOPED_ROLES and archive_code is None:
        raise errors.InvalidUser(
            Text(f"archive_code: a {role} acts for an archive; name it", f"archive_code：{role} 须指定所属档案馆")
        )
    if role not in SCOPED_ROLES and archive_code is not None:
        raise errors.InvalidUser(
            Text(f"archive_code: a {role} acts for no single archive", f"archive_code：{role} 不能指定档案馆")
        )
    if archive_code is not None:
        get_archive(session, archive_code)
