"""What every provider client shares: its HTTP client, and tool arguments read back from JSON."""

from __future__ import annotations

import json
from typing import Any

import httpx


def provider_client(
    base_url: str,
    headers: dict[str, str],
    read_timeout: float,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    return httpx.Client(
        base_url=base_url.rstrip("/"),
        headers=headers,
        # A read that waits longer than this (a stalled stream) ends the request.
        timeout=httpx.Timeout(read_timeout, connect=min(read_timeout, 5.0)),
        transport=transport,
    )


def tool_arguments(text: str) -> dict[str, Any]:
    """A tool call's arguments as the model streamed them; {} when they are not an object."""
    try:
        parsed = json.loads(text or "{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}
