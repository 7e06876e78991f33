"""The permission rules applied to stored archives: refuse what the matrix forbids, list what it allows."""

from sqlmodel import Session

from app import errors
from app.domain.permissions import Action, Reach, allows, may_reclassify, reach
from app.domain.roles import Actor
from app.i18n import Text
from app.models import Archive
from app.services.hierarchy import ancestor_codes, subtree_codes

# What each action is called in a refusal, in both languages: followed by the archive's code,
# or (ACTION_WORDS_ANYWHERE) alone when the refusal names no archive, so that it is a whole sentence.
ACTION_WORDS: dict[Action, Text] = {
    Action.read: Text("read", "读取"),
    Action.write_archives: Text("change archives under", "修改以下档案馆"),
    Action.write_reports: Text("write the reports of", "填报或修改年报："),
    Action.review: Text("review the reports of", "审核年报："),
    Action.read_audit: Text("read the audit trail of", "查看审计记录："),
    Action.manage_plans: Text("manage plans and targets", "管理规划和目标"),
    Action.manage_tokens: Text("manage tokens", "管理令牌"),
    Action.manage_webhooks: Text("manage webhooks", "管理 webhook"),
}
ACTION_WORDS_ANYWHERE: dict[Action, Text] = {
    Action.read: Text("read this data", "读取这些数据"),
    Action.write_archives: Text("change any archive", "修改任何档案馆"),
    Action.write_reports: Text("write the reports of any archive", "填报或修改任何档案馆的年报"),
    Action.review: Text("review the reports of any archive", "审核任何档案馆的年报"),
    Action.read_audit: Text("read the audit trail", "查看审计记录"),
    Action.manage_plans: Text("manage plans and targets", "管理规划和目标"),
    Action.manage_tokens: Text("manage tokens", "管理令牌"),
    Action.manage_webhooks: Text("manage webhooks", "管理 webhook"),
}


def authorize(session: Session, actor: Actor, action: Action, archive_code: str | None = None) -> None:
    """Raise Forbidden unless the actor may do `action` on `archive_code` (None: no archive).

    The one check of a scope: the permission dependencies of app/api/permissions.py
    call it with the archive of the path, and the routes and services whose archive
    is named in the body (a new parent_code, a round's `under`) call it themselves."""
    needs_ancestors = archive_code is not None and reads_ancestors(actor, action)
    ancestors = ancestor_codes(session, archive_code) if needs_ancestors and archive_code is not None else []
    if not allows(actor, action, archive_code, ancestors):
        raise errors.Forbidden(_refusal(actor, action, archive_code))


def reads_ancestors(actor: Actor, action: Action) -> bool:
    """Whether `authorize` reads the archive's ancestors for this actor and action (a query): only a
    reach over a subtree is decided by them; every other reach, by the role and the archive alone."""
    return reach(actor, action) is Reach.subtree


def authorize_without_archive(actor: Actor, action: Action) -> None:
    """Raise Forbidden unless the actor may do `action`, which concerns no archive (manage_plans, manage_tokens)."""
    if not allows(actor, action):
        raise errors.Forbidden(_refusal(actor, action, None))


def authorize_somewhere(actor: Actor, action: Action) -> None:
    """Raise Forbidden when the role may do `action` on no archive at all; which archives is checked later, each."""
    if reach(actor, action) is Reach.nowhere:
        raise errors.Forbidden(_refusal(actor, action, None))


def authorize_reclassify(session: Session, actor: Actor, archive_code: str) -> None:
    """Raise Forbidden unless the actor may change the archive's level, kind or parent (see may_reclassify)."""
    if not may_reclassify(actor, ancestor_codes(session, archive_code)):
        raise errors.Forbidden(
            Text(
                f"only an admin or a supervisor above {archive_code} may change its level, kind or parent_code",
                f"只有管理员或 {archive_code} 的上级监管者可以修改其 level、kind 或 parent_code",
            )
        )


def authorize_audit(session: Session, actor: Actor, archive_code: str | None) -> None:
    """Refuse roles that read no audit trail, and a question about a standing archive outside the actor's scope.

    The rows of a deleted archive stay readable by whoever supervised it: they
    carry the archive's path at the time (app.services.audit)."""
    if archive_code is not None and session.get(Archive, archive_code) is not None:
        authorize(session, actor, Action.read_audit, archive_code)
    elif reach(actor, Action.read_audit) is Reach.nowhere:
        raise errors.Forbidden(_refusal(actor, Action.read_audit, archive_code))


def reportable_archive_codes(session: Session, actor: Actor) -> frozenset[str] | None:
    """The archives whose reports the actor may write; None means every archive."""
    actor_reach = reach(actor, Action.write_reports)
    if actor_reach is Reach.anywhere:
        return None
    if actor_reach is Reach.nowhere or actor.archive_code is None:
        return frozenset()
    if actor_reach is Reach.own:
        return frozenset({actor.archive_code})
    return subtree_codes(session, actor.archive_code)


def _refusal(actor: Actor, action: Action, archive_code: str | None) -> Text:
    holder = f"{actor.role} of {actor.archive_code}" if actor.archive_code else str(actor.role)
    holder_zh = f"{actor.role}{'，' + actor.archive_code if actor.archive_code else ''}"
    if action is Action.write_archives and archive_code is None:
        return Text(
            f"this token ({holder}) may not create or move an archive at the root of the hierarchy: only an admin may",
            f"该令牌（{holder_zh}）无权在最上级创建或移动档案馆：仅管理员可以",
        )
    words, target = (
        (ACTION_WORDS_ANYWHERE[action], "") if not archive_code else (ACTION_WORDS[action], f" {archive_code}")
    )
    if actor.username is not None:  # a person signed in to the console, not a token
        return Text(
            f"your account ({holder}) may not {words.en}{target}", f"您的账号（{holder_zh}）无权{words.zh}{target}"
        )
    return Text(f"this token ({holder}) may not {words.en}{target}", f"该令牌（{holder_zh}）无权{words.zh}{target}")
