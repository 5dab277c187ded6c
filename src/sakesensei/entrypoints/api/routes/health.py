"""Liveness, readiness and metrics, for load balancers, orchestrators and Prometheus."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from sakesensei.bootstrap import Container
from sakesensei.entrypoints.api.middleware.metrics import ApiMetrics
from sakesensei.entrypoints.api.problems import problem

router = APIRouter(tags=["health"])
log = logging.getLogger("sakesensei.api.health")


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """The database answers, its schema is at the revision this version needs, and the
    blob store answers."""
    container: Container = request.app.state.container
    try:
        current, head = container.database_revision()
        with container.uow() as uow:
            count = uow.sakes.count()
    except Exception:  # any failure to reach storage means "not ready"
        # The cause goes to the log, not to whoever can reach this public URL.
        log.warning("not ready: the database does not answer", exc_info=True)
        return problem(503, "Not ready", "the database does not answer", "/readyz")
    if current != head:
        detail = (
            f"the database schema is at revision {current or 'none'} but this version needs "
            f"{head}; run `sakesensei db upgrade`"
        )
        return problem(503, "Not ready", detail, "/readyz")
    try:
        container.blobs.check()  # one cheap call: a stat of the folder, or a HEAD of the bucket
    except Exception:
        log.warning("not ready: the blob store does not answer", exc_info=True)
        return problem(503, "Not ready", "the blob store does not answer", "/readyz")
    return JSONResponse(
        {"status": "ok", "database": "ok", "blobs": "ok", "revision": current, "sake": count}
    )


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Prometheus text exposition of this process's request counts and latencies."""
    registry: ApiMetrics = request.app.state.metrics
    return Response(registry.render(), media_type=registry.content_type)
