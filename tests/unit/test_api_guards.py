"""The pieces of the API's protections that need no server: the blocklist cache, body limits,
route templates for metrics, the docs page policy."""

from __future__ import annotations

import asyncio
import base64
import hashlib

from fastapi import APIRouter, FastAPI
from starlette.routing import Route

from sakesensei.domain.networks import NetworkSet
from sakesensei.entrypoints.api.middleware.blocklist import BlocklistCache
from sakesensei.entrypoints.api.middleware.body_limit import BodyLimits
from sakesensei.entrypoints.api.middleware.headers import docs_policy
from sakesensei.entrypoints.api.middleware.routes import UNMATCHED, RouteTemplates


class Source:
    """What the database holds, and how often it was asked."""

    def __init__(self) -> None:
        self.networks = ["203.0.113.0/24"]
        self.reads = 0
        self.fail = False

    def __call__(self) -> NetworkSet:
        self.reads += 1
        if self.fail:
            raise RuntimeError("database down")
        return NetworkSet(self.networks)


def test_the_blocklist_is_reread_only_when_older_than_its_max_age() -> None:
    now = [0.0]
    source = Source()
    cache = BlocklistCache(source, max_age=5, clock=lambda: now[0])

    async def scenario() -> None:
        assert "203.0.113.7" in await cache.current()
        source.networks = []
        now[0] = 4.9
        assert "203.0.113.7" in await cache.current()  # still the cached list
        now[0] = 5.0
        assert "203.0.113.7" not in await cache.current()
        assert source.reads == 2
        # When the database fails, the last list stays in force until the next try.
        source.networks, source.fail = ["198.51.100.0/24"], True
        now[0] = 10.0
        assert len(await cache.current()) == 0
        source.fail = False
        now[0] = 15.0
        assert "198.51.100.1" in await cache.current()

    asyncio.run(scenario())


def test_body_limits_take_the_longest_matching_prefix() -> None:
    limits = BodyLimits(1000, {"/api/v1/scan": 10_000, "/api/v1/scan/batch": 50_000})
    assert limits.for_path("/api/v1/sakes") == 1000
    assert limits.for_path("/api/v1/scan") == 10_000
    assert limits.for_path("/api/v1/scan/batch/7") == 50_000


def test_route_templates_prefer_static_paths_and_never_echo_raw_ones() -> None:
    app = FastAPI()
    router = APIRouter(prefix="/me/tastings")

    @router.get("/{tasting_id}")
    def one(tasting_id: str) -> None: ...

    @router.get("/stats")
    def stats() -> None: ...

    @app.get("/files/{rest:path}")
    def files(rest: str) -> None: ...

    app.include_router(router, prefix="/api/v1")
    app.router.routes.append(Route("/plain", lambda request: None))
    templates = RouteTemplates(app)

    def of(path: str) -> str:
        return templates.of({"path": path})

    assert of("/api/v1/me/tastings/stats") == "/api/v1/me/tastings/stats"
    assert of("/api/v1/me/tastings/abc-123") == "/api/v1/me/tastings/{tasting_id}"
    assert of("/files/a/b/c.txt") == "/files/{rest}"
    assert of("/plain") == "/plain"
    assert of("/api/v1/me/tastings/abc/extra") == UNMATCHED
    assert of("/wp-login.php") == UNMATCHED


def test_the_docs_policy_allows_each_inline_script_by_hash() -> None:
    page = b'<script src="https://cdn.jsdelivr.net/x.js"></script><script>\nstart()\n</script>'
    digest = base64.b64encode(hashlib.sha256(b"\nstart()\n").digest()).decode()
    policy = docs_policy(page)
    assert f"script-src https://cdn.jsdelivr.net 'sha256-{digest}';" in policy
    assert policy.count("sha256-") == 1
