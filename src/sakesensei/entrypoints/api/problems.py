"""Every domain error becomes an RFC 9457 problem response with a message a person can act on."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from sakesensei.domain.errors import (
    AccountLocked,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    SakeSenseiError,
    StorageUnavailable,
    TooLarge,
    Unauthorized,
    UnsupportedMedia,
)

_STATUS: tuple[tuple[type[SakeSenseiError], int, str], ...] = (
    (Unauthorized, 401, "Unauthorized"),
    (Forbidden, 403, "Forbidden"),
    (AccountLocked, 423, "Locked"),
    (RateLimited, 429, "Too many requests"),
    (NotFound, 404, "Not found"),
    (Conflict, 409, "Conflict"),
    (UnsupportedMedia, 415, "Unsupported media type"),
    (TooLarge, 413, "Content too large"),
    (InvalidInput, 422, "Invalid input"),
    (StorageUnavailable, 503, "Storage unavailable"),
)


class Problem(BaseModel):
    """An RFC 9457 problem: `detail` says what went wrong and what to do about it."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None


def _documented(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": Problem.model_json_schema()}},
    }


# Every route may answer with these; documenting them keeps the OpenAPI honest.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _documented("The body is not valid JSON"),
    401: _documented("No valid access token"),
    403: _documented("Not allowed for this account or address"),
    404: _documented("No such record (or not yours)"),
    409: _documented("Conflicts with stored data"),
    413: _documented("Request body, file or image too large"),
    415: _documented("A file type that is not accepted here"),
    422: _documented("Invalid input; the detail names the field and the rule"),
    423: _documented("Account locked after failed logins"),
    429: _documented("Too many requests; see Retry-After"),
    503: _documented("Storage unavailable"),
}


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

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI and Starlette raise these themselves (unparsable body, unknown path, method).
        detail = exc.detail if isinstance(exc.detail, str) else "the request cannot be served"
        if exc.status_code == 400 and "parsing the body" in detail:
            detail = "the request body is not valid JSON; send a JSON object as documented"
        response = problem(
            exc.status_code, HTTPStatus(exc.status_code).phrase, detail, request.url.path
        )
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"] if p not in ("query", "path", "body"))
            parts.append(f"{where}: {error['msg']}")
        return problem(422, "Invalid input", "; ".join(parts), request.url.path)
