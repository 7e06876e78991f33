"""The console's routes, thin as the API's: each page is a view of one service call."""

from fastapi import APIRouter

from app.console.routes import admin, archives, auth, compliance, entry, home, imports, review, rounds

console_router = APIRouter(prefix="/console", include_in_schema=False)
console_router.include_router(auth.router)
console_router.include_router(home.router)
console_router.include_router(entry.router)
console_router.include_router(review.router)
console_router.include_router(rounds.router)
console_router.include_router(compliance.router)
console_router.include_router(imports.router)
console_router.include_router(archives.router)
console_router.include_router(admin.router)
