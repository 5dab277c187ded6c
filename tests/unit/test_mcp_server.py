"""build_server() with the MCP SDK's in-process client, over the in-memory fakes: how tools,
results and failures are put on the wire, and whose data a call sees."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from mcp import Client
from mcp.server import ServerRequestContext
from mcp.shared.exceptions import MCPError

from sakesensei.agent.tools import TOOLS, ToolContext
from sakesensei.entrypoints.mcp.server import build_server
from sakesensei.entrypoints.mcp.stdio import api_key_context
from sakesensei.services.api_keys import ApiKeys
from tests.support.fakes import FakeUnitOfWork
from tests.support.mcp_clients import run, structured, text_of
from tests.support.tool_world import ALICE, ToolWorld, build_tool_world


@pytest.fixture
def world() -> ToolWorld:
    return build_tool_world()


def fixed(context: ToolContext) -> Any:
    async def context_for(ctx: ServerRequestContext[Any, Any]) -> ToolContext:
        return context

    return context_for


@pytest.mark.parametrize("mode", ["auto", "legacy"])
def test_tools_are_listed_as_registered(world: ToolWorld, mode: str) -> None:
    async def scenario() -> None:
        async with Client(build_server(fixed(world.context)), mode=mode) as client:
            listed = (await client.list_tools()).tools
        assert [t.name for t in listed] == TOOLS.names()
        add = next(t for t in listed if t.name == "add_tasting_record")
        assert add.annotations is not None
        assert (add.annotations.read_only_hint, add.annotations.idempotent_hint) == (False, False)
        assert add.title == "Log a tasting" and "Needs a signed-in user" in (add.description or "")

    run(scenario)


def test_results_are_structured_and_also_json_text(world: ToolWorld) -> None:
    async def scenario() -> None:
        async with Client(build_server(fixed(world.as_user(ALICE)))) as client:
            result = await client.call_tool("get_user_preferences", {})
        data = structured(result)
        assert data["sweetness"] == 2 and '"sweetness": 2' in text_of(result)

    run(scenario)


def test_failures_are_tool_errors_and_unknown_tools_protocol_errors(world: ToolWorld) -> None:
    async def scenario() -> None:
        async with Client(build_server(fixed(world.context))) as client:
            refused = await client.call_tool("recall_memory", {})
            assert refused.is_error and text_of(refused).endswith("[sign_in_required]")
            assert refused.structured_content is None
            wrong = await client.call_tool("search_sake", {"query": 1})
            assert wrong.is_error and "[invalid_arguments]" in text_of(wrong)
            with pytest.raises(MCPError, match="no tool called 'nope'"):
                await client.call_tool("nope", {})

    run(scenario)


def test_an_api_key_decides_the_user_on_every_call(world: ToolWorld) -> None:
    keys = ApiKeys(lambda: FakeUnitOfWork(world.store), lambda: datetime.now(UTC))  # type: ignore[arg-type, return-value]
    created = keys.create(ALICE, "stdio")
    server = build_server(api_key_context(world.context, keys, created.secret))

    async def scenario() -> None:
        async with Client(server) as client:
            mine = structured(await client.call_tool("get_tasting_history", {}))
            assert mine["total"] == 1
            keys.revoke(ALICE, created.key.id)
            after = await client.call_tool("search_sake", {"query": "dassai"})
            assert after.is_error and "revoked or mistyped" in text_of(after)

    run(scenario)
    anonymous = build_server(api_key_context(world.context, keys, None))

    async def without_key() -> None:
        async with Client(anonymous) as client:
            assert (await client.call_tool("get_tasting_history", {})).is_error
            assert not (await client.call_tool("search_sake", {"query": "dassai"})).is_error

    run(without_key)
