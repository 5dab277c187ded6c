"""create_app(): the FastAPI application, built from a started container."""

from __future__ import annotations

from fastapi import FastAPI

from sakesensei import __version__
from sakesensei.bootstrap import Container
from sakesensei.entrypoints.api import problems
from sakesensei.entrypoints.api.routes import auth, health, me, sakes


def create_app(container: Container) -> FastAPI:
    app = FastAPI(
        title="Sake Sensei API",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.uow_factory = container.uow
    app.state.container = container
    problems.install(app)
    app.include_router(health.router)
    app.include_router(sakes.router, prefix="/api/v1")
    app.include_router(auth.router, prefix="/api/v1")
    app.include_router(auth.jwks_router)
    app.include_router(me.router, prefix="/api/v1")
    return app
