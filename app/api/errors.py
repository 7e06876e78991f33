"""Render every error as {"error": Name, "detail": message}, in the client's language."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import errors
from app.api.transactions import mark_transient
from app.api.validation_messages import HTTP_DETAILS_ZH, MALFORMED_JSON, describe
from app.db import is_transient
from app.i18n import Text, language_from_header

log = logging.getLogger("lantai.errors")

HTTP_ERROR_NAMES = {
    400: "MalformedRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    413: "PayloadTooLarge",
}


class ErrorBody(BaseModel):
    """What every error answers."""

    error: str
    detail: str


def responses(*error_types: type[errors.AppError]) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses=` for a route that may raise these errors."""
    declared: dict[int | str, dict[str, object]] = {}
    for error_type in (*error_types, errors.ValidationFailed):
        entry = declared.setdefault(error_type.status_code, {"model": ErrorBody, "description": ""})
        names = [name for name in str(entry["description"]).split(", ") if name]
        if error_type.error not in names:
            entry["description"] = ", ".join([*names, error_type.error])
    return declared


def error_response(status: int, error: str, detail: str) -> JSONResponse:
    """The JSON error answer."""
    return JSONResponse({"error": error, "detail": detail}, status_code=status)


def language(request: Request) -> str:
    """The language the client asked for."""
    return language_from_header(request.headers.get("accept-language"))


async def handle_app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.AppError)
    return error_response(exc.status_code, exc.error, exc.message(language(request)))


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems, lang = exc.errors(), language(request)
    if any(problem.get("type") == "json_invalid" for problem in problems):
        return error_response(400, "MalformedJSON", MALFORMED_JSON[lang])
    return error_response(422, "ValidationError", "; ".join(describe(problem, lang) for problem in problems))


async def handle_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    name = HTTP_ERROR_NAMES.get(exc.status_code, "HTTPError")
    chinese = HTTP_DETAILS_ZH.get(exc.status_code) if language(request) == "zh" else None
    return error_response(exc.status_code, name, chinese or str(exc.detail))


async def handle_integrity_error(request: Request, exc: Exception) -> JSONResponse:
    if is_transient(exc):
        mark_transient(request.scope)
    log.warning("integrity error on %s %s", request.method, request.url.path)
    detail = Text(
        "the write conflicts with stored data; read it again and retry", "写入与已存数据冲突，请重新读取后再试"
    )
    return error_response(409, "Conflict", detail.pick(language(request)))


async def handle_database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """A database that cannot be reached, or is too busy to answer in time: 503, never a traceback."""
    if is_transient(exc):
        mark_transient(request.scope)
        log.warning("database busy on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        detail = Text("the database is busy; try again shortly", "数据库繁忙，请稍后再试")
    else:
        log.error("database unavailable on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        detail = Text("the database cannot be reached; try again shortly", "无法连接数据库，请稍后再试")
    response = error_response(503, "DatabaseUnavailable", detail.pick(language(request)))
    response.headers["Retry-After"] = "1"
    return response


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(errors.AppError, handle_app_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(IntegrityError, handle_integrity_error)
    for database_failure in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(database_failure, handle_database_unavailable)
