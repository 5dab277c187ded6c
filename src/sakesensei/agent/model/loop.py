"""The tool loop: a language model answers, calling the registry's tools as it goes.

Each round streams the model's text as Token events and collects the tool calls it asks
for; the calls run through run_tool with the caller's own context, and their results (or
the errors, worded for the model) go back for the next round. The sake the answer names
out of those results become its Cards.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Generator, Sequence
from typing import Any

from sakesensei.agent.conversation import (
    Cards,
    Event,
    LearnedFact,
    Reply,
    Response,
    Token,
    ToolCall,
    Turn,
)
from sakesensei.agent.model.cards import SeenSake
from sakesensei.agent.model.prompt import conversation, system_prompt, tool_specs
from sakesensei.agent.tools import TOOLS, ToolError, ToolRegistry, run_tool
from sakesensei.domain.llm import ModelMessage, TextDelta, ToolRequest, ToolUse
from sakesensei.ports import ChatModel
from sakesensei.services.telemetry import TELEMETRY

log = logging.getLogger("sakesensei.agent.model")

MAX_ROUNDS = 6
# A tool result longer than this is cut: a model reads the start of a long list anyway.
MAX_RESULT_CHARS = 20_000
_GAVE_UP = {
    "ja": "（調べるのに時間がかかりすぎました。質問を絞ってもう一度お試しください。）",
    "en": "(That took too many look-ups; please ask again a little more narrowly.)",
}

Learn = Callable[[Turn], Sequence[LearnedFact]]


def language_of(turn: Turn) -> str:
    if turn.language in ("ja", "en"):
        return turn.language
    # Kana make a message Japanese; kanji only when they outweigh the Latin letters
    # ("What is 純米?" is English asking about a Japanese word).
    text = turn.message
    if any("\u3040" <= ch <= "\u30ff" for ch in text):
        return "ja"
    kanji = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return "ja" if kanji and kanji * 2 > latin else "en"


def parse_arguments(text: str) -> tuple[dict[str, Any], str | None]:
    """The arguments as a JSON object, or {} and what is wrong with them."""
    try:
        parsed = json.loads(text) if text.strip() else {}
    except ValueError:
        return {}, "the arguments are not valid JSON; send a JSON object"
    if not isinstance(parsed, dict):
        return {}, f"the arguments must be a JSON object, not {type(parsed).__name__}"
    return parsed, None


class ModelSommelier:
    """A Sommelier that answers with a ChatModel and the tool registry."""

    def __init__(
        self,
        model: ChatModel,
        tools: ToolRegistry = TOOLS,
        *,
        learn: Learn | None = None,
        max_rounds: int = MAX_ROUNDS,
    ) -> None:
        self.model = model
        self._tools = tools
        self._learn = learn
        self._max_rounds = max_rounds

    def respond(self, turn: Turn) -> Response:
        return Response(self._answer(turn))

    def _answer(self, turn: Turn) -> Generator[Event, None, Reply]:
        system = system_prompt(turn)
        specs = tool_specs(self._tools, turn.signed_in)
        messages = conversation(turn)
        seen = SeenSake()
        said: list[str] = []
        language = language_of(turn)
        for round_no in range(self._max_rounds):
            text: list[str] = []
            uses: list[ToolUse] = []
            stream = self.model.stream(system, messages, specs)
            provider, _, model_name = self.model.name.partition(":")
            try:
                with TELEMETRY.llm_call(provider, model_name or None):
                    for chunk in stream:
                        if isinstance(chunk, TextDelta) and chunk.text:
                            if not text and said:
                                yield Token("\n\n")  # a new round's text: a new paragraph
                                said.append("\n\n")
                            text.append(chunk.text)
                            said.append(chunk.text)
                            yield Token(chunk.text)
                        elif isinstance(chunk, ToolRequest):
                            uses.append(chunk.use)
            finally:
                close = getattr(stream, "close", None)
                if close is not None:
                    close()
            if not uses:
                break
            if round_no == self._max_rounds - 1:
                yield Token(("\n\n" if said else "") + _GAVE_UP[language])
                break
            messages.append(ModelMessage("assistant", "".join(text), tuple(uses)))
            for use in uses:
                result = yield from self._call(use, turn, seen)
                messages.append(result)
        named = seen.named_in("".join(said))
        if named:
            yield Cards(named)
        learned = list(self._learn(turn)) if self._learn is not None else []
        return Reply(state={}, learned=learned, language=language)

    def _call(
        self, use: ToolUse, turn: Turn, seen: SeenSake
    ) -> Generator[Event, None, ModelMessage]:
        arguments, problem = parse_arguments(use.arguments)
        yield ToolCall(use.name, arguments, "started")
        if problem is not None:
            content, failed = json.dumps({"error": "invalid_arguments", "message": problem}), True
        else:
            try:
                result = run_tool(use.name, arguments, turn.tools, self._tools)
            except ToolError as exc:
                content = json.dumps({"error": exc.kind.value, "message": exc.message})
                failed = True
            else:
                seen.add_result(result)
                content, failed = result.model_dump_json(), False
        yield ToolCall(use.name, arguments, "error" if failed else "ok")
        if len(content) > MAX_RESULT_CHARS:
            content = content[:MAX_RESULT_CHARS] + " ... (cut: ask for fewer items)"
        return ModelMessage(
            "tool", content, tool_use_id=use.id, tool_name=use.name, is_error=failed
        )
