"""The console's server-side sessions: begin at sign-in, find by cookie, keep alive, end.

The cookie holds a random id; the table holds only its SHA-256, the user, a CSRF token
and when it began and was last used. A session found idle too long or too old is ended
(app.domain.sign_in.session_expired); so is every session of a user who is disabled."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col

from app.domain.roles import Actor
from app.domain.sign_in import session_expired
from app.models.audit import AuditAction
from app.models.user import ConsoleSession, User
from app.services import audit
from app.services.users import person

# last_seen_at is written at most this often: a page read does not write on every request.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class SessionRules:
    """How long a session lasts: idle, and in all (from the settings)."""

    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class SignedIn:
    """Who a console session belongs to, as the pages need it (immutable: read once a request)."""

    id_hash: str
    csrf_token: str
    username: str
    display_name: str
    role: str
    archive_code: str | None
    must_change_password: bool
    last_seen_at: datetime
    actor: Actor


def session_hash(cookie: str) -> str:
    """What the table keeps of a session's cookie."""
    return hashlib.sha256(cookie.encode()).hexdigest()


def begin_session(session: Session, user: User, *, now: datetime) -> str:
    """A new session for the user (a new id at every sign-in); returns the cookie's value."""
    cookie = secrets.token_urlsafe(32)
    assert user.id is not None
    row = ConsoleSession(
        id_hash=session_hash(cookie),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        started_at=now,
        last_seen_at=now,
    )
    session.add(row)
    session.flush()
    return cookie


def find_session(session: Session, cookie: str, *, now: datetime, rules: SessionRules) -> SignedIn | None:
    """The live session this cookie names and its user; None when unknown, expired or the user is disabled."""
    row = session.get(ConsoleSession, session_hash(cookie))
    if row is None:
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    if session_expired(row.started_at, row.last_seen_at, now, idle=rules.idle, absolute=rules.absolute):
        return None
    return SignedIn(
        id_hash=row.id_hash,
        csrf_token=row.csrf_token,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        archive_code=user.archive_code,
        must_change_password=user.must_change_password,
        last_seen_at=row.last_seen_at,
        actor=person(user),
    )


def needs_touch(signed_in: SignedIn, now: datetime) -> bool:
    """Whether the session's last use should be written now (at most once a TOUCH_EVERY)."""
    return now - signed_in.last_seen_at >= TOUCH_EVERY


def touch_session(session: Session, id_hash: str, *, now: datetime) -> None:
    """Record that the session was used now."""
    row = session.get(ConsoleSession, id_hash)
    if row is not None:
        row.last_seen_at = now
        session.add(row)
        session.flush()


def end_session(session: Session, cookie: str, *, now: datetime) -> None:
    """Sign out: the session is gone (audited when it was live)."""
    row = session.get(ConsoleSession, session_hash(cookie))
    if row is None:
        return
    user = session.get(User, row.user_id)
    session.execute(delete(ConsoleSession).where(col(ConsoleSession.id_hash) == row.id_hash))
    if user is not None:
        audit.record(session, person(user), AuditAction.user_sign_out, entity_key=user.username, at=now)
