"""The real MCP SDK client, connected over streamable HTTP or stdio, for end-to-end tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx2
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult, TextContent


@asynccontextmanager
async def http_client(
    base: str, token: str | None = None, mode: str = "auto"
) -> AsyncIterator[Client]:
    """A connected client of the gateway at base/mcp, with a bearer token if given."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60) as http,
        Client(streamable_http_client(f"{base}/mcp", http_client=http), mode=mode) as client,
    ):
        yield client


@asynccontextmanager
async def stdio_client(
    command: list[str], env: dict[str, str], cwd: str, mode: str = "auto"
) -> AsyncIterator[Client]:
    """A client of a server process it spawns and talks to over stdin and stdout."""
    params = StdioServerParameters(command=command[0], args=command[1:], env=env, cwd=cwd)
    async with Client(params, read_timeout_seconds=120, mode=mode) as client:
        yield client


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    anyio.run(scenario)


def text_of(result: CallToolResult) -> str:
    return " ".join(c.text for c in result.content if isinstance(c, TextContent))


def structured(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, text_of(result)
    data = result.structured_content
    assert isinstance(data, dict)
    return data


def leaf_errors(exc: BaseException) -> list[BaseException]:
    """The exceptions inside (nested) exception groups, as the SDK's task groups raise them."""
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in leaf_errors(inner)]
    return [exc]
