"""The provider clients against a local server speaking their HTTP protocols (OpenAI-
compatible chat completions, Anthropic Messages), and Bedrock's event stream decoded."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from sakesensei.adapters.llm.anthropic_messages import AnthropicModel
from sakesensei.adapters.llm.bedrock import BedrockModel
from sakesensei.adapters.llm.openai_compat import OpenAiCompatibleModel
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
from sakesensei.ports import ChatModel
from tests.support.fake_llm import FakeLlm, fake_llm
from tests.support.servers import free_port

SEARCH = ToolSpec(
    "search_sake",
    "Find sake by name.",
    {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
)


@pytest.fixture(scope="module")
def server() -> Iterator[FakeLlm]:
    with fake_llm(free_port()) as running:
        yield running


def _models(server: FakeLlm) -> list[ChatModel]:
    return [
        OpenAiCompatibleModel("fake", base_url=f"{server.base}/v1", api_key="sk-test"),
        AnthropicModel("fake", base_url=server.base, api_key="ak-test"),
    ]


def _ask(model: ChatModel, messages: list[ModelMessage]) -> list[ModelChunk]:
    return list(model.stream("be brief", messages, [SEARCH]))


@pytest.mark.parametrize("kind", ["openai", "anthropic"])
def test_text_streams_in_pieces(server: FakeLlm, kind: str) -> None:
    model = _models(server)[0 if kind == "openai" else 1]
    chunks = _ask(model, [ModelMessage("user", "hello")])
    assert [c.text for c in chunks if isinstance(c, TextDelta)] == [
        "Hello ",
        "from ",
        "the ",
        "fake ",
        "model.",
    ]
    assert chunks[-1] == ModelStop("end")


@pytest.mark.parametrize("kind", ["openai", "anthropic"])
def test_a_tool_call_arrives_whole_and_its_result_goes_back(server: FakeLlm, kind: str) -> None:
    model = _models(server)[0 if kind == "openai" else 1]
    question = ModelMessage("user", "[search dassai]")
    chunks = _ask(model, [question])
    requests = [c for c in chunks if isinstance(c, ToolRequest)]
    assert len(requests) == 1 and chunks[-1] == ModelStop("tool_use")
    use = requests[0].use
    assert use.name == "search_sake" and json.loads(use.arguments) == {
        "query": "dassai",
        "limit": 3,
    }
    result = json.dumps({"items": [{"name": "獺祭 純米大吟醸 45"}], "total": 1})
    answer = _ask(
        model,
        [
            question,
            ModelMessage("assistant", "", (use,)),
            ModelMessage("tool", result, tool_use_id=use.id, tool_name=use.name),
        ],
    )
    assert "".join(c.text for c in answer if isinstance(c, TextDelta)).startswith(
        "I found 獺祭 純米大吟醸 45"
    )
    sent = server.requests()[-1]
    if kind == "openai":
        assert sent["path"] == "/v1/chat/completions" and sent["stream"] is True
        assert sent["headers"]["authorization"] == "Bearer sk-test"
        assert sent["tools"][0]["function"]["name"] == "search_sake"
        assert [m["role"] for m in sent["messages"]] == ["system", "user", "assistant", "tool"]
        assert sent["messages"][2]["tool_calls"][0]["id"] == use.id
    else:
        assert sent["path"] == "/v1/messages" and sent["system"] == "be brief"
        assert sent["headers"]["x-api-key"] == "ak-test"
        assert sent["tools"][0]["input_schema"]["required"] == ["query"]
        assert [m["role"] for m in sent["messages"]] == ["user", "assistant", "user"]
        assert sent["messages"][1]["content"][0]["input"] == {"query": "dassai", "limit": 3}
        assert sent["messages"][2]["content"][0]["tool_use_id"] == use.id


@pytest.mark.parametrize("kind", ["openai", "anthropic"])
def test_a_provider_killed_mid_answer_is_an_error_not_a_short_answer(kind: str) -> None:
    with fake_llm(free_port()) as dying:
        model = _models(dying)[0 if kind == "openai" else 1]
        stream = model.stream("", [ModelMessage("user", "[hang]")], [])
        first = next(stream)
        assert isinstance(first, TextDelta)
        killer = threading.Timer(0.2, dying.kill)
        killer.start()
        with pytest.raises(ProviderUnavailable, match="failed"):
            list(stream)
        killer.join()


def test_an_unreachable_or_refusing_provider_is_unavailable(server: FakeLlm) -> None:
    nowhere = OpenAiCompatibleModel("fake", base_url=f"http://127.0.0.1:{free_port()}/v1")
    with pytest.raises(ProviderUnavailable, match="ConnectError"):
        _ask(nowhere, [ModelMessage("user", "hi")])
    wrong_path = OpenAiCompatibleModel("fake", base_url=f"{server.base}/nothing-here")
    with pytest.raises(ProviderUnavailable, match="HTTP 404"):
        _ask(wrong_path, [ModelMessage("user", "hi")])


class _FakeBedrock:
    """boto3's bedrock-runtime client as far as converse_stream goes."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.events = events
        self.requests: list[dict[str, Any]] = []

    def converse_stream(self, **request: Any) -> dict[str, Any]:
        self.requests.append(request)
        return {"stream": iter(self.events)}


def test_bedrock_converse_stream_events_become_chunks() -> None:
    client = _FakeBedrock(
        [
            {"messageStart": {"role": "assistant"}},
            {"contentBlockDelta": {"delta": {"text": "Let me look."}, "contentBlockIndex": 0}},
            {"contentBlockStop": {"contentBlockIndex": 0}},
            {
                "contentBlockStart": {
                    "start": {"toolUse": {"toolUseId": "tu-1", "name": "search_sake"}},
                    "contentBlockIndex": 1,
                }
            },
            {
                "contentBlockDelta": {
                    "delta": {"toolUse": {"input": '{"query"'}},
                    "contentBlockIndex": 1,
                }
            },
            {
                "contentBlockDelta": {
                    "delta": {"toolUse": {"input": ': "dassai"}'}},
                    "contentBlockIndex": 1,
                }
            },
            {"contentBlockStop": {"contentBlockIndex": 1}},
            {"messageStop": {"stopReason": "tool_use"}},
        ]
    )
    model = BedrockModel("anthropic.claude", client=client)
    history = [
        ModelMessage("user", "dassai?"),
        ModelMessage("assistant", "", (ToolUse("tu-0", "search_sake", '{"query": "x"}'),)),
        ModelMessage("tool", '{"items": []}', tool_use_id="tu-0", is_error=False),
    ]
    chunks = list(model.stream("be brief", history, [SEARCH]))
    assert chunks == [
        TextDelta("Let me look."),
        ToolRequest(ToolUse("tu-1", "search_sake", '{"query": "dassai"}')),
        ModelStop("tool_use"),
    ]
    sent = client.requests[0]
    assert sent["system"] == [{"text": "be brief"}]
    assert sent["toolConfig"]["tools"][0]["toolSpec"]["inputSchema"]["json"] == SEARCH.parameters
    assert [m["role"] for m in sent["messages"]] == ["user", "assistant", "user"]
    assert sent["messages"][2]["content"][0]["toolResult"]["status"] == "success"


def test_bedrock_errors_mid_stream_are_unavailable() -> None:
    client = _FakeBedrock(
        [
            {"contentBlockDelta": {"delta": {"text": "Hi"}, "contentBlockIndex": 0}},
            {"throttlingException": {"message": "slow down"}},
        ]
    )
    with pytest.raises(ProviderUnavailable, match="slow down"):
        list(BedrockModel("m", client=client).stream("", [ModelMessage("user", "hi")], []))
    cut = _FakeBedrock([{"contentBlockDelta": {"delta": {"text": "Hi"}, "contentBlockIndex": 0}}])
    with pytest.raises(ProviderUnavailable, match="ended before"):
        list(BedrockModel("m", client=cut).stream("", [ModelMessage("user", "hi")], []))
