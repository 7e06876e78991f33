"""Liveness and readiness."""

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

router = APIRouter(tags=["health"])


class HealthStatus(BaseModel):
    """Whether the service (and its database) answers."""

    status: str


@router.get("/health")
def health() -> HealthStatus:
    """Liveness: the process answers."""
    return HealthStatus(status="ok")


@router.get("/ready", responses={503: {"model": HealthStatus, "description": "Database unreachable"}})
def ready(request: Request, response: Response) -> HealthStatus:
    """Readiness: the database answers a query."""
    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError:
        response.status_code = 503
        return HealthStatus(status="database unavailable")
    return HealthStatus(status="ready")
