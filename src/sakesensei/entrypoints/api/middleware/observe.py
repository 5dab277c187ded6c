"""The outer middleware: who is asking (client IP, request id), then one log line and metrics.

It also turns an unhandled exception into a problem response carrying the request id, so
the person who saw the error can quote it and the operator can find the traceback.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sakesensei.domain.networks import NetworkSet
from sakesensei.entrypoints.api.middleware.client_ip import client_ip, forwarded_proto
from sakesensei.entrypoints.api.middleware.metrics import ApiMetrics
from sakesensei.entrypoints.api.middleware.routes import RouteTemplates
from sakesensei.entrypoints.api.middleware.scope_state import set_request_facts
from sakesensei.entrypoints.api.problems import problem
from sakesensei.entrypoints.logs import REQUEST_ID

access_log = logging.getLogger("sakesensei.access")
error_log = logging.getLogger("sakesensei.api")

# A caller's own id is kept when it is safe to echo in a header and a log line.
_GOOD_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def request_id_from(headers: Headers) -> str:
    given = headers.get("x-request-id", "")
    return given if _GOOD_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


class ObserveMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        trusted_proxies: NetworkSet,
        metrics: ApiMetrics,
        routes: RouteTemplates,
    ) -> None:
        self.app = app
        self.trusted = trusted_proxies
        self.metrics = metrics
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started_at = time.perf_counter()
        headers = Headers(scope=scope)
        request_id = request_id_from(headers)
        peer = scope["client"][0] if scope.get("client") else None
        ip = client_ip(peer, headers.getlist("x-forwarded-for"), self.trusted)
        if peer is not None and peer in self.trusted:
            # Behind our TLS-terminating proxy, links and redirects must say https.
            scope["scheme"] = (
                forwarded_proto(headers.getlist("x-forwarded-proto")) or scope["scheme"]
            )
        set_request_facts(scope, ip, request_id)
        token = REQUEST_ID.set(request_id)
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            error_log.exception(
                "unhandled error while serving %s %s", scope["method"], scope["path"]
            )
            if response_started:
                raise
            detail = f"something went wrong on our side; quote request id {request_id} to report it"
            await problem(500, "Internal error", detail, scope["path"])(
                scope, receive, send_with_id
            )
        finally:
            self._record(scope, status, time.perf_counter() - started_at, ip, request_id)
            REQUEST_ID.reset(token)

    def _record(self, scope: Scope, status: int, seconds: float, ip: str, request_id: str) -> None:
        method = scope["method"] if scope["method"] in _METHODS else "OTHER"
        route = self.routes.of(scope)
        self.metrics.observe(method, route, status, seconds)
        access_log.info(
            "%s %s %d %.1fms %s",
            method,
            route,
            status,
            seconds * 1000,
            ip,
            extra={
                "method": method,
                "route": route,
                "path": scope["path"],
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "client_ip": ip,
            },
        )
