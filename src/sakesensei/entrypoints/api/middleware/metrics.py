"""Prometheus metrics of one app, in a registry of its own (never the process-global one),
rendered on /metrics together with the process's telemetry (services/telemetry.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from sakesensei.services.telemetry import TELEMETRY, Telemetry
from sakesensei.services.worker_metrics import render_shared, shared_metrics_dir

REJECTION_REASONS = ("blocklist", "rate_limit", "body_too_large")

# From a cached read (a few ms) to a slow search or upload (seconds); 3 and 5 s are the
# thresholds of the latency alerts (deploy/prometheus/alerts.yml).
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0, 10.0)

# The suffixes a family's samples carry in the text exposition, by family type.
_SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("", "_count", "_sum", "_created"),
    "info": ("_info",),
    "gauge": ("",),
}


class Pool(Protocol):
    """What SQLAlchemy's QueuePool tells about itself."""

    def size(self) -> int: ...
    def checkedout(self) -> int: ...
    def overflow(self) -> int: ...


class PoolCollector(Collector):
    """The database connection pool, read when scraped (asked for each time: disposing an
    engine gives it a new pool)."""

    def __init__(self, pool: Callable[[], object]) -> None:
        self._pool = pool

    def collect(self) -> Iterator[Metric]:
        pool = self._pool()
        if not all(hasattr(pool, name) for name in ("size", "checkedout", "overflow")):
            return  # a pool that keeps no count (NullPool, StaticPool)
        counted: Pool = pool  # type: ignore[assignment]
        yield GaugeMetricFamily(
            "sakesensei_db_pool_checked_out",
            "Database connections in use by requests and jobs now.",
            value=counted.checkedout(),
        )
        yield GaugeMetricFamily(
            "sakesensei_db_pool_size",
            "Connections the pool keeps open (more may overflow up to its maximum).",
            value=counted.size(),
        )
        yield GaugeMetricFamily(
            "sakesensei_db_pool_overflow",
            "Connections open beyond the pool size (negative: room left before reaching it).",
            value=counted.overflow(),
        )


class _PoolGauges:
    """The pool's numbers where several workers add theirs up: each worker sets its own
    when it ends a request or answers a scrape (a collector would only see the pool of
    the worker that answered)."""

    def __init__(self, pool: Callable[[], object], registry: CollectorRegistry) -> None:
        self._pool = pool
        self._checked_out = Gauge(
            "sakesensei_db_pool_checked_out",
            "Database connections in use by requests and jobs now, in all workers.",
            registry=registry,
            multiprocess_mode="livesum",
        )
        self._size = Gauge(
            "sakesensei_db_pool_size",
            "Connections the workers' pools keep open (more may overflow).",
            registry=registry,
            multiprocess_mode="livesum",
        )
        self._overflow = Gauge(
            "sakesensei_db_pool_overflow",
            "Connections open beyond a pool's size, in the worker with the most.",
            registry=registry,
            multiprocess_mode="livemax",
        )

    def update(self) -> None:
        pool = self._pool()
        if not all(hasattr(pool, name) for name in ("size", "checkedout", "overflow")):
            return  # a pool that keeps no count (NullPool, StaticPool)
        counted: Pool = pool  # type: ignore[assignment]
        self._checked_out.set(counted.checkedout())
        self._size.set(counted.size())
        self._overflow.set(counted.overflow())


class ApiMetrics:
    """Requests by route template (never the raw path: ids would explode the series)."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(
        self, pool: Callable[[], object] | None = None, telemetry: Telemetry = TELEMETRY
    ) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.telemetry = telemetry
        telemetry.watch_process()
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
        self._shared = shared_metrics_dir()
        self._pool_gauges: _PoolGauges | None = None
        if pool is not None:
            if self._shared:
                self._pool_gauges = _PoolGauges(pool, self.registry)
            else:
                self.registry.register(PoolCollector(pool))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self._requests.labels(method, route, str(status)).inc()
        self._latency.labels(method, route).observe(seconds)
        if self._pool_gauges is not None:
            self._pool_gauges.update()

    def rejected(self, reason: str) -> None:
        self._rejected.labels(reason).inc()

    def render(self) -> bytes:
        if self._shared:  # several workers: what all of them recorded, added up
            if self._pool_gauges is not None:
                self._pool_gauges.update()
            return render_shared(self._shared, self.telemetry.process_collectors)
        return generate_latest(self.registry) + generate_latest(self.telemetry.registry)

    def names(self) -> set[str]:
        """Every sample name /metrics can show (for checking dashboards and alert rules)."""
        return exposed_names((self.registry, self.telemetry.registry))


def exposed_names(registries: Iterable[CollectorRegistry]) -> set[str]:
    names: set[str] = set()
    for registry in registries:
        for family in registry.collect():
            names.update(family.name + suffix for suffix in _SUFFIXES.get(family.type, ("",)))
    return names
