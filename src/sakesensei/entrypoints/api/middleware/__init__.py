"""The protections and operability of the API, installed around the routes in one place.

From the outside in: security headers on everything (errors included), then request id,
client IP, access log and metrics, then CORS (so browsers can read the refusals below),
the IP blocklist, the rate limits, and the body size limit nearest the routes.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from sakesensei.bootstrap import Container
from sakesensei.config import Settings
from sakesensei.domain.networks import NetworkSet
from sakesensei.entrypoints.api.middleware.blocklist import BlocklistCache, BlocklistMiddleware
from sakesensei.entrypoints.api.middleware.body_limit import BodyLimitMiddleware, BodyLimits
from sakesensei.entrypoints.api.middleware.headers import SecurityHeadersMiddleware
from sakesensei.entrypoints.api.middleware.metrics import ApiMetrics
from sakesensei.entrypoints.api.middleware.observe import ObserveMiddleware
from sakesensei.entrypoints.api.middleware.rate_limit import Limit, RateLimitMiddleware
from sakesensei.entrypoints.api.middleware.routes import RouteTemplates
from sakesensei.services.blocklist import blocked_networks


def install(app: FastAPI, container: Container) -> None:
    """Add every protection to `app`; app.state.metrics holds what /metrics reports."""
    s = container.settings
    metrics = ApiMetrics(pool=lambda: container.engine.pool)
    app.state.metrics = metrics
    app.state.route_templates = RouteTemplates(app)
    # Starlette wraps the app in reverse order of adding: the last one added runs first.
    app.add_middleware(
        BodyLimitMiddleware, limits=BodyLimits(s.max_body_bytes, _body_limits(s)), metrics=metrics
    )
    app.add_middleware(
        RateLimitMiddleware,
        limiter=container.rate_limiter,
        general=Limit("all", s.rate_limit_requests, s.rate_limit_window_seconds),
        strict=Limit("auth", s.auth_rate_limit_requests, s.auth_rate_limit_window_seconds),
        metrics=metrics,
    )
    cache = BlocklistCache(lambda: blocked_networks(container.uow), s.blocklist_refresh_seconds)
    app.add_middleware(BlocklistMiddleware, cache=cache, metrics=metrics)
    if s.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=s.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["Retry-After", "X-Request-ID", "Location", "X-Session-ID"],
            max_age=600,
        )
    app.add_middleware(
        ObserveMiddleware,
        trusted_proxies=NetworkSet(s.trusted_proxies),
        metrics=metrics,
        routes=app.state.route_templates,
    )
    docs = frozenset(p for p in (app.docs_url, app.swagger_ui_oauth2_redirect_url) if p)
    app.add_middleware(SecurityHeadersMiddleware, hsts=s.https, docs_paths=docs)


# Room for the multipart framing around a photo at the size limit.
_MULTIPART_SLACK = 256 * 1024


def _body_limits(s: Settings) -> dict[str, int]:
    """Label photos may be larger than JSON bodies; an operator's own settings win."""
    return {"/api/v1/scan": s.scan_max_bytes + _MULTIPART_SLACK, **s.body_limits}
