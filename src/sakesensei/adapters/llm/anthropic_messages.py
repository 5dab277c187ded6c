"""Anthropic's Messages API, streamed: POST {base}/v1/messages with stream=true and tools,
read as server-sent events (content blocks of text and tool_use)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from sakesensei.adapters.llm.http_errors import malformed, refusal, unreachable
from sakesensei.adapters.llm.sse import sse_events
from sakesensei.adapters.llm.wire import provider_client, tool_arguments
from sakesensei.domain.llm import (
    ModelChunk,
    ModelMessage,
    ModelStop,
    TextDelta,
    ToolRequest,
    ToolSpec,
    ToolUse,
)

DEFAULT_BASE_URL = "https://api.anthropic.com"
API_VERSION = "2023-06-01"


@dataclass
class _Block:
    kind: str
    id: str = ""
    name: str = ""
    json: list[str] = field(default_factory=list)


def wire_messages(messages: Sequence[ModelMessage]) -> list[dict[str, Any]]:
    """Messages as content blocks; tool results travel in the user's turn, and turns of one
    role in a row are merged, as the API wants them alternating."""
    out: list[dict[str, Any]] = []
    for m in messages:
        blocks: list[dict[str, Any]]
        role = "user" if m.role in ("user", "tool") else "assistant"
        if m.role == "tool":
            blocks = [
                {
                    "type": "tool_result",
                    "tool_use_id": m.tool_use_id,
                    "content": m.text,
                    "is_error": m.is_error,
                }
            ]
        else:
            blocks = [{"type": "text", "text": m.text}] if m.text else []
            blocks += [
                {
                    "type": "tool_use",
                    "id": u.id,
                    "name": u.name,
                    "input": tool_arguments(u.arguments),
                }
                for u in m.tool_uses
            ]
        if not blocks:
            continue
        if out and out[-1]["role"] == role:
            out[-1]["content"].extend(blocks)
        else:
            out.append({"role": role, "content": blocks})
    return out


def wire_tools(tools: Sequence[ToolSpec]) -> list[dict[str, Any]]:
    return [
        {"name": t.name, "description": t.description, "input_schema": t.parameters} for t in tools
    ]


def read_stream(provider: str, lines: Iterable[str]) -> Iterator[ModelChunk]:
    blocks: dict[int, _Block] = {}
    stop: str | None = None
    uses = 0
    for _, data in sse_events(lines):
        try:
            event = json.loads(data)
        except ValueError:
            raise malformed(provider, "a stream event that is not JSON") from None
        kind = event.get("type") if isinstance(event, dict) else None
        if kind == "error":
            error = event.get("error") or {}
            raise malformed(provider, f"an error mid-stream: {error.get('message', error)}")
        if kind == "content_block_start":
            start = event.get("content_block") or {}
            block = _Block(str(start.get("type")), start.get("id", ""), start.get("name", ""))
            blocks[int(event.get("index", 0))] = block
            if block.kind == "text" and start.get("text"):
                yield TextDelta(str(start["text"]))
        elif kind == "content_block_delta":
            delta = event.get("delta") or {}
            if delta.get("type") == "text_delta" and delta.get("text"):
                yield TextDelta(str(delta["text"]))
            elif delta.get("type") == "input_json_delta":
                found = blocks.get(int(event.get("index", 0)))
                if found is not None:
                    found.json.append(str(delta.get("partial_json", "")))
        elif kind == "content_block_stop":
            found = blocks.pop(int(event.get("index", 0)), None)
            if found is not None and found.kind == "tool_use":
                uses += 1
                yield ToolRequest(ToolUse(found.id, found.name, "".join(found.json) or "{}"))
        elif kind == "message_delta":
            stop = (event.get("delta") or {}).get("stop_reason") or stop
        elif kind == "message_stop":
            yield ModelStop("tool_use" if uses else "max_tokens" if stop == "max_tokens" else "end")
            return
    raise malformed(provider, "a stream that ended before the answer did")


class AnthropicModel:
    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        max_tokens: int = 1024,
        read_timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._model = model
        self._max_tokens = max_tokens
        headers = {"anthropic-version": API_VERSION}
        if api_key:
            headers["x-api-key"] = api_key
        self._client = provider_client(
            base_url or DEFAULT_BASE_URL, headers, read_timeout, transport
        )

    @property
    def name(self) -> str:
        return f"anthropic:{self._model}"

    def stream(
        self, system: str, messages: Sequence[ModelMessage], tools: Sequence[ToolSpec]
    ) -> Iterator[ModelChunk]:
        body: dict[str, Any] = {
            "model": self._model,
            "max_tokens": self._max_tokens,
            "system": system,
            "messages": wire_messages(messages),
            "stream": True,
        }
        if tools:
            body["tools"] = wire_tools(tools)
        try:
            with self._client.stream("POST", "/v1/messages", json=body) as response:
                if response.status_code >= 400:
                    raise refusal(self.name, response)
                yield from read_stream(self.name, response.iter_lines())
        except httpx.HTTPError as exc:
            raise unreachable(self.name, exc) from exc

    def close(self) -> None:
        self._client.close()
