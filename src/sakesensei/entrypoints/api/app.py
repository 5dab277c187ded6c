"""create_app(): the FastAPI application, built from a started container."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from starlette.routing import Route

from sakesensei import __version__
from sakesensei.bootstrap import Container, utc_now
from sakesensei.entrypoints.api import middleware, problems
from sakesensei.entrypoints.api.routes import (
    admin,
    admin_blocklist,
    api_keys,
    auth,
    breweries,
    chat,
    export,
    health,
    me,
    memory,
    pairings,
    preferences,
    recommendations,
    sakes,
    scan,
    tastings,
)
from sakesensei.entrypoints.api.sommelier import chat_streams
from sakesensei.entrypoints.mcp.http import McpGateway, mcp_gateway
from sakesensei.services.backup_schedule import BackupScheduler
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.label_scan import LabelScanner
from sakesensei.services.recommendations import RecommendationService


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Background work starts with the server, not when the app is built (building must
    # do no I/O: the OpenAPI document is made from an app that never serves).
    service: RecommendationService = app.state.recommendations
    gateway: McpGateway = app.state.mcp
    service.start()
    # Scheduled backups, when SAKESENSEI_BACKUP_SCHEDULE is on (one replica is enough).
    backups: BackupScheduler | None = app.state.backup_scheduler
    if backups is not None:
        backups.start()
    # The OCR models, the label index, the sommelier's lexicon and the route table are
    # made ready in the background: the first requests should not pay for them, and
    # neither should the start of the server.
    threading.Thread(target=_warm_up, args=(app,), name="warm-up", daemon=True).start()
    try:
        # The MCP gateway's task group lives as long as the server.
        async with gateway.run():
            yield
    finally:
        await anyio.to_thread.run_sync(service.stop)
        if backups is not None:
            # A backup cut short leaves a partial folder that the next one removes.
            await anyio.to_thread.run_sync(lambda: backups.stop(30))


def _warm_up(app: FastAPI) -> None:
    log = logging.getLogger(__name__)
    scanner: LabelScanner = app.state.scanner
    try:
        scanner.warm_up()
    except Exception:  # the first scan will try again and report the cause to its caller
        log.exception("label scan warm-up failed")
    try:
        app.state.chat.warm_up()
        app.state.route_templates.template_for("/healthz")
    except Exception:  # the first chat (or request) builds them instead
        log.exception("chat warm-up failed")
    if app.state.freeze_heap:
        # What the process keeps for its whole life is in memory now. Frozen, the garbage
        # collector no longer walks it: a full collection had cost about 0.2 s, a pause
        # that fell on whichever requests were running.
        gc.freeze()


def create_app(container: Container, *, freeze_heap: bool = False) -> FastAPI:
    """The application. `freeze_heap` is for a process that serves only this app (the
    `serve api` command): once warmed up, what it holds is kept out of the garbage
    collector's full passes. A process that builds many apps (the tests) leaves it off,
    since whatever is frozen is never collected."""
    app = FastAPI(
        # Every route may answer with a problem; the OpenAPI says so for each of them.
        responses=problems.PROBLEM_RESPONSES,
        title="Sake Sensei API",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.uow_factory = container.uow
    app.state.freeze_heap = freeze_heap
    app.state.container = container
    app.state.catalog = CatalogCache(container.uow)
    app.state.recommendations = RecommendationService(
        container.uow,
        app.state.catalog,
        utc_now,
        refresh_seconds=container.settings.reco_refresh_seconds,
    )
    s = container.settings
    app.state.scanner = LabelScanner(
        container.uow,
        app.state.catalog,
        container.label_reader,
        container.blobs,
        utc_now,
        app.state.recommendations,
        max_bytes=s.scan_max_bytes,
        max_pixels=s.scan_max_pixels,
        ocr_side=s.scan_ocr_side,
    )
    app.state.backup_scheduler = (
        container.backup_scheduler() if container.settings.backup_schedule else None
    )
    app.state.mcp = mcp_gateway(
        container, app.state.catalog, app.state.recommendations, scanner=app.state.scanner
    )
    app.state.chat = chat_streams(
        container, app.state.catalog, app.state.recommendations, scanner=app.state.scanner
    )
    problems.install(app)
    middleware.install(app, container)
    app.include_router(health.router)
    app.include_router(sakes.router, prefix="/api/v1")
    app.include_router(breweries.router, prefix="/api/v1")
    app.include_router(pairings.router, prefix="/api/v1")
    app.include_router(auth.router, prefix="/api/v1")
    app.include_router(auth.jwks_router)
    app.include_router(me.router, prefix="/api/v1")
    app.include_router(api_keys.router, prefix="/api/v1")
    app.include_router(preferences.router, prefix="/api/v1")
    app.include_router(tastings.router, prefix="/api/v1")
    app.include_router(recommendations.router, prefix="/api/v1")
    app.include_router(export.router, prefix="/api/v1")
    app.include_router(scan.router, prefix="/api/v1")
    app.include_router(chat.router, prefix="/api/v1")
    app.include_router(memory.router, prefix="/api/v1")
    app.include_router(admin.router, prefix="/api/v1")
    app.include_router(admin_blocklist.router, prefix="/api/v1")
    # MCP for AI assistants (streamable HTTP): an ASGI endpoint, so not in the OpenAPI.
    app.router.routes.append(Route("/mcp", app.state.mcp))
    return app
