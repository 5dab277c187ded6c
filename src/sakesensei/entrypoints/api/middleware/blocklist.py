"""Refuse requests from blocked addresses and ranges, with a list at most a few seconds old.

The rules live in the database so that `sakesensei blocklist add` on any machine reaches
every replica; each process re-reads them every `max_age` seconds (at most 10, the promise
an operator is given) instead of on every request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from sakesensei.domain.networks import NetworkSet
from sakesensei.entrypoints.api.middleware.metrics import ApiMetrics
from sakesensei.entrypoints.api.middleware.offload import run_blocking
from sakesensei.entrypoints.api.middleware.scope_state import OPERATIONAL_PATHS, client_ip_of
from sakesensei.entrypoints.api.problems import problem

log = logging.getLogger("sakesensei.api.blocklist")


class BlocklistCache:
    def __init__(
        self,
        load: Callable[[], NetworkSet],
        max_age: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self._max_age = max_age
        self._clock = clock
        self._networks = NetworkSet()
        self._fresh_until = float("-inf")
        self._loaded = False
        self._lock = asyncio.Lock()

    async def current(self) -> NetworkSet:
        if self._clock() < self._fresh_until:
            return self._networks
        if self._loaded and self._lock.locked():
            return self._networks  # another request is refreshing; this list is seconds old
        async with self._lock:
            if self._clock() >= self._fresh_until:
                await self._refresh()
        return self._networks

    async def _refresh(self) -> None:
        try:
            self._networks = await run_blocking(self._load)
        except Exception:
            # Keep serving with the last list: an unreachable database already fails /readyz,
            # and refusing everyone would turn a storage hiccup into a full outage.
            log.warning(
                "could not reload the IP blocklist; keeping the previous one", exc_info=True
            )
        self._loaded = True
        self._fresh_until = self._clock() + self._max_age


class BlocklistMiddleware:
    def __init__(self, app: ASGIApp, *, cache: BlocklistCache, metrics: ApiMetrics) -> None:
        self.app = app
        self.cache = cache
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and scope["path"] not in OPERATIONAL_PATHS:
            blocked = await self.cache.current()
            if len(blocked) and client_ip_of(scope) in blocked:
                self.metrics.rejected("blocklist")
                await self._refuse(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})  # the server answers 403
            return
        detail = "requests from this address are blocked; ask the operator if that is wrong"
        await problem(403, "Forbidden", detail, scope["path"])(scope, receive, send)
