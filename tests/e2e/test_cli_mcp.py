"""`sakesensei mcp` spawned by the real MCP SDK client over stdio, with its own data directory:
the tools listed and called, a user's own data only with their API key, a revoked key
refused mid-session, and a wrong key stopping the command with a message."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sakesensei import bootstrap
from sakesensei.agent.tools import TOOLS
from sakesensei.config import load_settings
from sakesensei.services.api_keys import ApiKeys
from tests.e2e.conftest import cli_env
from tests.support.mcp_clients import run, stdio_client, structured, text_of

COMMAND = [sys.executable, "-m", "sakesensei", "mcp"]
PASSWORD = "Stdio-Sake-2026!"


@dataclass
class DataDir:
    path: Path
    container: bootstrap.Container

    def env(self, **extra: str) -> dict[str, str]:
        return cli_env(self.path, **extra)

    @property
    def keys(self) -> ApiKeys:
        return ApiKeys(self.container.uow, bootstrap.utc_now)


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[DataDir]:
    """A data directory migrated and loaded beforehand, so the command starts quickly."""
    path = tmp_path / "var"
    container = bootstrap.start(load_settings(data_dir=path))
    yield DataDir(path, container)
    container.close()


@pytest.mark.parametrize("mode", ["auto", "legacy"])
def test_without_a_key_the_catalog_tools_work_over_stdio(
    data_dir: DataDir, tmp_path: Path, mode: str
) -> None:
    async def scenario() -> None:
        async with stdio_client(COMMAND, data_dir.env(), str(tmp_path), mode) as client:
            listed = (await client.list_tools()).tools
            assert [t.name for t in listed] == TOOLS.names()
            found = structured(await client.call_tool("search_sake", {"query": "だっさい"}))
            assert found["items"][0]["name"].startswith("獺祭")
            details = structured(
                await client.call_tool("get_sake_details", {"sake_id": found["items"][0]["id"]})
            )
            assert details["brewery"]["name"] == "旭酒造"
            term = structured(await client.call_tool("explain_term", {"term": "hiyaoroshi"}))
            assert term["entries"][0]["term"] == "ひやおろし"
            refused = await client.call_tool("get_tasting_history", {})
            assert refused.is_error and "SAKESENSEI_API_KEY" in text_of(refused)
            wrong = await client.call_tool("get_similar_sakes", {"sake_id": "one"})
            assert wrong.is_error and "invalid arguments" in text_of(wrong)

    run(scenario)


def test_an_api_key_gives_the_tools_its_users_data_until_it_is_revoked(
    data_dir: DataDir, tmp_path: Path
) -> None:
    hana = data_dir.container.accounts.create_user("hana@example.com", PASSWORD)
    ken = data_dir.container.accounts.create_user("ken@example.com", PASSWORD)
    hanas = data_dir.keys.create(hana.id, "stdio assistant")
    kens = data_dir.keys.create(ken.id, "kens assistant")

    async def as_hana() -> None:
        env = data_dir.env(SAKESENSEI_API_KEY=hanas.secret)
        async with stdio_client(COMMAND, env, str(tmp_path)) as client:
            dassai = structured(await client.call_tool("search_sake", {"query": "dassai"}))
            sake_id = dassai["items"][0]["id"]
            logged = structured(
                await client.call_tool("add_tasting_record", {"sake_id": sake_id, "rating": 5})
            )
            assert logged["rating"] == 5
            changed = structured(
                await client.call_tool("update_user_preferences", {"sweetness": 1})
            )
            assert changed["preferences"]["sweetness"] == 1
            assert structured(await client.call_tool("get_tasting_history", {}))["total"] == 1
            picks = structured(await client.call_tool("get_recommendations", {"limit": 3}))
            assert picks["personal"] and picks["preferences"]["sweetness"] == 1
            # Revoked while the assistant is connected: the very next call is refused.
            data_dir.keys.revoke(hana.id, hanas.key.id)
            after = await client.call_tool("get_tasting_history", {})
            assert after.is_error and "revoked or mistyped" in text_of(after)

    async def as_ken() -> None:
        env = data_dir.env(SAKESENSEI_API_KEY=kens.secret)
        async with stdio_client(COMMAND, env, str(tmp_path)) as client:
            assert structured(await client.call_tool("get_tasting_history", {}))["total"] == 0
            prefs = structured(await client.call_tool("get_user_preferences", {}))
            assert prefs["updated_at"] is None

    run(as_hana)
    run(as_ken)


def test_a_wrong_key_stops_the_command_with_a_message(data_dir: DataDir, tmp_path: Path) -> None:
    done = subprocess.run(
        [*COMMAND, "--api-key", "ssk_0000_not-a-key"],
        capture_output=True,
        text=True,
        timeout=120,
        input="",
        env=data_dir.env(),
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert "revoked or mistyped" in done.stderr and done.stdout == ""
