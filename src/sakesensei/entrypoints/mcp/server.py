"""build_server(): the tool registry as an MCP server, for any transport.

Each tool is listed with its input schema, output schema and effect hints, and answers
with structured content (plus the same JSON as text, for clients that read only text).
A tool that fails answers as an MCP tool error (isError) whose text a model can act on.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import anyio.to_thread
from mcp import types
from mcp.server import Server, ServerRequestContext
from mcp.shared.exceptions import MCPError

from sakesensei import __version__
from sakesensei.agent.tools import TOOLS, Tool, ToolContext, ToolError, ToolRegistry, run_tool

# Who is calling, decided per request by the transport (a bearer token, an API key).
ContextFor = Callable[[ServerRequestContext[Any, Any]], Awaitable[ToolContext]]

INSTRUCTIONS = (
    "Sake Sensei (酒先生) is a sake sommelier. Every sake it names comes from its catalog: "
    "find sake with search_sake (by name) or search_sakes_by_characteristics (by taste, "
    "price, region), and explain sake words with explain_term. Tools marked as needing "
    "a signed-in user work on the caller's own preferences, tasting journal and memory; "
    "connect with an access token or an API key to use them. Confirm with the user "
    "before calling a tool that changes their data."
)


def mcp_tool(tool: Tool[Any, Any]) -> types.Tool:
    description = tool.description
    if tool.user_scoped:
        description += "\n\nNeeds a signed-in user (an access token or API key)."
    return types.Tool(
        name=tool.name,
        title=tool.title,
        description=description,
        input_schema=tool.input_schema(),
        output_schema=tool.output_schema(),
        annotations=types.ToolAnnotations(
            title=tool.title,
            read_only_hint=tool.hints.read_only,
            idempotent_hint=tool.hints.idempotent,
            destructive_hint=tool.hints.destructive,
            # Every tool works on our own catalog and accounts, never the open web.
            open_world_hint=False,
        ),
    )


def tool_failure(exc: ToolError) -> types.CallToolResult:
    return types.CallToolResult(
        content=[types.TextContent(text=f"{exc.message} [{exc.kind.value}]")], is_error=True
    )


def build_server(context_for: ContextFor, tools: ToolRegistry = TOOLS) -> Server[Any]:
    """An MCP server offering `tools`; `context_for` says who each call runs for."""
    listed = [mcp_tool(t) for t in tools]

    async def list_tools(
        ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed)

    async def call_tool(
        ctx: ServerRequestContext[Any, Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        if tools.get(params.name) is None:
            # Calling a tool that was never listed is a protocol error, not a tool's failure.
            raise MCPError(
                types.INVALID_PARAMS,
                f"there is no tool called {params.name!r}; list the tools to see them",
            )
        try:
            context = await context_for(ctx)
            result = await anyio.to_thread.run_sync(
                run_tool, params.name, params.arguments, context, tools
            )
        except ToolError as exc:
            return tool_failure(exc)
        data = result.model_dump(mode="json")
        text = json.dumps(data, ensure_ascii=False)
        return types.CallToolResult(content=[types.TextContent(text=text)], structured_content=data)

    return Server(
        "sakesensei",
        version=__version__,
        title="Sake Sensei",
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )
