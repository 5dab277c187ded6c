"""Security headers, CORS, body size limits, request ids, metrics, readiness, error safety net."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request

from sakesensei.adapters.sql import migrate
from tests.api.conftest import Api
from tests.support.instances import app_instance, instance_container

MIB = 1024 * 1024


def test_security_headers_on_answers_and_errors(api: Api) -> None:
    for response in (
        api.http.get("/api/v1/sakes"),
        api.http.get("/api/v1/sakes/99999999"),
        api.http.get("/no/such/path"),
        api.http.get("/healthz"),
    ):
        h = response.headers
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "no-referrer"
        assert h["content-security-policy"].startswith("default-src 'none'")
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert "strict-transport-security" not in h  # the test servers are plain HTTP


def test_the_docs_page_may_run_exactly_its_own_script(api: Api) -> None:
    page = api.http.get("/api/v1/docs")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    inline = re.findall(r"<script>(.*?)</script>", page.text, re.S)
    assert inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "script-src https://cdn.jsdelivr.net " in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "connect-src 'self'" in policy
    assert api.http.get("/api/v1/openapi.json").status_code == 200


def test_no_cors_unless_configured(api: Api) -> None:
    response = api.http.get("/api/v1/sakes", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_request_ids_are_echoed_or_made(api: Api) -> None:
    given = api.http.get("/api/v1/sakes", headers={"X-Request-ID": "trace-1234.abc"})
    assert given.headers["x-request-id"] == "trace-1234.abc"
    made = api.http.get("/api/v1/sakes").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    # Something unsafe to echo into a header or a log line is replaced.
    odd = api.http.get("/api/v1/sakes", headers={"X-Request-ID": "x" * 300})
    assert re.fullmatch(r"[0-9a-f]{32}", odd.headers["x-request-id"])


def test_bodies_over_the_limit_are_refused(api: Api) -> None:
    big = b'{"email": "' + b"a" * MIB + b'"}'
    declared = api.http.post(
        "/api/v1/auth/login", content=big, headers={"Content-Type": "application/json"}
    )
    _assert_too_large(declared, MIB)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"email": "'
        for _ in range(20):
            yield b"a" * 65536
        yield b'"}'

    streamed = api.http.post(
        "/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
    )
    _assert_too_large(streamed, MIB)
    assert (
        api.http.post(
            "/api/v1/auth/login", json={"email": "a@b.example", "password": "x"}
        ).status_code
        == 401
    )


def test_metrics_count_requests_by_route_template(api: Api) -> None:
    with api.container.uow() as uow:
        sake_id = next(uow.sakes.iter_all()).sake.id
    api.http.get(f"/api/v1/sakes/{sake_id}").raise_for_status()
    api.http.get("/api/v1/sakes/99999999")
    response = api.http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    route = 'route="/api/v1/sakes/{sake_id}"'
    assert re.search(
        rf'^sakesensei_http_requests_total\{{method="GET",{re.escape(route)},status="200"\}} [1-9]',
        text,
        re.M,
    )
    assert f'sakesensei_http_requests_total{{method="GET",{route},status="404"}}' in text
    assert (
        f'sakesensei_http_request_duration_seconds_bucket{{le="0.1",method="GET",{route}}}' in text
    )
    assert str(sake_id) not in re.findall(r'route="([^"]*)"', text)  # templates, not raw paths


def test_readiness_reports_database_and_schema(api: Api) -> None:
    ready = api.http.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["revision"]


def test_readiness_fails_on_an_old_schema_and_an_absent_database(tmp_path: Path) -> None:
    behind = instance_container(tmp_path / "old")
    migrate.downgrade(behind.engine, "0001")
    gone = instance_container(
        tmp_path / "gone", "postgresql+psycopg://nobody@127.0.0.1:1/none", migrate=False
    )
    with app_instance(behind) as old, app_instance(gone) as absent:
        response = httpx.get(f"{old}/readyz")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert "sakesensei db upgrade" in response.json()["detail"]
        response = httpx.get(f"{absent}/readyz")
        assert response.status_code == 503
        assert response.json()["detail"] == "the database does not answer"
        assert httpx.get(f"{absent}/healthz").status_code == 200  # alive, just not ready
    behind.close()
    gone.close()


def _test_routes(app: FastAPI) -> None:
    @app.get("/test/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    @app.post("/api/v1/uploads")
    async def upload(request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}

    @app.post("/api/v1/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}


@pytest.fixture
def configured(tmp_path: Path) -> Iterator[str]:
    container = instance_container(
        tmp_path,
        https=True,
        cors_origins="https://app.example, https://admin.example/",
        max_body_bytes=1000,
        body_limits={"/api/v1/uploads": 5000},
    )
    with app_instance(container, _test_routes) as base:
        yield base
    container.close()


def test_hsts_when_served_over_https(configured: str) -> None:
    assert (
        httpx.get(f"{configured}/healthz")
        .headers["strict-transport-security"]
        .startswith("max-age=")
    )


def test_cors_for_configured_origins_only(configured: str) -> None:
    preflight = httpx.options(
        f"{configured}/api/v1/me/tastings",
        headers={
            "Origin": "https://admin.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://admin.example"
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    simple = httpx.get(f"{configured}/api/v1/sakes", headers={"Origin": "https://app.example"})
    assert simple.headers["access-control-allow-origin"] == "https://app.example"
    assert "x-request-id" in simple.headers["access-control-expose-headers"].lower()
    foreign = httpx.get(f"{configured}/api/v1/sakes", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in foreign.headers
    refused = httpx.options(
        f"{configured}/api/v1/sakes",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers


def test_body_limits_per_path(configured: str) -> None:
    assert httpx.post(f"{configured}/api/v1/echo", content=b"x" * 1000).json() == {"received": 1000}
    _assert_too_large(httpx.post(f"{configured}/api/v1/echo", content=b"x" * 1001), 1000)
    # The upload path has its own, larger limit.
    assert httpx.post(f"{configured}/api/v1/uploads", content=b"x" * 4000).json() == {
        "received": 4000
    }
    _assert_too_large(httpx.post(f"{configured}/api/v1/uploads", content=b"x" * 5001), 5000)


def test_an_unexpected_error_is_a_problem_with_the_request_id(configured: str) -> None:
    response = httpx.get(f"{configured}/test/boom", headers={"X-Request-ID": "oops-1"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "oops-1"
    assert "oops-1" in response.json()["detail"] and "a bug" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


def _assert_too_large(response: httpx.Response, limit: int) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert str(limit) in response.json()["detail"]
