"""One JSON error shape for the whole app: {"error": {"code", "message"}}; never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from pydantic import BaseModel

from rag import (
    Busy,
    DocumentError,
    EmbedderMismatch,
    Forbidden,
    IndexError_,
    InvalidInput,
    NotFound,
    RagError,
    TooLarge,
    Unauthorized,
)

log = logging.getLogger(__name__)
INDEX_RETRY_S = 5

# The one place where domain errors become status codes.
STATUS = {
    TooLarge: 413,
    InvalidInput: 422,
    Unauthorized: 401,
    Forbidden: 403,
    Busy: 503,
    DocumentError: 422,
    NotFound: 404,
    EmbedderMismatch: 409,
    IndexError_: 503,
}


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


# For the OpenAPI page: what a route's errors look like.
ERRORS = {
    code: {"model": ErrorBody, "description": text}
    for code, text in {
        401: "A write without a valid API key.",
        403: "Writes are closed on this server.",
        404: "No such document.",
        413: "Over a size limit.",
        422: "The request is invalid or over a limit; the message says which.",
        503: "Busy: retry after the seconds in Retry-After.",
    }.items()
}


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def _status_of(exc: RagError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    # A body checked by a route and by its dependencies reports each problem once per check.
    return "; ".join(dict.fromkeys(parts)) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the same shape."""

    @app.exception_handler(RagError)
    async def _domain(request: Request, exc: RagError) -> JSONResponse:
        status = _status_of(exc)
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Busy) else None
        if isinstance(exc, IndexError_) and status == 503:
            headers = {"Retry-After": str(INDEX_RETRY_S)}  # the store is down: worth retrying, not at once
        if status == 401:
            headers = {"WWW-Authenticate": "Bearer"}
        return error_response(status, exc.code, str(exc), headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                413: "too_large"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "internal error; the server log has the details")
