"""The IP blocklist: admin routes, and a block taking effect on another instance within 10 s."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import Api
from tests.support.databases import fresh_postgres_database
from tests.support.instances import admin_headers, app_instance, instance_container

BLOCKLIST = "/api/v1/admin/blocklist"


def test_admins_add_list_and_lift_blocks(api: Api) -> None:
    admin = api.user("boss@example.com", admin=True)
    added = api.http.post(
        BLOCKLIST, json={"network": "198.51.100.77/24", "reason": "scraping"}, headers=admin
    )
    assert added.status_code == 201, added.text
    assert added.json()["network"] == "198.51.100.0/24" and added.json()["reason"] == "scraping"
    assert added.json()["created_by"] is not None
    api.http.post(BLOCKLIST, json={"network": "2001:db8::7"}, headers=admin).raise_for_status()

    listed = api.http.get(BLOCKLIST, headers=admin).json()
    assert listed["total"] == 2
    assert [r["network"] for r in listed["items"]] == ["198.51.100.0/24", "2001:db8::7/128"]
    assert (
        api.http.get(BLOCKLIST, params={"limit": 1, "offset": 1}, headers=admin).json()["items"][0][
            "network"
        ]
        == "2001:db8::7/128"
    )

    lifted = api.http.delete(BLOCKLIST, params={"network": "198.51.100.0/24"}, headers=admin)
    assert lifted.status_code == 204
    assert api.http.get(BLOCKLIST, headers=admin).json()["total"] == 1

    audit = api.http.get("/api/v1/admin/audit", headers=admin).json()["items"]
    actions = [(e["action"], e["target_id"]) for e in audit if e["action"].startswith("blocklist")]
    assert sorted(actions) == [
        ("blocklist.add", "198.51.100.0/24"),
        ("blocklist.add", "2001:db8::7/128"),
        ("blocklist.remove", "198.51.100.0/24"),
    ]


def test_mistakes_are_4xx_problems(api: Api) -> None:
    admin = api.user("boss@example.com", admin=True)
    api.http.post(BLOCKLIST, json={"network": "203.0.113.5"}, headers=admin).raise_for_status()
    cases = [
        (api.http.post(BLOCKLIST, json={"network": "203.0.113.5/32"}, headers=admin), 409),
        (api.http.post(BLOCKLIST, json={"network": "203.0.113.500"}, headers=admin), 422),
        (api.http.post(BLOCKLIST, json={"network": ""}, headers=admin), 422),
        (api.http.post(BLOCKLIST, json={"reason": "no network"}, headers=admin), 422),
        (api.http.delete(BLOCKLIST, params={"network": "192.0.2.1"}, headers=admin), 404),
        (api.http.delete(BLOCKLIST, params={"network": "nonsense"}, headers=admin), 422),
        (api.http.delete(BLOCKLIST, headers=admin), 422),
    ]
    for response, status in cases:
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"]


def test_only_admins_reach_the_blocklist(api: Api) -> None:
    user = api.user("hana@example.com")
    for headers, status in (({}, 401), (user, 403)):
        assert api.http.get(BLOCKLIST, headers=headers).status_code == status
        response = api.http.post(BLOCKLIST, json={"network": "192.0.2.1"}, headers=headers)
        assert response.status_code == status
        response = api.http.delete(BLOCKLIST, params={"network": "192.0.2.1"}, headers=headers)
        assert response.status_code == status
    with api.container.uow() as uow:
        assert uow.blocklist.list() == []


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.db'}"
    else:
        with fresh_postgres_database() as url:
            yield url


def _status(base: str, client: str, path: str = "/api/v1/sakes") -> int:
    return httpx.get(f"{base}{path}", headers={"X-Forwarded-For": client}).status_code


def _wait_for(base: str, client: str, status: int, limit: float = 10.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if _status(base, client) == status:
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"{client} did not get {status} from {base} within {limit} s")


def test_a_block_reaches_another_instance_within_10_seconds(
    tmp_path: Path, database_url: str
) -> None:
    # 127.0.0.1 stands in for the load balancer, so each request can name its client.
    settings = {"trusted_proxies": ["127.0.0.1"]}
    first = instance_container(tmp_path / "a", database_url, **settings)
    second = instance_container(tmp_path / "b", database_url, **settings)
    admin = admin_headers(first)
    with app_instance(first) as a, app_instance(second) as b:
        assert _status(b, "203.0.113.9") == 200  # the second instance has read the empty list
        added = httpx.post(
            f"{a}{BLOCKLIST}", json={"network": "203.0.113.0/24", "reason": "abuse"}, headers=admin
        )
        assert added.status_code == 201
        assert _wait_for(b, "203.0.113.9", 403) < 10
        refused = httpx.get(f"{b}/api/v1/sakes", headers={"X-Forwarded-For": "203.0.113.9"})
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["status"] == 403 and "blocked" in refused.json()["detail"]
        assert refused.headers["x-content-type-options"] == "nosniff"
        assert _status(b, "198.51.100.1") == 200  # others are served
        assert _status(b, "203.0.113.9", "/healthz") == 200  # probes are never blocked
        metrics = httpx.get(f"{b}/metrics").text
        assert re.search(
            r'^sakesensei_http_rejected_total\{reason="blocklist"\} [1-9]', metrics, re.M
        )

        lifted = httpx.delete(
            f"{a}{BLOCKLIST}", params={"network": "203.0.113.0/24"}, headers=admin
        )
        assert lifted.status_code == 204
        assert _wait_for(b, "203.0.113.9", 200) < 10
    first.close()
    second.close()
