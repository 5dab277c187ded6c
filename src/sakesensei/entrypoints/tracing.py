"""Process tracing: OpenTelemetry spans exported over OTLP/HTTP when SAKESENSEI_OTLP_ENDPOINT
is set (to a collector, Jaeger, Tempo, ...); without it nothing is recorded."""

from __future__ import annotations

import atexit

from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

from sakesensei import __version__
from sakesensei.config import Settings
from sakesensei.services import tracing

TRACES_PATH = "/v1/traces"


def traces_url(endpoint: str) -> str:
    """Accept the collector's base URL (http://collector:4318) or the full traces URL."""
    endpoint = endpoint.rstrip("/")
    return endpoint if endpoint.endswith(TRACES_PATH) else endpoint + TRACES_PATH


def build_provider(settings: Settings, service: str) -> TracerProvider:
    resource = Resource.create(
        {
            "service.name": service,
            "service.version": __version__,
            "deployment.environment": settings.env,
        }
    )
    # A caller's decision to trace wins; otherwise keep this share of new traces.
    sampler = ParentBased(TraceIdRatioBased(settings.trace_sample_ratio))
    return TracerProvider(resource=resource, sampler=sampler)


def configure_tracing(settings: Settings, service: str = "sakesensei-api") -> TracerProvider | None:
    """Export this process's spans when an OTLP endpoint is set; the provider, or None."""
    if not settings.otlp_endpoint:
        return None
    provider = build_provider(settings, service)
    exporter = OTLPSpanExporter(endpoint=traces_url(settings.otlp_endpoint), timeout=10)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    tracing.use_provider(provider)
    # The last batch goes out when the server stops, not lost with the process.
    atexit.register(provider.shutdown)
    return provider
