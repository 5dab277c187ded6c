"""The outer middleware: who is asking (client IP, request id), a trace span, then one log
line and metrics.

It also turns an unhandled exception into a problem response carrying the request id, so
the person who saw the error can quote it and the operator can find the traceback.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time

from opentelemetry import propagate
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sakesensei.domain.ids import IDS
from sakesensei.domain.networks import NetworkSet
from sakesensei.entrypoints.api.middleware.client_ip import client_ip, forwarded_proto
from sakesensei.entrypoints.api.middleware.metrics import ApiMetrics
from sakesensei.entrypoints.api.middleware.routes import RouteTemplates
from sakesensei.entrypoints.api.middleware.scope_state import request_user_of, set_request_facts
from sakesensei.entrypoints.api.problems import problem
from sakesensei.entrypoints.logs import REQUEST_ID
from sakesensei.services.tracing import tracer

access_log = logging.getLogger("sakesensei.access")
error_log = logging.getLogger("sakesensei.api")

# A caller's own id is kept when it is safe to echo in a header and a log line.
_GOOD_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def request_id_from(headers: Headers) -> str:
    given = headers.get("x-request-id", "")
    return given if _GOOD_REQUEST_ID.fullmatch(given) else IDS.hex()


def hashed_user(user_id: str) -> str:
    """How a user appears in the log: one user's requests can be followed, but the log
    alone does not say who they are (the operator hashes an account id to look for it)."""
    return hashlib.sha256(user_id.encode()).hexdigest()[:16]


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

        # A caller's W3C traceparent makes this request part of the caller's trace.
        parent = propagate.extract(
            {k: headers[k] for k in ("traceparent", "tracestate") if k in headers}
        )
        with tracer().start_as_current_span(
            f"{scope['method']} request",
            context=parent,
            kind=SpanKind.SERVER,
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            try:
                await self.app(scope, receive, send_with_id)
            except Exception as exc:
                span.record_exception(exc)
                error_log.exception(
                    "unhandled error while serving %s %s", scope["method"], scope["path"]
                )
                if response_started:
                    raise
                detail = (
                    f"something went wrong on our side; quote request id {request_id} to report it"
                )
                await problem(500, "Internal error", detail, scope["path"])(
                    scope, receive, send_with_id
                )
            finally:
                self._record(scope, span, status, time.perf_counter() - started_at, ip, request_id)
                REQUEST_ID.reset(token)

    def _record(
        self, scope: Scope, span: Span, status: int, seconds: float, ip: str, request_id: str
    ) -> None:
        method = scope["method"] if scope["method"] in _METHODS else "OTHER"
        route = self.routes.of(scope)
        self.metrics.observe(method, route, status, seconds)
        user_id = request_user_of(scope)
        user = hashed_user(user_id) if user_id else None
        span.update_name(f"{method} {route}")
        span.set_attributes(
            {
                "http.request.method": method,
                "http.route": route,
                "http.response.status_code": status,
                "request.id": request_id,
                **({"user.hash": user} if user else {}),
            }
        )
        if status >= 500:
            span.set_status(Status(StatusCode.ERROR))
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
                **({"user": user} if user else {}),
            },
        )
