"""Who may do what, and where: the role x action x scope matrix, as data, and its predicates.

The reach of a role for an action says which archives it may act on, relative to
the actor's own archive X:
  anywhere - every archive, and actions that concern no archive (plans, tokens)
  subtree  - X itself and every archive below X
  own      - X itself
  nowhere  - never

               read      write_archives  write_reports  review    read_audit  manage_plans  manage_tokens  manage_webhooks
  admin        anywhere  anywhere        anywhere       anywhere  anywhere    anywhere      anywhere       anywhere
  supervisor   anywhere  subtree         subtree        subtree   subtree     nowhere       nowhere        subtree
  reporter     anywhere  nowhere         own            nowhere   nowhere     nowhere       nowhere        nowhere
  viewer       anywhere  nowhere         nowhere        nowhere   nowhere     nowhere       nowhere        nowhere

Creating an archive acts on its parent (a root archive has none: admins only);
moving one acts on both the archive and its new parent. The fields that decide
which targets bind an archive (level, kind, parent_code) are changed only by an
admin or by a supervisor *above* the archive, never by the archive's own
supervisor: nobody grades themselves (may_reclassify). An approved report is
locked for everyone until it is reopened: that is the report's state, checked by
the report service, not a permission.
"""

from collections.abc import Collection
from enum import StrEnum

from app.domain.roles import Actor, Role


class Action(StrEnum):
    """What a request does, as far as permissions go."""

    read = "read"
    write_archives = "write_archives"
    write_reports = "write_reports"
    review = "review"
    read_audit = "read_audit"
    manage_plans = "manage_plans"
    manage_tokens = "manage_tokens"
    manage_webhooks = "manage_webhooks"  # a webhook hears about its creator's scope (app.services.webhooks)


class Reach(StrEnum):
    """Which archives a role may act on."""

    anywhere = "anywhere"
    subtree = "subtree"
    own = "own"
    nowhere = "nowhere"


_ALL_ANYWHERE = dict.fromkeys(Action, Reach.anywhere)
_READ_ONLY = dict.fromkeys(Action, Reach.nowhere) | {Action.read: Reach.anywhere}

MATRIX: dict[Role, dict[Action, Reach]] = {
    Role.admin: _ALL_ANYWHERE,
    Role.supervisor: _READ_ONLY
    | {
        Action.write_archives: Reach.subtree,
        Action.write_reports: Reach.subtree,
        Action.review: Reach.subtree,
        Action.read_audit: Reach.subtree,
        Action.manage_webhooks: Reach.subtree,
    },
    Role.reporter: _READ_ONLY | {Action.write_reports: Reach.own},
    Role.viewer: _READ_ONLY,
}


def reach(actor: Actor, action: Action) -> Reach:
    """How far the actor's role reaches for this action."""
    return MATRIX[actor.role][action]


def allows(actor: Actor, action: Action, archive_code: str | None = None, ancestors: Collection[str] = ()) -> bool:
    """True when the actor may do `action` on the archive `archive_code`, whose ancestors are given."""
    actor_reach = reach(actor, action)
    if actor_reach is Reach.anywhere:
        return True
    if archive_code is None or actor.archive_code is None:
        return False
    if actor_reach is Reach.own:
        return archive_code == actor.archive_code
    if actor_reach is Reach.subtree:
        return archive_code == actor.archive_code or actor.archive_code in ancestors
    return False


# The archive fields that decide which targets bind it.
CLASSIFYING_FIELDS = frozenset({"level", "kind", "parent_code"})


def may_reclassify(actor: Actor, ancestors: Collection[str]) -> bool:
    """May change the level, kind or parent of an archive whose ancestors are given: an admin,
    or a supervisor of an archive strictly above it (not of the archive itself)."""
    if actor.role is Role.admin:
        return True
    return actor.role is Role.supervisor and actor.archive_code is not None and actor.archive_code in ancestors
