"""Signing in with a name and a password: the rules, as data and pure functions of (the account, now).

- a password has at least MIN_PASSWORD_LENGTH characters;
- MAX_FAILURES failed sign-ins in a row lock the name for LOCK_MINUTES; while it is locked
  even the right password is refused, answered exactly like a wrong one (names cannot be probed);
  a sign-in that succeeds clears the count;
- a console session ends after IDLE minutes without a request, and ABSOLUTE hours after it
  began, whichever comes first (both from the settings).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_PASSWORD_LENGTH = 10
MAX_FAILURES = 5
LOCK_MINUTES = 15


@dataclass(frozen=True, slots=True)
class Failures:
    """What an account's record of failed sign-ins says: how many in a row, and until when it is locked."""

    count: int
    locked_until: datetime | None


def is_locked(failures: Failures, now: datetime) -> bool:
    """True while the lock set by the last run of failures stands."""
    return failures.locked_until is not None and now < failures.locked_until


def after_failure(failures: Failures, now: datetime) -> Failures:
    """The record after one more failed sign-in: the MAX_FAILURES-th in a row locks the name (the count starts again)."""
    if is_locked(failures, now):
        return failures
    count = failures.count + 1
    if count >= MAX_FAILURES:
        return Failures(0, now + timedelta(minutes=LOCK_MINUTES))
    return Failures(count, None)


def password_problem(password: str) -> str | None:
    """Why a password is refused, None when it is long enough."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"at least {MIN_PASSWORD_LENGTH} characters"
    return None


def session_expired(
    started: datetime, last_seen: datetime, now: datetime, *, idle: timedelta, absolute: timedelta
) -> bool:
    """True when a console session has been idle too long, or has lasted too long."""
    return now - last_seen >= idle or now - started >= absolute
