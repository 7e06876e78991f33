"""Render every error as {"error": Name, "detail": message}, in the client's language: `render`, the one place.

The exception handlers below and the middleware's own answers (413, 500) all go
through `render`; the busy 503 of the write queue is a DatabaseUnavailable
raised like any other error.
"""

import logging
from typing import Annotated

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, WithJsonSchema
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app import errors
from app.api.validation_messages import HTTP_DETAILS_ZH, MALFORMED_JSON, describe
from app.db import is_transient
from app.db.integrity import Broken, Violation, violation
from app.i18n import Text, language_from_header

log = logging.getLogger("lantai.errors")

HTTP_ERRORS: dict[int, type[errors.AppError]] = {
    400: errors.MalformedRequest,
    401: errors.Unauthorized,
    403: errors.Forbidden,
    404: errors.NotFound,
    405: errors.MethodNotAllowed,
    413: errors.PayloadTooLarge,
}
CONFLICT = Text("the write conflicts with stored data; read it again and retry", "写入与已存数据冲突，请重新读取后再试")
BUSY = Text("the database is busy; try again shortly", "数据库繁忙，请稍后再试")
UNREACHABLE = Text("the database cannot be reached; try again shortly", "无法连接数据库，请稍后再试")


class ErrorBody(BaseModel):
    """What every error answers."""

    error: Annotated[str, WithJsonSchema({"type": "string", "enum": list(errors.ERROR_NAMES)})] = Field(
        description="The error's name, one of a closed set (app/errors.py); the same in every language"
    )
    detail: str = Field(description="What is wrong, in the language of Accept-Language")


def responses(*error_types: type[errors.AppError]) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses=` for a route that may raise these errors."""
    declared: dict[int | str, dict[str, object]] = {}
    for error_type in (*error_types, errors.ValidationFailed):
        entry = declared.setdefault(error_type.status_code, {"model": ErrorBody, "description": ""})
        names = [name for name in str(entry["description"]).split(", ") if name]
        if error_type.error not in names:
            entry["description"] = ", ".join([*names, error_type.error])
    return declared


def render(error: errors.AppError, accept_language: str | None) -> Response:
    """The answer to an error: its status, its headers, {"error", "detail"} in the language asked for."""
    lang = language_from_header(accept_language)
    body = ErrorBody(error=error.error, detail=error.message(lang)).model_dump_json().encode()
    return Response(body, status_code=error.status_code, headers=error.headers, media_type="application/json")


def language(request: Request) -> str:
    """The language the client asked for."""
    return language_from_header(request.headers.get("accept-language"))


async def handle_app_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.AppError)
    return render(exc, request.headers.get("accept-language"))


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = exc.errors()
    if any(problem.get("type") == "json_invalid" for problem in problems):
        error: errors.AppError = errors.MalformedJSON(Text(MALFORMED_JSON["en"], MALFORMED_JSON["zh"]))
    else:
        described = ("; ".join(describe(problem, lang) for problem in problems) for lang in ("en", "zh"))
        error = errors.ValidationFailed(Text(*described))
    return render(error, request.headers.get("accept-language"))


async def handle_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = Text(str(exc.detail), HTTP_DETAILS_ZH.get(exc.status_code) or str(exc.detail))
    error_type = HTTP_ERRORS.get(exc.status_code)
    if error_type is not None:
        return render(error_type(detail), request.headers.get("accept-language"))
    error = errors.AppError(detail)
    error.status_code, error.error = exc.status_code, "HTTPError"
    return render(error, request.headers.get("accept-language"))


async def handle_integrity_error(request: Request, exc: Exception) -> Response:
    """A constraint the services' own checks did not foresee: named, never a generic Conflict."""
    assert isinstance(exc, IntegrityError)
    log.warning("integrity error on %s %s", request.method, request.url.path)
    return render(integrity_error(violation(exc)), request.headers.get("accept-language"))


def integrity_error(found: Violation) -> errors.AppError:
    """The error that names what is missing or duplicated."""
    where = ", ".join(f"{found.table}.{column}" if found.table else column for column in found.columns)
    value = f" = ({found.values})" if found.values else ""
    if found.broken is Broken.missing_reference:
        return errors.MissingReference(
            Text(
                f"{where or found.table or 'the write'}{value}: names something that is not stored "
                "(or removes something still in use)",
                f"{where or found.table or '写入'}{value}：引用的对象不存在（或要删除的对象仍被引用）",
            )
        )
    if found.broken is Broken.duplicate:
        return errors.Duplicate(
            Text(
                f"{where or found.table or 'the write'}{value}: the same value is already stored",
                f"{where or found.table or '写入'}{value}：已存在相同的值",
            )
        )
    return errors.Conflict(CONFLICT)


async def handle_database_unavailable(request: Request, exc: Exception) -> Response:
    """A database that cannot be reached, or is too busy to answer in time: 503, never a traceback."""
    if is_transient(exc):
        log.warning("database busy on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return render(errors.DatabaseUnavailable(BUSY), request.headers.get("accept-language"))
    log.error("database unavailable on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    return render(errors.DatabaseUnavailable(UNREACHABLE), request.headers.get("accept-language"))


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(errors.AppError, handle_app_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(IntegrityError, handle_integrity_error)
    for database_failure in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(database_failure, handle_database_unavailable)
