"""The permission predicates as plain functions: a table of cases, no database, no HTTP."""

from collections.abc import Callable

import pytest

from app.domain.permissions import (
    can_manage_plans,
    can_manage_tokens,
    can_read,
    can_read_audit,
    can_review,
    can_write_archives,
    can_write_reports,
)
from app.domain.roles import Actor, Role

ADMIN = Actor("root", Role.admin)
SUPERVISOR = Actor("hn.bureau", Role.supervisor, "HN")
REPORTER = Actor("cs.clerk", Role.reporter, "HN-CS")
VIEWER = Actor("analyst", Role.viewer)

# (archive, its ancestors) as the hierarchy gives them
HN = ("HN", [])
CHANGSHA = ("HN-CS", ["HN"])
WANGCHENG = ("HN-CS-WC", ["HN-CS", "HN"])
XIANGYANG = ("HB-XY", ["HB"])


@pytest.mark.parametrize(
    "predicate, actor, where, allowed",
    [
        (can_write_reports, ADMIN, XIANGYANG, True),
        (can_write_reports, SUPERVISOR, HN, True),
        (can_write_reports, SUPERVISOR, WANGCHENG, True),
        (can_write_reports, SUPERVISOR, XIANGYANG, False),
        (can_write_reports, REPORTER, CHANGSHA, True),
        (can_write_reports, REPORTER, WANGCHENG, False),
        (can_write_reports, REPORTER, HN, False),
        (can_write_reports, VIEWER, CHANGSHA, False),
        (can_review, SUPERVISOR, CHANGSHA, True),
        (can_review, SUPERVISOR, XIANGYANG, False),
        (can_review, REPORTER, CHANGSHA, False),
        (can_review, ADMIN, CHANGSHA, True),
        (can_write_archives, SUPERVISOR, WANGCHENG, True),
        (can_write_archives, SUPERVISOR, XIANGYANG, False),
        (can_write_archives, REPORTER, CHANGSHA, False),
        (can_read_audit, SUPERVISOR, CHANGSHA, True),
        (can_read_audit, SUPERVISOR, XIANGYANG, False),
        (can_read_audit, REPORTER, CHANGSHA, False),
    ],
)
def test_archive_scoped_predicates(
    predicate: Callable[[Actor, str, list[str]], bool], actor: Actor, where: tuple[str, list[str]], allowed: bool
) -> None:
    code, ancestors = where
    assert predicate(actor, code, ancestors) is allowed


@pytest.mark.parametrize(
    "actor, plans, tokens, audit",
    [
        (ADMIN, True, True, True),
        (SUPERVISOR, False, False, True),
        (REPORTER, False, False, False),
        (VIEWER, False, False, False),
    ],
)
def test_predicates_without_an_archive(actor: Actor, plans: bool, tokens: bool, audit: bool) -> None:
    assert can_read(actor)
    assert can_manage_plans(actor) is plans
    assert can_manage_tokens(actor) is tokens
    assert can_read_audit(actor) is audit


def test_only_admins_create_root_archives() -> None:
    assert can_write_archives(ADMIN, None, [])
    assert not can_write_archives(SUPERVISOR, None, [])


def test_a_scoped_role_without_an_archive_reaches_nothing() -> None:
    stray = Actor("stray", Role.supervisor, None)
    assert not can_write_reports(stray, "HN", [])
