"""Plans and their targets."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from app import errors
from app.api.deps import Limit, Offset, PlanDep, ReadSession, UpdatedSince, WriteSession
from app.api.errors import responses
from app.api.ordering import TargetOrder
from app.api.paging import page_of
from app.api.permissions import PlanManager
from app.models.common import Page
from app.models.plan import PlanCreate, PlanCreated, PlanPublic, TargetCreate, TargetPublic
from app.services import plans

router = APIRouter(prefix="/plans", tags=["plans"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=responses(
        errors.MalformedJSON,
        errors.Forbidden,
        errors.PlanExists,
        errors.PlanNotFound,
        errors.ArchiveNotFound,
        errors.InvalidTarget,
        errors.InvalidTargetScope,
    ),
)
def create_plan(session: WriteSession, actor: PlanManager, body: PlanCreate) -> PlanCreated:
    """Register a plan and its years, optionally following a plan and copying the targets that can apply."""
    return plans.register_plan(session, actor, body)


@router.get("", responses=responses())
def list_plans(session: ReadSession, limit: Limit = 100, offset: Offset = 0) -> Page[PlanPublic]:
    """List plans, the most recent first."""
    rows, total = plans.list_plans(session, limit=limit, offset=offset)
    return Page(items=[PlanPublic.model_validate(row) for row in rows], total=total, limit=limit, offset=offset)


@router.get("/{code}", responses=responses(errors.PlanNotFound))
def get_plan(plan: PlanDep) -> PlanPublic:
    """Read one plan."""
    return PlanPublic.model_validate(plan)


@router.post(
    "/{code}/targets",
    status_code=status.HTTP_201_CREATED,
    responses=responses(
        errors.MalformedJSON,
        errors.PlanNotFound,
        errors.Forbidden,
        errors.ArchiveNotFound,
        errors.InvalidTarget,
        errors.InvalidTargetScope,
        errors.TargetExists,
    ),
)
def create_target(session: WriteSession, plan: PlanDep, actor: PlanManager, body: TargetCreate) -> TargetPublic:
    """Add a target to a plan: a default for a level (and kind), or an override for one archive."""
    return plans.add_target(session, actor, plan, body)


@router.get("/{code}/targets", responses=responses(errors.PlanNotFound))
def list_targets(
    session: ReadSession,
    plan: PlanDep,
    updated_since: UpdatedSince = None,
    order: TargetOrder = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[TargetPublic]:
    """List a plan's targets, defaults first."""
    targets = plans.list_targets(session, plan, order, updated_since)
    return page_of([TargetPublic.model_validate(target) for target in targets], limit, offset)


@router.delete(
    "/{code}/targets/{target_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(errors.PlanNotFound, errors.Forbidden, errors.TargetNotFound),
)
def delete_target(
    session: WriteSession, plan: PlanDep, actor: PlanManager, target_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Response:
    """Remove a target from a plan."""
    plans.remove_target(session, actor, plan, target_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
