"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from sakesensei.entrypoints.api.deps import UowFactory

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(uow_factory: UowFactory) -> JSONResponse:
    """The database answers and holds a catalog."""
    try:
        with uow_factory() as uow:
            count = uow.sakes.count()
    except Exception as exc:  # any failure to reach storage means "not ready"
        return JSONResponse({"status": "unavailable", "database": str(exc)[:200]}, status_code=503)
    return JSONResponse({"status": "ok", "sake": count})
