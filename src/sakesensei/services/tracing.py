"""Spans for OpenTelemetry traces: `with span("recommendation", audience="user"): ...`.

Anyone may open a span; they are recorded only once a tracer provider is installed (the
servers install one exporting over OTLP when SAKESENSEI_OTLP_ENDPOINT is set, tests an
in-memory one). Without one a span costs next to nothing and goes nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Tracer, TracerProvider
from opentelemetry.util.types import AttributeValue

from sakesensei import __version__

INSTRUMENTATION = "sakesensei"

_provider: TracerProvider | None = None


def use_provider(provider: TracerProvider | None) -> None:
    """Record spans with `provider` from now on (None: stop recording)."""
    global _provider
    _provider = provider


def active_tracer() -> Tracer | None:
    """The tracer spans go to, or None while tracing is off (callers may skip the work)."""
    if _provider is None:
        return None
    return _provider.get_tracer(INSTRUMENTATION, __version__)


def tracer() -> Tracer:
    """The tracer in use; a no-op one while tracing is off."""
    return active_tracer() or trace.NoOpTracer()


def attributes(values: Mapping[str, object]) -> dict[str, AttributeValue]:
    """What OpenTelemetry can hold: None dropped, anything not a plain value as text."""
    kept: dict[str, AttributeValue] = {}
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, str | bool | int | float):
            kept[key] = value
        else:
            kept[key] = str(value)
    return kept


@contextmanager
def span(name: str, kind: SpanKind = SpanKind.INTERNAL, **attrs: object) -> Iterator[Span]:
    """A span around the block, the current one for spans opened inside it. An exception
    leaving the block is recorded on it and marks it as an error."""
    with tracer().start_as_current_span(name, kind=kind, attributes=attributes(attrs)) as current:
        yield current
