"""The /api/v1 router: every resource router mounted in one place."""

from fastapi import APIRouter

from app.api.routes import archives, plans, reports

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(archives.router)
api_router.include_router(plans.router)
api_router.include_router(reports.router)
