"""Plans and their targets.

- A plan may bind only the archives below one (`under`), follow another plan (`follows`),
  and start with a copy of another plan's targets (`copy_targets_from`, `under` included):
  every target that can apply is copied; a quota bound to a year outside the new plan's
  years cannot, and is left out (left_out_of_copy names them).
- A target's `under` names an archive at or below the plan's `under`.
- One target per rule and scope: per (rule, level, kind, under) for a default, per
  (rule, archive) for an override, and per metric and year besides for a quota (409).
"""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from app import errors
from app.domain.roles import Actor
from app.domain.target_checks import target_problem
from app.domain.vocabulary import Rule
from app.i18n import Text
from app.models import Plan, Target
from app.models.audit import AuditAction
from app.models.plan import PlanCreate, PlanCreated, PlanPublic, TargetCreate, TargetPublic
from app.services import audit
from app.services.archives import get_archive
from app.services.hierarchy import ancestor_codes
from app.services.ordering import sql_order

# The fields that scope a target: one target per rule and scope.
SCOPE_COLUMNS = {
    "level": col(Target.level),
    "kind": col(Target.kind),
    "archive_code": col(Target.archive_code),
    "under": col(Target.under),
}
# What a copied target keeps of its source.
COPIED_FIELDS = ("rule", "value", "unit", "basis", "level", "kind", "archive_code", "year", "under", "source")


def get_plan(session: Session, code: str) -> Plan:
    """The plan with this code, or PlanNotFound."""
    plan = session.get(Plan, code)
    if plan is None:
        raise errors.PlanNotFound(Text(f"no plan with code {code!r}", f"不存在代码为 {code!r} 的规划"))
    return plan


def list_plans(session: Session, *, limit: int, offset: int) -> tuple[list[Plan], int]:
    """A page of plans, newest end year first, and the total count."""
    total = session.scalar(select(func.count()).select_from(Plan)) or 0
    rows = session.scalars(select(Plan).order_by(col(Plan.end_year).desc(), col(Plan.code)).limit(limit).offset(offset))
    return list(rows), total


def create_plan(session: Session, data: PlanCreate) -> Plan:
    """Register a plan whose years are in order."""
    if data.start_year > data.end_year:
        raise errors.ValidationFailed(
            Text(
                f"end_year: {data.end_year} is before start_year {data.start_year}",
                f"end_year：{data.end_year} 早于 start_year {data.start_year}",
            )
        )
    if data.baseline_year is not None and data.baseline_year > data.start_year:
        raise errors.ValidationFailed(
            Text(
                f"baseline_year: {data.baseline_year} is after start_year {data.start_year}",
                f"baseline_year：{data.baseline_year} 晚于 start_year {data.start_year}",
            )
        )
    if session.get(Plan, data.code) is not None:
        raise errors.PlanExists(
            Text(f"code: a plan with code {data.code!r} exists", f"code：规划代码 {data.code!r} 已被使用")
        )
    if data.under is not None:
        get_archive(session, data.under)
    for field in ("follows", "copy_targets_from"):
        _referenced_plan(session, field, getattr(data, field))
    plan = Plan(**data.model_dump(exclude={"copy_targets_from"}))
    session.add(plan)
    session.flush()
    if data.copy_targets_from is not None:
        for target in list_targets(session, get_plan(session, data.copy_targets_from)):
            if _applies_in(plan, target):
                copied = TargetCreate.model_validate({field: getattr(target, field) for field in COPIED_FIELDS})
                create_target(session, plan, copied)
    return plan


def _applies_in(plan: Plan, target: Target) -> bool:
    """Whether a target can be one of the plan's: a quota bound to a year only within its years."""
    return target.year is None or plan.start_year <= target.year <= plan.end_year


def left_out_of_copy(session: Session, plan: Plan, source_code: str | None) -> list[Target]:
    """The source plan's targets that create_plan did not copy into the plan (year-bound quotas
    outside its years), in the source's order."""
    if source_code is None:
        return []
    return [target for target in list_targets(session, get_plan(session, source_code)) if not _applies_in(plan, target)]


def _referenced_plan(session: Session, field: str, code: str | None) -> None:
    if code is not None and session.get(Plan, code) is None:
        raise errors.PlanNotFound(
            Text(f"{field}: no plan with code {code!r}", f"{field}：不存在代码为 {code!r} 的规划")
        )


def list_targets(
    session: Session, plan: Plan, order: str | None = None, updated_since: datetime | None = None
) -> list[Target]:
    """The plan's targets, defaults first, in the order they were set (or by `order`, ties by id);
    with updated_since, only those set (changed) at or after that instant."""
    query = select(Target).where(col(Target.plan_code) == plan.code)
    if updated_since is not None:
        query = query.where(col(Target.updated_at) >= updated_since)
    target_id = col(Target.id)
    default = [col(Target.archive_code).is_not(None), target_id]
    return list(session.scalars(query.order_by(*sql_order(order, TARGET_ORDER, default=default, tiebreak=[target_id]))))


TARGET_ORDER = {
    name: col(getattr(Target, name))
    for name in ("id", "rule", "level", "archive_code", "year", "created_at", "updated_at")
}


def create_target(session: Session, plan: Plan, data: TargetCreate) -> Target:
    """Add a well-formed target; one per rule and scope (and per metric and year for quotas)."""
    _check_scope(data)
    problem = target_problem(rule=data.rule, value=data.value, unit=data.unit, basis=data.basis, year=data.year)
    if problem is not None:
        field, message = problem
        raise errors.InvalidTarget(Text(f"{field}: {message}", f"{field}：目标设置不合法（{message}）"))
    if data.year is not None and not plan.start_year <= data.year <= plan.end_year:
        raise errors.InvalidTarget(
            Text(
                f"year: {data.year} is outside the plan's years {plan.start_year}..{plan.end_year}",
                f"year：{data.year} 不在规划期 {plan.start_year}..{plan.end_year} 内",
            )
        )
    if data.archive_code is not None:
        get_archive(session, data.archive_code)
    if data.under is not None:
        _check_under(session, plan, data.under)
    if _same_target(session, plan, data) is not None:
        raise errors.TargetExists(
            Text("this plan already has a target for that rule and scope", "该规划已有相同规则和范围的目标")
        )
    target = Target(plan_code=plan.code, **data.model_dump())
    target.updated_at = target.created_at
    session.add(target)
    session.flush()
    return target


def delete_target(session: Session, plan: Plan, target_id: int) -> Target:
    """Remove one of the plan's targets; returns what was removed."""
    target = session.get(Target, target_id)
    if target is None or target.plan_code != plan.code:
        raise errors.TargetNotFound(
            Text(f"plan {plan.code!r} has no target {target_id}", f"规划 {plan.code!r} 下没有编号为 {target_id} 的目标")
        )
    session.delete(target)
    session.flush()
    return target


def _check_scope(data: TargetCreate) -> None:
    if (data.level is None) == (data.archive_code is None):
        raise errors.InvalidTargetScope(
            Text(
                "give either level (with an optional kind) for a default, or archive_code for an override, not both",
                "范围须二选一：level（可附 kind）表示默认目标，archive_code 表示单馆目标，不能同时给出或都不给",
            )
        )
    if data.kind is not None and data.archive_code is not None:
        raise errors.InvalidTargetScope(Text("kind only goes with level", "kind 只能与 level 一起使用"))
    if data.under is not None and data.archive_code is not None:
        raise errors.InvalidTargetScope(Text("under only goes with level", "under 只能与 level 一起使用"))


def _check_under(session: Session, plan: Plan, under: str) -> None:
    """A default's region is an archive at or below the plan's own."""
    get_archive(session, under)
    if plan.under is not None and plan.under != under and plan.under not in ancestor_codes(session, under):
        raise errors.InvalidTargetScope(
            Text(
                f"under: {under!r} is not at or below the plan's under {plan.under!r}",
                f"under：{under!r} 不在规划适用范围 {plan.under!r} 之内",
            )
        )


def _same_target(session: Session, plan: Plan, data: TargetCreate) -> Target | None:
    query = select(Target).where(
        col(Target.plan_code) == plan.code,
        col(Target.rule) == data.rule,
        *(_same(column, getattr(data, name)) for name, column in SCOPE_COLUMNS.items()),
    )
    if data.rule == Rule.annual_quota:
        query = query.where(col(Target.basis) == data.basis, _same(col(Target.year), data.year))
    return session.scalars(query.limit(1)).first()


def _same(column: Any, value: object) -> Any:
    """The column holds the value (IS NULL for None)."""
    return column.is_(None) if value is None else column == value


def register_plan(session: Session, actor: Actor, data: PlanCreate) -> PlanCreated:
    """Register a plan (and the targets it copies), each recorded in the audit trail; the answer
    names the targets the copy left out."""
    plan = create_plan(session, data)
    created = PlanPublic.model_validate(plan)
    audit.record(session, actor, AuditAction.plan_create, entity_key=created.code, after=created)
    for target in list_targets(session, plan):
        _audit_target(session, actor, AuditAction.target_create, TargetPublic.model_validate(target), after=True)
    left_out = left_out_of_copy(session, plan, data.copy_targets_from)
    return PlanCreated(
        **created.model_dump(), targets_left_out=[TargetPublic.model_validate(target) for target in left_out]
    )


def add_target(session: Session, actor: Actor, plan: Plan, data: TargetCreate) -> TargetPublic:
    """create_target, recorded in the audit trail."""
    created = TargetPublic.model_validate(create_target(session, plan, data))
    _audit_target(session, actor, AuditAction.target_create, created, after=True)
    return created


def remove_target(session: Session, actor: Actor, plan: Plan, target_id: int) -> TargetPublic:
    """delete_target, recorded in the audit trail."""
    removed = TargetPublic.model_validate(delete_target(session, plan, target_id))
    _audit_target(session, actor, AuditAction.target_delete, removed, after=False)
    return removed


def _audit_target(session: Session, actor: Actor, action: AuditAction, target: TargetPublic, *, after: bool) -> None:
    audit.record(
        session,
        actor,
        action,
        entity_key=f"{target.plan_code}/{target.id}",
        archive_code=target.archive_code,
        year=target.year,
        before=None if after else target,
        after=target if after else None,
    )
