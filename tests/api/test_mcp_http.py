"""The MCP gateway at /mcp with the real MCP SDK client over streamable HTTP, on both
databases: every tool listed and called, user-scoped tools only with a token, a user's
key never showing another user's data, revoked keys refused; and /mcp living inside the
API's protections without appearing in its OpenAPI."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from sakesensei.agent.tools import TOOLS
from sakesensei.domain.memory import MemoryFact
from tests.api.conftest import Api
from tests.support.instances import app_instance, instance_container
from tests.support.labels import DASSAI_23, label_of_spec
from tests.support.mcp_clients import http_client, leaf_errors, run, structured, text_of

USER_SCOPED = {t.name for t in TOOLS if t.user_scoped}
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "raw-test", "version": "0"},
    },
}
MCP_HEADERS = {"Accept": "application/json, text/event-stream"}


def token_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def api_key(api: Api, headers: dict[str, str], name: str = "assistant") -> dict[str, Any]:
    created = api.http.post("/api/v1/me/api-keys", headers=headers, json={"name": name})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


async def every_tool(client: Client) -> dict[str, dict[str, Any]]:
    """Call each tool once with arguments that work; their structured results by name."""
    out: dict[str, dict[str, Any]] = {}

    async def call(tool: str, /, **arguments: Any) -> dict[str, Any]:
        out[tool] = structured(await client.call_tool(tool, arguments))
        return out[tool]

    found = await call("search_sake", query="dassai", limit=3)
    dassai = found["items"][0]["id"]
    await call("search_sakes_by_characteristics", sweetness_max=2, price_max=3000, limit=3)
    await call("get_sake_details", sake_id=dassai)
    await call("get_similar_sakes", sake_id=dassai, limit=3)
    await call("recommend_for_dish", dish="刺身", limit=3)
    brewery = await call("get_brewery_info", name="旭酒造")
    await call("list_brewery_sakes", brewery_id=brewery["brewery"]["id"], limit=5)
    await call("search_breweries_by_region", region="東北", limit=5)
    await call("get_recommendations", limit=3)
    await call("get_user_preferences")
    await call("update_user_preferences", sweetness=2, budget_yen=3000)
    await call("get_preference_history")
    await call("add_tasting_record", sake_id=dassai, rating=4, notes="華やか")
    await call("get_tasting_history")
    await call("get_tasting_statistics")
    await call("explain_term", term="精米歩合")
    await call("recall_memory")
    photo = base64.b64encode(label_of_spec(DASSAI_23, "vertical")).decode()
    await call("identify_sake_from_image", image_base64=photo)
    return out


@pytest.mark.parametrize("mode", ["auto", "legacy"])
def test_every_tool_is_listed_with_its_schemas_and_hints(api: Api, mode: str) -> None:
    async def scenario() -> None:
        async with http_client(api.base, mode=mode) as client:
            listed = (await client.list_tools()).tools
        assert [t.name for t in listed] == TOOLS.names() and len(listed) == 18
        for tool in listed:
            registered = TOOLS.get(tool.name)
            assert registered is not None and tool.description
            assert tool.input_schema == registered.input_schema()
            assert tool.output_schema == registered.output_schema()
            hints = tool.annotations
            assert hints is not None and hints.open_world_hint is False
            assert hints.read_only_hint == registered.hints.read_only
            assert hints.idempotent_hint == registered.hints.idempotent
            assert hints.destructive_hint is False
            assert ("Needs a signed-in user" in tool.description) == (tool.name in USER_SCOPED)

    run(scenario)


def test_with_an_api_key_every_tool_works_on_the_users_own_data(api: Api) -> None:
    hana = api.user("hana@example.com")
    key = api_key(api, hana)

    async def scenario() -> None:
        async with http_client(api.base, key["secret"]) as client:
            results = await every_tool(client)
        assert set(results) == set(TOOLS.names())
        assert results["get_recommendations"]["personal"] is True
        assert results["update_user_preferences"]["preferences"]["budget_yen"] == 3000
        assert results["get_tasting_history"]["total"] == 1
        assert results["get_preference_history"]["items"][0]["source"] == "chat"
        label = results["identify_sake_from_image"]
        assert label["identified"] and label["match"]["name"] == DASSAI_23.name
        assert 0 <= label["fit"]["score"] <= 100

    run(scenario)
    # What the tools wrote is what the REST API shows.
    journal = api.http.get("/api/v1/me/tastings", headers=hana).json()
    assert journal["total"] == 1 and journal["items"][0]["notes"] == "華やか"
    assert api.http.get("/api/v1/me/preferences", headers=hana).json()["budget_yen"] == 3000
    assert api.http.get("/api/v1/me/api-keys", headers=hana).json()["items"][0]["last_used_at"]


def test_without_a_token_only_the_catalog_tools_work(api: Api) -> None:
    async def scenario() -> None:
        async with http_client(api.base) as client:
            for name in sorted(USER_SCOPED):
                result = await client.call_tool(name, {})
                assert result.is_error, name
                assert "signed-in user" in text_of(result) and "sign_in_required" in text_of(result)
            picks = structured(await client.call_tool("get_recommendations", {"sweetness": 1}))
            assert picks["personal"] is False and picks["items"]
            term = structured(await client.call_tool("explain_term", {"term": "冷や vs 冷酒"}))
            assert [e["term"] for e in term["entries"]] == ["冷や", "冷酒"]

    run(scenario)


def test_a_users_key_never_shows_another_users_data(api: Api) -> None:
    hana = api.user("hana@example.com")
    ken = api.user("ken@example.com")
    hanas_key = api_key(api, hana)
    with api.container.uow() as uow:
        hana_id = uow.users.get_by_email("hana@example.com").id  # type: ignore[union-attr]
        now = datetime.now(UTC)
        uow.memory.put_fact(MemoryFact(hana_id, "budget", "about 3000 yen", now, now))
        uow.commit()

    async def scenario() -> None:
        async with http_client(api.base, hanas_key["secret"]) as client:
            dassai = structured(await client.call_tool("search_sake", {"query": "dassai"}))
            sake_id = dassai["items"][0]["id"]
            await client.call_tool("add_tasting_record", {"sake_id": sake_id, "rating": 5})
            await client.call_tool("update_user_preferences", {"liked_aromas": ["melon"]})
            memory = structured(await client.call_tool("recall_memory", {}))
            assert [f["value"] for f in memory["facts"]] == ["about 3000 yen"]
        # Ken, with his access token (not a key), sees none of it.
        async with http_client(api.base, token_of(ken)) as client:
            history = structured(await client.call_tool("get_tasting_history", {}))
            assert history == {"items": [], "total": 0}
            prefs = structured(await client.call_tool("get_user_preferences", {}))
            assert prefs["liked_aromas"] == [] and prefs["updated_at"] is None
            assert structured(await client.call_tool("recall_memory", {}))["facts"] == []
            stats = structured(await client.call_tool("get_tasting_statistics", {}))
            assert stats["count"] == 0
            await client.call_tool("add_tasting_record", {"sake_id": sake_id, "rating": 1})
        async with http_client(api.base, hanas_key["secret"]) as client:
            mine = structured(await client.call_tool("get_tasting_history", {}))
            assert [i["rating"] for i in mine["items"]] == [5]

    run(scenario)


def test_a_revoked_key_is_refused(api: Api) -> None:
    hana = api.user("hana@example.com")
    key = api_key(api, hana)

    async def works() -> None:
        async with http_client(api.base, key["secret"]) as client:
            structured(await client.call_tool("get_user_preferences", {}))

    async def refused() -> None:
        with pytest.raises(BaseException) as caught:
            async with http_client(api.base, key["secret"]) as client:
                await client.call_tool("get_user_preferences", {})
        assert any(isinstance(e, MCPError) for e in leaf_errors(caught.value)), caught.value

    run(works)
    assert api.http.delete(f"/api/v1/me/api-keys/{key['id']}", headers=hana).status_code == 204
    run(refused)
    raw = api.http.post(
        "/mcp", json=INITIALIZE, headers={**MCP_HEADERS, "Authorization": f"Bearer {key['secret']}"}
    )
    assert raw.status_code == 401
    assert raw.headers["content-type"] == "application/problem+json"
    assert raw.headers["www-authenticate"].startswith("Bearer")
    assert "revoked or mistyped" in raw.json()["detail"]


@pytest.mark.parametrize(
    ("authorization", "detail"),
    [
        ("Bearer not-a-jwt", "token"),
        ("Bearer ssk_0000_guess", "revoked or mistyped"),
        ("Basic aGFuYTpwdw==", "Authorization: Bearer"),
        ("Bearer", "Authorization: Bearer"),
    ],
)
def test_bad_credentials_answer_401_and_never_reach_the_tools(
    api: Api, authorization: str, detail: str
) -> None:
    raw = api.http.post(
        "/mcp", json=INITIALIZE, headers={**MCP_HEADERS, "Authorization": authorization}
    )
    assert raw.status_code == 401, raw.text
    assert detail in raw.json()["detail"]


def test_bad_calls_come_back_as_tool_errors_a_model_can_read(api: Api) -> None:
    async def scenario() -> None:
        async with http_client(api.base) as client:
            wrong = await client.call_tool("get_sake_details", {"sake_id": "獺祭"})
            assert wrong.is_error and "invalid arguments for get_sake_details: sake_id" in text_of(
                wrong
            )
            missing = await client.call_tool("get_sake_details", {"sake_id": 2_000_000_000})
            assert missing.is_error and "no sake with id" in text_of(missing)
            extra = await client.call_tool("search_sake", {"query": "dassai", "sql": "drop"})
            assert extra.is_error and "is not an argument of search_sake" in text_of(extra)
            with pytest.raises(MCPError, match="no tool called 'open_the_bar'"):
                await client.call_tool("open_the_bar", {})

    run(scenario)


def test_raw_requests_that_make_no_sense_are_refused_not_failed(api: Api) -> None:
    # With no sessions there is no stream to open and none to end.
    for method in ("GET", "DELETE", "PUT"):
        response = api.http.request(method, "/mcp", headers=MCP_HEADERS)
        assert response.status_code == 405 and response.headers["allow"] == "POST"
        assert response.headers["content-type"] == "application/problem+json"
    for kwargs in (
        {"content": b"{not json", "headers": {**MCP_HEADERS, "Content-Type": "application/json"}},
        {"content": b"{not json", "headers": MCP_HEADERS},
        {"json": {"jsonrpc": "2.0"}, "headers": MCP_HEADERS},
        {"json": [1, 2, 3], "headers": MCP_HEADERS},
    ):
        response = api.http.post("/mcp", **kwargs)  # type: ignore[arg-type]
        assert 400 <= response.status_code < 500, (kwargs, response.status_code, response.text)


def test_mcp_stays_out_of_the_openapi_and_is_counted_in_the_metrics(api: Api) -> None:
    schema = api.http.get("/api/v1/openapi.json").json()
    assert not any(path.startswith("/mcp") for path in schema["paths"])
    assert "/api/v1/me/api-keys" in schema["paths"]
    ok = api.http.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS)
    assert ok.status_code == 200 and ok.json()["result"]["serverInfo"]["name"] == "sakesensei"
    assert ok.headers["x-request-id"] and ok.headers["x-content-type-options"] == "nosniff"
    metrics = api.http.get("/metrics").text
    assert 'route="/mcp"' in metrics


def test_the_api_protections_cover_mcp(tmp_path: Path) -> None:
    container = instance_container(tmp_path, rate_limit_requests=3, max_body_bytes=4096)
    with app_instance(container) as base, httpx.Client(base_url=base, timeout=30) as http:
        too_big = http.post(
            "/mcp",
            content=b'{"jsonrpc": "2.0", "pad": "' + b"x" * 8192 + b'"}',
            headers={**MCP_HEADERS, "Content-Type": "application/json"},
        )
        assert too_big.status_code == 413
        answers = [
            http.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS).status_code for _ in range(3)
        ]
        assert answers[:2] == [200, 200] and answers[2] == 429
    container.close()
