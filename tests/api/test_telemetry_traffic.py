"""Operability through a real server: one round of real traffic (accounts, picks, a label
photo, a rate-limited and a blocked client), then what /metrics, the log and the traces show.

The server here has its own settings: a strict login limit and a trusted proxy, so that a
test can speak for other client addresses through X-Forwarded-For.
"""

from __future__ import annotations

import io
import json
import logging
import platform
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from sakesensei import __version__
from sakesensei.bootstrap import Container, utc_now
from sakesensei.config import load_settings
from sakesensei.entrypoints.api.middleware.observe import hashed_user
from sakesensei.entrypoints.logs import build_handler
from sakesensei.services import tracing
from sakesensei.services.blocklist import add_block
from tests.support.instances import app_instance, instance_container
from tests.support.mcp_clients import http_client, run
from tests.support.metrics_text import MetricsPage

EMAIL = "Shizuku.Tanaka+sake@example.org"
PASSWORD = "Kanpai-Hiyaoroshi-2026!"
IMAGE_MARKER = "label-photo-marker-7f3a9c"
LIMITED_IP = "198.51.100.20"
BLOCKED_IP = "203.0.113.9"
AUTH_LIMIT = 4
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_SPAN = "00f067aa0ba902b7"


def label_photo() -> bytes:
    """A small PNG that reads as nothing in particular, with a marker in its metadata."""
    image = Image.new("RGB", (240, 320), "white")
    ImageDraw.Draw(image).rectangle((40, 60, 200, 260), outline="black", width=6)
    info = PngInfo()
    info.add_text("Comment", IMAGE_MARKER)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


@dataclass
class Traffic:
    """What the round of traffic used and got: the secrets the log must not show."""

    base: str
    container: Container
    logs: io.StringIO
    spans: InMemorySpanExporter
    user_id: str = ""
    secrets: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    chat_events: list[str] = field(default_factory=list)


def _drive(http: httpx.Client, traffic: Traffic) -> None:
    credentials = {"email": EMAIL, "password": PASSWORD}
    s = traffic.statuses
    registered = http.post("/api/v1/auth/register", json=credentials)
    s["register"] = registered.status_code
    traffic.user_id = registered.json()["id"]
    login = http.post("/api/v1/auth/login", json=credentials, headers={"X-Request-ID": "login-ok"})
    s["login"] = login.status_code
    tokens = login.json()
    s["wrong_password"] = http.post(
        "/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD + "x"}
    ).status_code
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    s["me"] = http.get("/api/v1/me", headers={**bearer, "X-Request-ID": "me-1"}).status_code
    s["picks"] = http.get(
        "/api/v1/recommendations",
        headers={**bearer, "traceparent": f"00-{TRACE_ID}-{PARENT_SPAN}-01"},
    ).status_code
    s["visitor_picks"] = http.post(
        "/api/v1/recommendations", json={"sweetness": 2, "budget_yen": 3000}
    ).status_code
    s["scan"] = http.post(
        "/api/v1/scan",
        files={"file": ("label.png", label_photo(), "image/png")},
        headers={**bearer, "X-Request-ID": "scan-1"},
    ).status_code
    refreshed = http.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    s["refresh"] = refreshed.status_code
    s["search_by_email"] = http.get("/api/v1/sakes", params={"q": EMAIL}).status_code
    for _ in range(AUTH_LIMIT + 1):
        s["rate_limited"] = http.post(
            "/api/v1/auth/login", json=credentials, headers={"X-Forwarded-For": LIMITED_IP}
        ).status_code
    s["blocked"] = http.get("/api/v1/sakes", headers={"X-Forwarded-For": BLOCKED_IP}).status_code
    s["tool_call"] = _call_a_tool(traffic.base)
    chat = http.post(
        "/api/v1/chat", json={"message": "What is junmai?"}, headers={"X-Request-ID": "chat-1"}
    )
    s["chat"] = chat.status_code
    traffic.chat_events = re.findall(r"^event: (\w+)$", chat.text, re.M)
    traffic.secrets = [
        PASSWORD,
        EMAIL,
        EMAIL.lower(),
        tokens["access_token"],
        tokens["refresh_token"],
        refreshed.json()["access_token"],
        refreshed.json()["refresh_token"],
        IMAGE_MARKER,
    ]


def _call_a_tool(base: str) -> int:
    """A sommelier tool called as an AI assistant would, over MCP; 1 when it answered."""
    answered = []

    async def scenario() -> None:
        async with http_client(base) as client:
            result = await client.call_tool("explain_term", {"term": "純米大吟醸"})
            answered.append(not result.is_error)

    run(scenario)
    return int(answered == [True])


@pytest.fixture(scope="module")
def traffic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Traffic]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    stream = io.StringIO()
    handler = build_handler(load_settings(env="test", log_format="json"), stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    tracing.use_provider(provider)
    container = instance_container(
        Path(tmp_path_factory.mktemp("traffic")),
        auth_rate_limit_requests=AUTH_LIMIT,
        trusted_proxies="127.0.0.1/32",
    )
    add_block(container.uow, "203.0.113.0/24", "test", actor_id=None, via="cli", now=utc_now)
    try:
        with app_instance(container) as base, httpx.Client(base_url=base, timeout=60) as http:
            found = Traffic(base, container, stream, exporter)
            _drive(http, found)
            yield found
    finally:
        tracing.use_provider(None)
        root.removeHandler(handler)
        root.setLevel(level)
        container.close()


def test_the_traffic_was_answered_as_expected(traffic: Traffic) -> None:
    assert traffic.statuses == {
        "register": 201,
        "login": 200,
        "wrong_password": 401,
        "me": 200,
        "picks": 200,
        "visitor_picks": 200,
        "scan": 200,
        "refresh": 200,
        "search_by_email": 200,
        "rate_limited": 429,
        "blocked": 403,
        "tool_call": 1,
        "chat": 200,
    }
    assert "token" in traffic.chat_events and traffic.chat_events[-1] == "done"


def test_every_metric_shows_on_the_metrics_page(traffic: Traffic) -> None:
    response = httpx.get(f"{traffic.base}/metrics")
    assert response.status_code == 200
    page = MetricsPage(response.text)
    login = "/api/v1/auth/login"

    # Requests, errors and latency per route.
    assert page.value("sakesensei_http_requests_total", route=login, status="200") >= 1
    assert page.value("sakesensei_http_requests_total", route=login, status="401") >= 1
    assert page.value("sakesensei_http_request_duration_seconds_count", route=login) >= 2
    assert page.values("sakesensei_http_request_duration_seconds_bucket", route=login, le="3.0")
    # Logins by outcome; rate-limited and blocked requests.
    assert page.value("sakesensei_logins_total", outcome="succeeded") >= 1
    assert page.value("sakesensei_logins_total", outcome="failed") >= 1
    assert page.values("sakesensei_logins_total", outcome="locked")
    assert page.value("sakesensei_http_rejected_total", reason="rate_limit") >= 1
    assert page.value("sakesensei_http_rejected_total", reason="blocklist") >= 1
    # Recommendation latency, for a user and for a visitor.
    for audience in ("user", "visitor"):
        assert (
            page.value("sakesensei_recommendation_duration_seconds_count", audience=audience) >= 1
        )
    # Label scans by outcome, and their duration.
    outcomes = {"identified", "candidates", "failed"}
    assert outcomes <= {
        labels["outcome"]
        for name, labels, _ in page.samples
        if name == "sakesensei_label_scans_total"
    }
    assert sum(page.value("sakesensei_label_scans_total", outcome=o) for o in outcomes) >= 1
    assert page.value("sakesensei_label_scan_duration_seconds_count") >= 1
    # Tool calls and their duration per tool.
    assert page.value("sakesensei_tool_calls_total", tool="explain_term", outcome="ok") >= 1
    assert page.value("sakesensei_tool_call_duration_seconds_count", tool="explain_term") >= 1
    # The sommelier's time to first token; LLM provider errors and request times (none
    # here: the built-in sommelier answers; the families are there before the first).
    assert page.value("sakesensei_chat_first_token_seconds_count") >= 1
    for family in (
        "sakesensei_llm_provider_errors_total",
        "sakesensei_llm_request_duration_seconds",
    ):
        assert family in page.families, family
    # The database pool, build info, the process against its limits.
    assert page.value("sakesensei_db_pool_size") >= 1
    assert page.values("sakesensei_db_pool_checked_out")
    assert page.values("sakesensei_db_pool_overflow")
    assert (
        page.value("sakesensei_build_info", version=__version__, python=platform.python_version())
        == 1
    )
    assert page.value("process_cpu_seconds_total") > 0
    assert page.value("process_resident_memory_bytes") > 0
    assert page.value("sakesensei_cpu_limit_cores") > 0
    assert page.value("sakesensei_memory_limit_bytes") > 0


def _log_entries(traffic: Traffic) -> list[dict[str, object]]:
    return [json.loads(line) for line in traffic.logs.getvalue().splitlines() if line.strip()]


def test_the_log_holds_no_password_token_email_or_image(traffic: Traffic) -> None:
    text = traffic.logs.getvalue()
    assert text
    for secret in traffic.secrets:
        assert secret not in text, f"{secret[:12]}... reached the log"
    assert "\\x89PNG" not in text and "IHDR" not in text  # no image bytes, raw or escaped
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)  # no address of anyone at all


def test_access_lines_carry_request_route_status_latency_and_a_hashed_user(
    traffic: Traffic,
) -> None:
    access = [e for e in _log_entries(traffic) if e["logger"] == "sakesensei.access"]
    by_id = {e.get("request_id"): e for e in access}
    me = by_id["me-1"]
    assert (me["route"], me["status"], me["method"]) == ("/api/v1/me", 200, "GET")
    assert isinstance(me["duration_ms"], float) and me["duration_ms"] >= 0
    assert me["user"] == hashed_user(traffic.user_id) and re.fullmatch(r"[0-9a-f]{16}", me["user"])
    assert by_id["scan-1"]["user"] == me["user"] and by_id["scan-1"]["route"] == "/api/v1/scan"
    assert "user" not in by_id["login-ok"]  # nobody is signed in before the login answers
    assert all(traffic.user_id not in json.dumps(e) for e in access)


def _spans(traffic: Traffic) -> list[ReadableSpan]:
    return list(traffic.spans.get_finished_spans())


def test_requests_are_traced_with_their_database_calls(traffic: Traffic) -> None:
    spans = _spans(traffic)
    login = next(s for s in spans if s.name == "POST /api/v1/auth/login")
    assert login.attributes is not None
    assert login.attributes["http.response.status_code"] == 200
    assert login.attributes["http.route"] == "/api/v1/auth/login"
    queries = [
        s
        for s in spans
        if s.name.startswith("db ") and s.context.trace_id == login.context.trace_id
    ]
    assert queries, "no database span inside the login request"
    assert all(s.attributes and s.attributes["db.system"] == "sqlite" for s in queries)
    assert any(s.name == "db SELECT" for s in queries)
    statements = " ".join(str(s.attributes["db.statement"]) for s in queries if s.attributes)
    assert "users" in statements and EMAIL.lower() not in statements  # text, never parameters


def test_recommendations_and_scans_have_spans_in_their_request(traffic: Traffic) -> None:
    spans = _spans(traffic)
    picks = next(s for s in spans if s.name == "GET /api/v1/recommendations")
    # The caller's traceparent made this request part of the caller's trace.
    assert format(picks.context.trace_id, "032x") == TRACE_ID
    assert picks.parent is not None and format(picks.parent.span_id, "016x") == PARENT_SPAN
    recommendation = next(
        s
        for s in spans
        if s.name == "recommendation" and s.context.trace_id == picks.context.trace_id
    )
    assert recommendation.attributes and recommendation.attributes["audience"] == "user"
    scan_request = next(s for s in spans if s.name == "POST /api/v1/scan")
    scan = next(
        s
        for s in spans
        if s.name == "label_scan" and s.context.trace_id == scan_request.context.trace_id
    )
    assert scan.attributes and scan.attributes["outcome"] in {"identified", "candidates", "failed"}
    visitor = [
        s
        for s in spans
        if s.name == "recommendation" and s.attributes and s.attributes["audience"] == "visitor"
    ]
    assert visitor


def test_tool_calls_have_spans_in_their_request(traffic: Traffic) -> None:
    spans = _spans(traffic)
    tool = next(s for s in spans if s.name == "tool explain_term")
    assert tool.attributes == {"tool": "explain_term"}
    requests = [
        s for s in spans if s.name == "POST /mcp" and s.context.trace_id == tool.context.trace_id
    ]
    assert requests, "the tool span is not inside the MCP request's trace"
