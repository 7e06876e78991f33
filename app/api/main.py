"""The /api/v1 router: every resource router mounted in one place.

Every route under it needs a token (401 without one), except reads when
LANTAI_PUBLIC_READ=true; each write declares the permission it needs (app/api/permissions.py).
"""

from fastapi import APIRouter, Depends

from app.api.deps import reader
from app.api.errors import ErrorBody
from app.api.query_params import refuse_unknown_parameters
from app.api.routes import (
    archives,
    audit,
    charts,
    compliance,
    hierarchy,
    imports,
    plans,
    report_sync,
    reports,
    review,
    rounds,
    tokens,
    users,
    webhooks,
)

api_router = APIRouter(
    prefix="/api/v1",
    dependencies=[Depends(refuse_unknown_parameters), Depends(reader)],
    responses={
        400: {"model": ErrorBody, "description": "UnknownParameter: a query parameter the route does not take"},
        401: {"model": ErrorBody, "description": "Unauthorized: no token, or a bad or revoked one"},
    },
)
api_router.include_router(archives.router)
api_router.include_router(hierarchy.router)
api_router.include_router(plans.router)
api_router.include_router(reports.router)
api_router.include_router(report_sync.router)
api_router.include_router(review.router)
api_router.include_router(imports.router)
api_router.include_router(tokens.router)
api_router.include_router(audit.router)
api_router.include_router(compliance.router)
api_router.include_router(charts.router)
api_router.include_router(rounds.router)
api_router.include_router(rounds.queue_router)
api_router.include_router(users.router)
api_router.include_router(webhooks.router)
