"""Create the app: routers, error handlers, and the database engine for its lifetime."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.types import Message, Scope

from app import console
from app.api import docs, middleware, openapi
from app.api import errors as api_errors
from app.api.caching import Caching
from app.api.main import api_router
from app.api.openapi import operation_id
from app.api.routes import health
from app.api.routes import webhooks as webhook_routes
from app.api.transactions import Transactions
from app.config import Settings, get_settings
from app.db import make_engine
from app.domain.clock import RoundClock
from app.heap import freeze_what_the_start_made
from app.models.common import utcnow
from app.services.compliance.warm import warm_compliance
from app.services.webhooks.worker import DeliveryConfig, DeliveryWorker

DESCRIPTION = """\
Lantai (兰台) tracks how far China's archives have come in digitizing their
holdings, against the targets of the plans that bind them, and tells each
archive and each bureau whether it is on track.

Send a token as `Authorization: Bearer <token>` (an admin issues tokens with
`lantai token create` or `POST /api/v1/tokens`). Errors answer
`{"error": Name, "detail": message}`; send `Accept-Language: zh` for messages
in Chinese.
"""


WARM_UP_PATH = "/api/v1/-/warm-up"  # answered by no route: walking to that answer passes every route


class UnsafeSettings(RuntimeError):
    """The settings are not fit to serve with (e.g. the placeholder secret)."""


async def walk_the_routes(app: FastAPI) -> None:
    """Have the router walk every route once, as a request for a path none answers does: FastAPI
    builds each route's handler on the first request that walks past it (some 200 ms for this API)."""
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": WARM_UP_PATH,
        "raw_path": WARM_UP_PATH.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [],
        "app": app,
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_message: Message) -> None:
        return None

    with contextlib.suppress(HTTPException):  # the router's 404, as it raises it for an app
        await app.router(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The Lantai ASGI app for these settings (default: from the environment)."""
    settings = settings or get_settings()
    problem = settings.secret_problem()
    if problem is not None:
        raise UnsafeSettings(f"refusing to start: {problem}")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_on_start:  # before the first request is taken (app.services.compliance.warm)
            started = RoundClock(utcnow(), settings.timezone)
            budget = settings.warm_budget_seconds
            await asyncio.to_thread(warm_compliance, app.state.engine, budget_seconds=budget, round_clock=started)
            await walk_the_routes(app)
            freeze_what_the_start_made()  # a request's full collection walks only what requests made (app.heap)
        deliverer = DeliveryWorker(app.state.engine, DeliveryConfig.from_settings(settings))
        if settings.webhook_delivery:  # one webhook delivery worker per process (app.services.webhooks.worker)
            deliverer.start()
        yield
        if settings.webhook_delivery:
            await asyncio.to_thread(deliverer.stop)
        app.state.engine.dispose()

    app = FastAPI(
        title="Lantai",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings)
    api_errors.install(app)
    app.add_middleware(Transactions, attempts=settings.db_retry_attempts)
    app.add_middleware(Caching)
    middleware.install(app, settings)
    docs.install(app)
    openapi.install(app)
    app.include_router(health.router)
    app.include_router(api_router)
    console.install(app)
    app.webhooks.include_router(webhook_routes.events)  # the events webhooks receive, in the OpenAPI document
    return app
