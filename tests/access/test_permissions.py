"""The permission matrix as plain functions (`allows`, `reach`): a table of cases, no database, no HTTP."""

import pytest

from app.domain.permissions import Action, Reach, allows, reach
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
    "action, actor, where, allowed",
    [
        (Action.write_reports, ADMIN, XIANGYANG, True),
        (Action.write_reports, SUPERVISOR, HN, True),
        (Action.write_reports, SUPERVISOR, WANGCHENG, True),
        (Action.write_reports, SUPERVISOR, XIANGYANG, False),
        (Action.write_reports, REPORTER, CHANGSHA, True),
        (Action.write_reports, REPORTER, WANGCHENG, False),
        (Action.write_reports, REPORTER, HN, False),
        (Action.write_reports, VIEWER, CHANGSHA, False),
        (Action.review, SUPERVISOR, CHANGSHA, True),
        (Action.review, SUPERVISOR, XIANGYANG, False),
        (Action.review, REPORTER, CHANGSHA, False),
        (Action.review, ADMIN, CHANGSHA, True),
        (Action.write_archives, SUPERVISOR, WANGCHENG, True),
        (Action.write_archives, SUPERVISOR, XIANGYANG, False),
        (Action.write_archives, REPORTER, CHANGSHA, False),
        (Action.read_audit, SUPERVISOR, CHANGSHA, True),
        (Action.read_audit, SUPERVISOR, XIANGYANG, False),
        (Action.read_audit, REPORTER, CHANGSHA, False),
    ],
)
def test_archive_scoped_actions(action: Action, actor: Actor, where: tuple[str, list[str]], allowed: bool) -> None:
    code, ancestors = where
    assert allows(actor, action, code, ancestors) is allowed


@pytest.mark.parametrize(
    "actor, plans, tokens, audit",
    [
        (ADMIN, True, True, True),
        (SUPERVISOR, False, False, True),
        (REPORTER, False, False, False),
        (VIEWER, False, False, False),
    ],
)
def test_actions_without_an_archive(actor: Actor, plans: bool, tokens: bool, audit: bool) -> None:
    assert allows(actor, Action.read)
    assert allows(actor, Action.manage_plans) is plans
    assert allows(actor, Action.manage_tokens) is tokens
    assert (reach(actor, Action.read_audit) is not Reach.nowhere) is audit  # may read some of the audit trail


def test_only_admins_create_root_archives() -> None:
    assert allows(ADMIN, Action.write_archives, None, [])
    assert not allows(SUPERVISOR, Action.write_archives, None, [])


def test_a_scoped_role_without_an_archive_reaches_nothing() -> None:
    stray = Actor("stray", Role.supervisor, None)
    assert not allows(stray, Action.write_reports, "HN", [])
