"""The recording API the agent and services call: metrics and spans for tool calls, LLM
requests, the first token, recommendations and label scans."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from prometheus_client.exposition import generate_latest

from sakesensei.services import tracing
from sakesensei.services.telemetry import Telemetry, cpu_limit_cores, memory_limit_bytes
from tests.support.metrics_text import MetricsPage


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use_provider(provider)
    yield exporter
    tracing.use_provider(None)


def page(telemetry: Telemetry) -> MetricsPage:
    return MetricsPage(generate_latest(telemetry.registry).decode())


class Boom(Exception):
    pass


def test_tool_calls_are_counted_timed_and_traced(spans: InMemorySpanExporter) -> None:
    telemetry = Telemetry()
    with telemetry.tool_call("search_sake"):
        pass
    with pytest.raises(Boom), telemetry.tool_call("search_sake"):
        raise Boom("the catalog is gone")
    telemetry.tool_result("explain_term", 0.02, ok=True)
    shown = page(telemetry)
    assert shown.value("sakesensei_tool_calls_total", tool="search_sake", outcome="ok") == 1
    assert shown.value("sakesensei_tool_calls_total", tool="search_sake", outcome="error") == 1
    assert shown.value("sakesensei_tool_calls_total", tool="explain_term", outcome="ok") == 1
    assert shown.value("sakesensei_tool_call_duration_seconds_count", tool="search_sake") == 2
    traced = [s for s in spans.get_finished_spans() if s.name == "tool search_sake"]
    assert len(traced) == 2
    assert [s.status.status_code for s in traced] == [StatusCode.UNSET, StatusCode.ERROR]
    assert traced[0].attributes == {"tool": "search_sake"}


def test_llm_errors_and_the_first_token(spans: InMemorySpanExporter) -> None:
    telemetry = Telemetry()
    with telemetry.llm_call("anthropic", model="claude-x"):
        pass
    with pytest.raises(TimeoutError), telemetry.llm_call("anthropic"):
        raise TimeoutError
    telemetry.llm_error("openai", "bad_answer")
    telemetry.first_token(0.8)
    shown = page(telemetry)
    assert (
        shown.value(
            "sakesensei_llm_provider_errors_total", provider="anthropic", kind="TimeoutError"
        )
        == 1
    )
    assert (
        shown.value("sakesensei_llm_provider_errors_total", provider="openai", kind="bad_answer")
        == 1
    )
    assert shown.value("sakesensei_llm_request_duration_seconds_count", provider="anthropic") == 2
    assert shown.value("sakesensei_chat_first_token_seconds_count") == 1
    assert shown.value("sakesensei_chat_first_token_seconds_bucket", le="1.0") == 1
    llm = [s for s in spans.get_finished_spans() if s.name == "llm anthropic"]
    assert llm[0].kind is SpanKind.CLIENT and llm[0].attributes == {
        "provider": "anthropic",
        "model": "claude-x",
    }


def test_scans_are_counted_by_outcome() -> None:
    telemetry = Telemetry()
    with telemetry.label_scan() as scan:
        scan.found(identified=True, candidates=5)
    with telemetry.label_scan() as scan:
        scan.found(identified=False, candidates=3)
    with telemetry.label_scan() as scan:
        scan.found(identified=False, candidates=0)
    with pytest.raises(ValueError), telemetry.label_scan():
        raise ValueError("not an image")
    shown = page(telemetry)
    assert shown.value("sakesensei_label_scans_total", outcome="identified") == 1
    assert shown.value("sakesensei_label_scans_total", outcome="candidates") == 1
    assert shown.value("sakesensei_label_scans_total", outcome="failed") == 2
    assert shown.value("sakesensei_label_scan_duration_seconds_count") == 4


def test_spans_cost_nothing_and_go_nowhere_without_a_provider() -> None:
    assert tracing.active_tracer() is None
    with tracing.span("quiet", answer=42) as span:
        assert not span.is_recording()


def test_span_attributes_keep_plain_values() -> None:
    assert tracing.attributes({"a": 1, "b": None, "c": "x", "d": 2.5, "e": True, "f": [1]}) == {
        "a": 1,
        "c": "x",
        "d": 2.5,
        "e": True,
        "f": "[1]",
    }


def test_the_process_limits_are_real_numbers() -> None:
    assert 0 < cpu_limit_cores() <= 4096
    assert 1 << 20 < memory_limit_bytes() < 1 << 50
