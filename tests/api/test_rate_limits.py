"""Per-IP rate limits on real servers: shared through Redis by two instances, stricter on
login and registration, X-Forwarded-For believed only from trusted proxies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.instances import app_instance, instance_container
from tests.support.redis_server import redis_or_skip, redis_prefix


@pytest.fixture
def prefix() -> Iterator[str]:
    redis_or_skip()
    with redis_prefix() as value:
        yield value


def _assert_limited(response: httpx.Response, window: int) -> None:
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/problem+json"
    assert 1 <= int(response.headers["retry-after"]) <= window
    problem = response.json()
    assert problem["status"] == 429 and "retry in" in problem["detail"]


def test_two_instances_share_one_count_through_redis(tmp_path: Path, prefix: str) -> None:
    limits = {
        "redis_url": redis_or_skip(),
        "redis_key_prefix": prefix,
        "rate_limit_requests": 6,
        "rate_limit_window_seconds": 120,
    }
    first = instance_container(tmp_path, **limits)
    second = instance_container(tmp_path, **limits)  # same SQLite file: two replicas
    with app_instance(first) as a, app_instance(second) as b:
        for _ in range(3):
            assert httpx.get(f"{a}/api/v1/sakes").status_code == 200
            assert httpx.get(f"{b}/api/v1/sakes").status_code == 200
        # Six requests in all: each instance alone saw only three, yet both now refuse.
        _assert_limited(httpx.get(f"{a}/api/v1/sakes"), 120)
        _assert_limited(httpx.get(f"{b}/api/v1/breweries"), 120)
        for base in (a, b):  # probes are never limited
            assert httpx.get(f"{base}/healthz").status_code == 200
            assert httpx.get(f"{base}/readyz").status_code == 200
            assert "rate_limit" in httpx.get(f"{base}/metrics").text
    first.close()
    second.close()


def test_login_and_registration_have_a_stricter_limit(tmp_path: Path) -> None:
    container = instance_container(tmp_path, rate_limit_requests=100, auth_rate_limit_requests=3)
    login = {"email": "nobody@example.com", "password": "Wrong-Pass-1!"}
    with app_instance(container) as base, httpx.Client(base_url=base) as http:
        assert http.post("/api/v1/auth/login", json=login).status_code == 401
        assert http.post("/api/v1/auth/login", json=login).status_code == 401
        registration = {"email": "new@example.com", "password": "Fresh-Sake-2026!"}
        assert http.post("/api/v1/auth/register", json=registration).status_code == 201
        # Login and registration share the stricter count.
        _assert_limited(http.post("/api/v1/auth/login", json=login), 300)
        _assert_limited(http.post("/api/v1/auth/register", json=registration), 300)
        # The rest of the API is still open to this address.
        assert http.get("/api/v1/sakes").status_code == 200
        assert http.get("/api/v1/me").status_code == 401
    container.close()


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(tmp_path: Path) -> None:
    behind_proxy = instance_container(
        tmp_path / "a", rate_limit_requests=2, trusted_proxies=["127.0.0.0/8"]
    )
    exposed = instance_container(tmp_path / "b", rate_limit_requests=2)
    with app_instance(behind_proxy) as a, app_instance(exposed) as b:
        # Our proxy (127.0.0.1 here) names the client: each client counts on its own.
        for _ in range(2):
            assert httpx.get(f"{a}/api/v1/sakes", headers=_xff("203.0.113.1")).status_code == 200
        _assert_limited(httpx.get(f"{a}/api/v1/sakes", headers=_xff("203.0.113.1")), 300)
        assert httpx.get(f"{a}/api/v1/sakes", headers=_xff("203.0.113.2")).status_code == 200
        # A forged entry to the left of what our proxy appended changes nothing.
        forged = _xff("6.6.6.6, 203.0.113.1")
        _assert_limited(httpx.get(f"{a}/api/v1/sakes", headers=forged), 300)

        # Without trusted proxies the header is the client's own word: ignored.
        assert httpx.get(f"{b}/api/v1/sakes", headers=_xff("203.0.113.1")).status_code == 200
        assert httpx.get(f"{b}/api/v1/sakes", headers=_xff("203.0.113.2")).status_code == 200
        _assert_limited(httpx.get(f"{b}/api/v1/sakes", headers=_xff("203.0.113.3")), 300)
    behind_proxy.close()
    exposed.close()


def test_an_unreachable_redis_lets_requests_through(tmp_path: Path) -> None:
    container = instance_container(
        tmp_path, redis_url="redis://127.0.0.1:1/0", rate_limit_requests=1
    )
    with app_instance(container) as base:
        for _ in range(3):
            assert httpx.get(f"{base}/api/v1/sakes").status_code == 200
    container.close()


def _xff(value: str) -> dict[str, str]:
    return {"X-Forwarded-For": value}
