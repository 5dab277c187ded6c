"""Prometheus metrics of one app, in a registry of its own (never the process-global one)."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import generate_latest

REJECTION_REASONS = ("blocklist", "rate_limit", "body_too_large")

# From a cached read (a few ms) to a slow search or upload (seconds).
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ApiMetrics:
    """Requests by route template (never the raw path: ids would explode the series)."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._requests = Counter(
            "sakesensei_http_requests",
            "HTTP requests answered, by route template, method and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self._latency = Histogram(
            "sakesensei_http_request_duration_seconds",
            "Time from receiving a request to sending the end of its response.",
            ["method", "route"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._rejected = Counter(
            "sakesensei_http_rejected",
            "Requests refused before reaching a route, by reason.",
            ["reason"],
            registry=self.registry,
        )
        for reason in REJECTION_REASONS:
            self._rejected.labels(reason)  # present at 0, so alerts see the series from the start

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self._requests.labels(method, route, str(status)).inc()
        self._latency.labels(method, route).observe(seconds)

    def rejected(self, reason: str) -> None:
        self._rejected.labels(reason).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
