"""Any OpenAI-compatible chat completions server (OpenAI, Ollama, vLLM, llama.cpp's server):
POST {base}/chat/completions with stream=true and function tools, read as server-sent events.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from sakesensei.adapters.llm.http_errors import malformed, refusal, unreachable
from sakesensei.adapters.llm.sse import sse_events
from sakesensei.adapters.llm.wire import provider_client
from sakesensei.domain.llm import (
    ModelChunk,
    ModelMessage,
    ModelStop,
    TextDelta,
    ToolRequest,
    ToolSpec,
    ToolUse,
)

DEFAULT_BASE_URL = "https://api.openai.com/v1"


@dataclass
class _Call:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


def wire_messages(system: str, messages: Sequence[ModelMessage]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"role": "system", "content": system}]
    for m in messages:
        if m.role == "tool":
            out.append({"role": "tool", "tool_call_id": m.tool_use_id, "content": m.text})
        elif m.role == "assistant" and m.tool_uses:
            out.append(
                {
                    "role": "assistant",
                    "content": m.text or None,
                    "tool_calls": [
                        {
                            "id": u.id,
                            "type": "function",
                            "function": {"name": u.name, "arguments": u.arguments or "{}"},
                        }
                        for u in m.tool_uses
                    ],
                }
            )
        else:
            out.append({"role": m.role, "content": m.text})
    return out


def wire_tools(tools: Sequence[ToolSpec]) -> list[dict[str, Any]]:
    return [
        {
            "type": "function",
            "function": {"name": t.name, "description": t.description, "parameters": t.parameters},
        }
        for t in tools
    ]


def read_stream(provider: str, lines: Iterable[str]) -> Iterator[ModelChunk]:
    """The chunks of one streamed completion; tool calls once their arguments are whole."""
    calls: dict[int, _Call] = {}
    finish: str | None = None
    done = False
    for _, data in sse_events(lines):
        if data.strip() == "[DONE]":
            done = True
            break
        try:
            chunk = json.loads(data)
        except ValueError:
            raise malformed(provider, "a stream event that is not JSON") from None
        if not isinstance(chunk, dict):
            raise malformed(provider, "a stream event that is not a JSON object")
        if chunk.get("error"):
            error = chunk["error"]
            message = error.get("message") if isinstance(error, dict) else error
            raise malformed(provider, f"an error mid-stream: {message}")
        for choice in chunk.get("choices") or []:
            delta = choice.get("delta") or {}
            if delta.get("content"):
                yield TextDelta(str(delta["content"]))
            for call in delta.get("tool_calls") or []:
                slot = calls.setdefault(int(call.get("index", len(calls))), _Call())
                slot.id = call.get("id") or slot.id
                function = call.get("function") or {}
                slot.name = function.get("name") or slot.name
                if function.get("arguments"):
                    slot.arguments.append(str(function["arguments"]))
            finish = choice.get("finish_reason") or finish
    if not done and finish is None:
        raise malformed(provider, "a stream that ended before the answer did")
    for index in sorted(calls):
        slot = calls[index]
        yield ToolRequest(ToolUse(slot.id or f"call_{index}", slot.name, "".join(slot.arguments)))
    # Some servers say "stop" even when they called tools; the calls decide.
    yield ModelStop("tool_use" if calls else "max_tokens" if finish == "length" else "end")


class OpenAiCompatibleModel:
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
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = provider_client(
            base_url or DEFAULT_BASE_URL, headers, read_timeout, transport
        )

    @property
    def name(self) -> str:
        return f"openai:{self._model}"

    def stream(
        self, system: str, messages: Sequence[ModelMessage], tools: Sequence[ToolSpec]
    ) -> Iterator[ModelChunk]:
        body: dict[str, Any] = {
            "model": self._model,
            "messages": wire_messages(system, messages),
            "stream": True,
            "max_tokens": self._max_tokens,
        }
        if tools:
            body["tools"] = wire_tools(tools)
            body["tool_choice"] = "auto"
        try:
            with self._client.stream("POST", "/chat/completions", json=body) as response:
                if response.status_code >= 400:
                    raise refusal(self.name, response)
                yield from read_stream(self.name, response.iter_lines())
        except httpx.HTTPError as exc:
            raise unreachable(self.name, exc) from exc

    def close(self) -> None:
        self._client.close()
