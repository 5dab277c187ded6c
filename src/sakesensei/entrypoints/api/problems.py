"""Every domain error becomes an RFC 9457 problem response with a message a person can act on."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from sakesensei.domain.errors import (
    AccountLocked,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    SakeSenseiError,
    StorageUnavailable,
    Unauthorized,
)

_STATUS: tuple[tuple[type[SakeSenseiError], int, str], ...] = (
    (Unauthorized, 401, "Unauthorized"),
    (Forbidden, 403, "Forbidden"),
    (AccountLocked, 423, "Locked"),
    (NotFound, 404, "Not found"),
    (Conflict, 409, "Conflict"),
    (InvalidInput, 422, "Invalid input"),
    (StorageUnavailable, 503, "Storage unavailable"),
)


def problem(status: int, title: str, detail: str, instance: str) -> JSONResponse:
    return JSONResponse(
        {
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": instance,
        },
        status_code=status,
        media_type="application/problem+json",
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(SakeSenseiError)
    async def domain_error(request: Request, exc: SakeSenseiError) -> JSONResponse:
        status, title = next(
            ((s, t) for kind, s, t in _STATUS if isinstance(exc, kind)), (500, "Internal error")
        )
        response = problem(status, title, str(exc), request.url.path)
        if isinstance(exc, Unauthorized):
            response.headers["WWW-Authenticate"] = 'Bearer realm="sakesensei"'
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"] if p not in ("query", "path", "body"))
            parts.append(f"{where}: {error['msg']}")
        return problem(422, "Invalid input", "; ".join(parts), request.url.path)
