"""Per-IP request limits: one for everything, a stricter one for guessing-prone auth routes."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from sakesensei.domain.errors import SakeSenseiError
from sakesensei.entrypoints.api.middleware.client_ip import rate_limit_subject
from sakesensei.entrypoints.api.middleware.metrics import ApiMetrics
from sakesensei.entrypoints.api.middleware.offload import run_blocking
from sakesensei.entrypoints.api.middleware.scope_state import OPERATIONAL_PATHS, client_ip_of
from sakesensei.entrypoints.api.problems import problem
from sakesensei.ports import RateLimiter

log = logging.getLogger("sakesensei.api.rate_limit")

# Where a password or an account is guessed, or mail is sent to any address on request.
STRICT_PATHS = frozenset(
    "/api/v1/auth/" + name
    for name in ("login", "register", "verify", "password-reset", "password-reset/confirm")
)


@dataclass(frozen=True, slots=True)
class Limit:
    name: str  # part of the counter's key, so each limit counts on its own
    requests: int  # 0 switches the limit off
    window_seconds: int


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        limiter: RateLimiter,
        general: Limit,
        strict: Limit,
        metrics: ApiMetrics,
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.general = general
        self.strict = strict
        self.metrics = metrics
        self._warned_at = float("-inf")

    def limits_for(self, method: str, path: str) -> tuple[Limit, ...]:
        if path in OPERATIONAL_PATHS:
            return ()
        limits = [self.general]
        if method == "POST" and path in STRICT_PATHS:
            limits.append(self.strict)
        return tuple(limit for limit in limits if limit.requests > 0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            subject = rate_limit_subject(client_ip_of(scope))
            for limit in self.limits_for(scope["method"], scope["path"]):
                wait = await self._hit(f"{limit.name}:{subject}", limit)
                if wait:
                    self.metrics.rejected("rate_limit")
                    await self._refuse(scope, receive, send, limit, wait)
                    return
        await self.app(scope, receive, send)

    async def _hit(self, key: str, limit: Limit) -> int:
        def hit() -> int:
            return self.limiter.hit(key, limit.requests, limit.window_seconds)

        try:
            return await run_blocking(hit) if self.limiter.blocking else hit()
        except SakeSenseiError as exc:
            # A limiter that cannot count (Redis down) lets requests through: the limit
            # protects the service, and refusing everyone would be the outage it guards against.
            if time.monotonic() - self._warned_at > 60:  # once a minute, not once a request
                self._warned_at = time.monotonic()
                log.warning("rate limit not applied: %s", exc)
            return 0

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: Limit, wait: int) -> None:
        detail = (
            f"too many requests from this address (limit {limit.requests} per "
            f"{limit.window_seconds} s); retry in {wait} s"
        )
        response = problem(429, "Too many requests", detail, scope["path"])
        response.headers["Retry-After"] = str(wait)
        await response(scope, receive, send)
