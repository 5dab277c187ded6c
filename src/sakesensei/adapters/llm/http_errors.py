"""Turning a provider's HTTP failures into ProviderUnavailable with a reason worth logging."""

from __future__ import annotations

import json

import httpx

from sakesensei.domain.errors import ProviderUnavailable

_MAX_DETAIL = 300


def refusal(provider: str, response: httpx.Response) -> ProviderUnavailable:
    """The error for a non-2xx answer, with the provider's own message when it sent one."""
    try:
        body = response.read().decode("utf-8", "replace")
    except httpx.HTTPError:
        body = ""
    detail = body
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        error = parsed.get("error", parsed)
        detail = str(error.get("message") or error) if isinstance(error, dict) else str(error)
    detail = " ".join(detail.split())[:_MAX_DETAIL]
    return ProviderUnavailable(
        f"{provider} answered HTTP {response.status_code}" + (f": {detail}" if detail else "")
    )


def unreachable(provider: str, exc: httpx.HTTPError) -> ProviderUnavailable:
    kind = type(exc).__name__
    return ProviderUnavailable(f"{provider} failed ({kind}: {exc or 'no detail'})")


def malformed(provider: str, what: str) -> ProviderUnavailable:
    return ProviderUnavailable(f"{provider} sent {what}")
