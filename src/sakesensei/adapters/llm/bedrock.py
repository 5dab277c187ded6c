"""Amazon Bedrock's ConverseStream (the AWS design's Claude), through boto3.

Credentials and region come the usual AWS ways (environment, profile, instance role);
SAKESENSEI_LLM_REGION overrides the region.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sakesensei.adapters.llm.wire import tool_arguments
from sakesensei.domain.errors import ProviderUnavailable
from sakesensei.domain.llm import (
    ModelChunk,
    ModelMessage,
    ModelStop,
    TextDelta,
    ToolRequest,
    ToolSpec,
    ToolUse,
)

# The event keys ConverseStream uses for failures mid-stream.
_STREAM_ERRORS = (
    "internalServerException",
    "modelStreamErrorException",
    "validationException",
    "throttlingException",
    "serviceUnavailableException",
)


@dataclass
class _Block:
    id: str
    name: str
    json: list[str] = field(default_factory=list)


def wire_messages(messages: Sequence[ModelMessage]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in messages:
        content: list[dict[str, Any]]
        role = "user" if m.role in ("user", "tool") else "assistant"
        if m.role == "tool":
            content = [
                {
                    "toolResult": {
                        "toolUseId": m.tool_use_id,
                        "content": [{"text": m.text}],
                        "status": "error" if m.is_error else "success",
                    }
                }
            ]
        else:
            content = [{"text": m.text}] if m.text else []
            content += [
                {
                    "toolUse": {
                        "toolUseId": u.id,
                        "name": u.name,
                        "input": tool_arguments(u.arguments),
                    }
                }
                for u in m.tool_uses
            ]
        if not content:
            continue
        if out and out[-1]["role"] == role:
            out[-1]["content"].extend(content)
        else:
            out.append({"role": role, "content": content})
    return out


def wire_tools(tools: Sequence[ToolSpec]) -> dict[str, Any]:
    return {
        "tools": [
            {
                "toolSpec": {
                    "name": t.name,
                    "description": t.description,
                    "inputSchema": {"json": t.parameters},
                }
            }
            for t in tools
        ]
    }


def read_stream(provider: str, events: Iterable[Mapping[str, Any]]) -> Iterator[ModelChunk]:
    blocks: dict[int, _Block] = {}
    uses = 0
    for event in events:
        for key in _STREAM_ERRORS:
            if key in event:
                detail = (event[key] or {}).get("message", key)
                raise ProviderUnavailable(f"{provider} failed mid-stream: {detail}")
        if "contentBlockStart" in event:
            start = event["contentBlockStart"]
            tool = (start.get("start") or {}).get("toolUse")
            if tool:
                index = int(start.get("contentBlockIndex", 0))
                blocks[index] = _Block(tool.get("toolUseId", ""), tool.get("name", ""))
        elif "contentBlockDelta" in event:
            body = event["contentBlockDelta"]
            delta = body.get("delta") or {}
            if delta.get("text"):
                yield TextDelta(str(delta["text"]))
            elif "toolUse" in delta:
                found = blocks.get(int(body.get("contentBlockIndex", 0)))
                if found is not None:
                    found.json.append(str(delta["toolUse"].get("input", "")))
        elif "contentBlockStop" in event:
            index = int(event["contentBlockStop"].get("contentBlockIndex", 0))
            found = blocks.pop(index, None)
            if found is not None:
                uses += 1
                yield ToolRequest(ToolUse(found.id, found.name, "".join(found.json) or "{}"))
        elif "messageStop" in event:
            reason = event["messageStop"].get("stopReason")
            yield ModelStop(
                "tool_use" if uses else "max_tokens" if reason == "max_tokens" else "end"
            )
            return
    raise ProviderUnavailable(f"{provider} sent a stream that ended before the answer did")


class BedrockModel:
    def __init__(
        self,
        model: str,
        *,
        region: str | None = None,
        max_tokens: int = 1024,
        read_timeout: float = 30.0,
        client: Any = None,
    ) -> None:
        self._model = model
        self._max_tokens = max_tokens
        if client is None:
            # Imported here: boto3 costs half a second that other providers never need.
            import boto3
            from botocore.config import Config

            config = Config(
                connect_timeout=5, read_timeout=read_timeout, retries={"max_attempts": 1}
            )
            client = boto3.client("bedrock-runtime", region_name=region, config=config)
        self._client = client

    @property
    def name(self) -> str:
        return f"bedrock:{self._model}"

    def stream(
        self, system: str, messages: Sequence[ModelMessage], tools: Sequence[ToolSpec]
    ) -> Iterator[ModelChunk]:
        request: dict[str, Any] = {
            "modelId": self._model,
            "system": [{"text": system}],
            "messages": wire_messages(messages),
            "inferenceConfig": {"maxTokens": self._max_tokens},
        }
        if tools:
            request["toolConfig"] = wire_tools(tools)
        try:
            response = self._client.converse_stream(**request)
            stream = response["stream"]
            try:
                yield from read_stream(self.name, stream)
            finally:
                close = getattr(stream, "close", None)
                if close is not None:
                    close()
        except ProviderUnavailable:
            raise
        except Exception as exc:  # botocore's errors have no one base worth naming
            raise ProviderUnavailable(f"{self.name} failed ({type(exc).__name__}: {exc})") from exc

    def close(self) -> None:
        close = getattr(self._client, "close", None)
        if close is not None:
            close()
