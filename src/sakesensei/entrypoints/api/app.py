"""create_app(): the FastAPI application, built from a started container."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from sakesensei import __version__
from sakesensei.bootstrap import Container, utc_now
from sakesensei.entrypoints.api import middleware, problems
from sakesensei.entrypoints.api.routes import (
    admin,
    admin_blocklist,
    auth,
    breweries,
    export,
    health,
    me,
    pairings,
    preferences,
    recommendations,
    sakes,
    tastings,
)
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.recommendations import RecommendationService


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Background work starts with the server, not when the app is built (building must
    # do no I/O: the OpenAPI document is made from an app that never serves).
    service: RecommendationService = app.state.recommendations
    service.start()
    try:
        yield
    finally:
        await anyio.to_thread.run_sync(service.stop)


def create_app(container: Container) -> FastAPI:
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
    app.state.container = container
    app.state.catalog = CatalogCache(container.uow)
    app.state.recommendations = RecommendationService(
        container.uow,
        app.state.catalog,
        utc_now,
        refresh_seconds=container.settings.reco_refresh_seconds,
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
    app.include_router(preferences.router, prefix="/api/v1")
    app.include_router(tastings.router, prefix="/api/v1")
    app.include_router(recommendations.router, prefix="/api/v1")
    app.include_router(export.router, prefix="/api/v1")
    app.include_router(admin.router, prefix="/api/v1")
    app.include_router(admin_blocklist.router, prefix="/api/v1")
    return app
