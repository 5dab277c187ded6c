"""Refuse request bodies over a size limit, per path prefix, with 413 before reading them all.

A declared Content-Length over the limit is refused before the route runs. A body sent
without one (chunked) is counted as the route reads it; once it passes the limit, whatever
the route answers (FastAPI turns the failed read into a 400) is replaced by the 413.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sakesensei.entrypoints.api.middleware.metrics import ApiMetrics
from sakesensei.entrypoints.api.problems import problem


class _BodyTooLarge(Exception):
    pass


class BodyLimits:
    """The default limit, and larger (or smaller) ones for paths under given prefixes."""

    def __init__(self, default: int, by_prefix: Mapping[str, int]) -> None:
        self.default = default
        # Longest prefix first, so /api/v1/scan/batch can differ from /api/v1/scan.
        self.by_prefix = sorted(by_prefix.items(), key=lambda item: len(item[0]), reverse=True)

    def for_path(self, path: str) -> int:
        return next(
            (limit for prefix, limit in self.by_prefix if path.startswith(prefix)), self.default
        )


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, limits: BodyLimits, metrics: ApiMetrics) -> None:
        self.app = app
        self.limits = limits
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.for_path(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return

        received = 0
        too_large = False
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise _BodyTooLarge
            return message

        async def send_unless_too_large(message: Message) -> None:
            nonlocal response_started
            if too_large:
                return  # the route's answer to a body it could not read; the 413 replaces it
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, send_unless_too_large)
        except Exception:
            if not too_large:
                raise
        if too_large and not response_started:
            await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        self.metrics.rejected("body_too_large")
        detail = f"the request body is larger than this address accepts ({limit} bytes)"
        response = problem(413, "Content too large", detail, scope["path"])
        response.headers["Connection"] = "close"  # the rest of the body is not worth reading
        await response(scope, receive, send)
