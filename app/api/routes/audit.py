"""The audit trail: read only, for admins and for supervisors within their archives."""

from typing import Annotated

from fastapi import APIRouter, Query

from app import errors
from app.api.deps import CurrentActor, Limit, Offset, ReadSession
from app.api.errors import responses
from app.api.ordering import AuditOrder
from app.domain.roles import Role
from app.models.audit import AuditAction, AuditEntryPublic, AuditMoment
from app.models.common import ArchiveCode, Page, Year
from app.services import audit
from app.services.access import authorize_audit
from app.services.audit import AuditFilters

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", responses=responses(errors.Forbidden))
def list_audit(
    session: ReadSession,
    actor: CurrentActor,
    archive_code: Annotated[ArchiveCode | None, Query(description="Writes to this archive")] = None,
    parent_code: Annotated[
        ArchiveCode | None,
        Query(description="Writes to the archives directly below this one (by the path written then)"),
    ] = None,
    under: Annotated[
        ArchiveCode | None, Query(description="Writes to this archive and its whole subtree (by the path written then)")
    ] = None,
    year: Annotated[Year | None, Query(description="Writes to this year's reports")] = None,
    actor_name: Annotated[str | None, Query(alias="actor", max_length=200, description="Token name")] = None,
    token_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Writes made with this token")] = None,
    role: Annotated[Role | None, Query(description="Writes made by tokens of this role")] = None,
    action: AuditAction | None = None,
    since: Annotated[
        AuditMoment | None, Query(description="At or after this moment (UTC if no zone; 1970-2199)")
    ] = None,
    until: Annotated[AuditMoment | None, Query(description="Before this moment (UTC if no zone; 1970-2199)")] = None,
    order: AuditOrder = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[AuditEntryPublic]:
    """List the writes in the audit trail the token may see, newest first."""
    authorize_audit(session, actor, archive_code)
    filters = AuditFilters(
        archive_code=archive_code,
        parent_code=parent_code,
        under=under,
        year=year,
        actor=actor_name,
        token_id=token_id,
        role=role,
        action=action,
        since=since,
        until=until,
    )
    rows, total = audit.list_entries(session, actor, filters, order=order, limit=limit, offset=offset)
    return Page(items=[AuditEntryPublic.model_validate(row) for row in rows], total=total, limit=limit, offset=offset)
