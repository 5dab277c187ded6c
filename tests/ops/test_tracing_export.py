"""OTLP export: with SAKESENSEI_OTLP_ENDPOINT set, spans reach a collector over OTLP/HTTP."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from sakesensei.config import load_settings
from sakesensei.entrypoints.tracing import configure_tracing, traces_url
from sakesensei.services import tracing
from tests.support.otlp_collector import Collector


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_no_endpoint_no_tracing() -> None:
    assert configure_tracing(load_settings(env="test")) is None
    assert tracing.active_tracer() is None


def test_spans_are_exported_to_the_collector(collector: Collector) -> None:
    provider = configure_tracing(load_settings(env="test", otlp_endpoint=collector.url + "/"))
    assert provider is not None
    try:
        with tracing.span("recommendation", audience="visitor"), tracing.span("db SELECT"):
            pass
        assert provider.force_flush(10_000)
    finally:
        tracing.use_provider(None)
        provider.shutdown()
    assert collector.requests
    path, request = collector.requests[0]
    assert path == "/v1/traces"
    resource = request.resource_spans[0].resource
    attributes = {a.key: a.value.string_value for a in resource.attributes}
    assert attributes["service.name"] == "sakesensei-api"
    assert attributes["deployment.environment"] == "test"
    names = [s.name for rs in request.resource_spans for ss in rs.scope_spans for s in ss.spans]
    assert sorted(names) == ["db SELECT", "recommendation"]


def test_the_traces_url_may_be_given_either_way() -> None:
    assert traces_url("http://collector:4318") == "http://collector:4318/v1/traces"
    assert traces_url("http://collector:4318/v1/traces") == "http://collector:4318/v1/traces"
