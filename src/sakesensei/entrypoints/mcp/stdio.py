"""The MCP gateway over stdio, for an assistant that starts `sakesensei mcp` itself.

The user is whoever the API key belongs to (none without one: catalog tools only). The
key is checked again on every call, so revoking it takes effect in a running session.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from mcp.server import Server, ServerRequestContext
from mcp.server.stdio import stdio_server

from sakesensei.agent.tools import ToolContext, as_tool_error
from sakesensei.domain.errors import SakeSenseiError
from sakesensei.entrypoints.mcp.server import ContextFor
from sakesensei.services.api_keys import ApiKeys


def api_key_context(context: ToolContext, api_keys: ApiKeys, api_key: str | None) -> ContextFor:
    """Every call as the owner of `api_key`, or anonymous when there is none."""

    async def context_for(ctx: ServerRequestContext[Any, Any]) -> ToolContext:
        if api_key is None:
            return context
        try:
            user = await anyio.to_thread.run_sync(api_keys.authenticate, api_key)
        except SakeSenseiError as exc:
            raise as_tool_error(exc) from exc
        return context.as_caller(user.id, user.verified)

    return context_for


async def serve_stdio(server: Server[Any]) -> None:
    """Serve until the assistant closes standard input."""
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())
