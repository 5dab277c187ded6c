"""What the outermost middleware learns about a request, kept in the ASGI scope for the rest.

Starlette exposes scope["state"] as request.state, so routes read the same values
(request.state.client_ip, request.state.request_id).
"""

from __future__ import annotations

from typing import Any

from starlette.types import Scope

from sakesensei.entrypoints.api.middleware.client_ip import UNKNOWN

# Probes from load balancers and scrapers: never rate limited or blocked, so an operator's
# over-broad rule cannot take the service out of its own load balancer.
OPERATIONAL_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def _state(scope: Scope) -> dict[str, Any]:
    state: dict[str, Any] = scope.setdefault("state", {})
    return state


def set_request_facts(scope: Scope, client_ip: str, request_id: str) -> None:
    state = _state(scope)
    state["client_ip"] = client_ip
    state["request_id"] = request_id


def client_ip_of(scope: Scope) -> str:
    ip = _state(scope).get("client_ip")
    if isinstance(ip, str):
        return ip
    client = scope.get("client")
    return str(client[0]) if client else UNKNOWN


def set_request_user(scope: Scope, user_id: str) -> None:
    """Who the request turned out to be for, once a route's dependencies know it."""
    _state(scope)["user_id"] = user_id


def request_user_of(scope: Scope) -> str | None:
    user_id = _state(scope).get("user_id")
    return user_id if isinstance(user_id, str) else None
