"""In-process stand-ins for what a sommelier talks to: a scripted ChatModel and a tiny
Sommelier, for unit tests of the tool loop and the fallback (not mocks: they implement
the ports and the protocol)."""

from __future__ import annotations

import threading
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field

from sakesensei.agent.conversation import Event, LearnedFact, Reply, Response, Token, Turn
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


@dataclass
class Call:
    system: str
    messages: list[ModelMessage]
    tools: list[ToolSpec]


def text(*pieces: str) -> list[ModelChunk]:
    return [*(TextDelta(p) for p in pieces), ModelStop("end")]


def tool_call(name: str, arguments: str, call_id: str = "call_1") -> list[ModelChunk]:
    return [ToolRequest(ToolUse(call_id, name, arguments)), ModelStop("tool_use")]


@dataclass
class ScriptedModel:
    """Answers round n with rounds[n]; a ProviderUnavailable in a round is raised there,
    and a threading.Event makes the round wait for it (a provider that went quiet)."""

    rounds: list[list[ModelChunk | Exception | threading.Event]]
    calls: list[Call] = field(default_factory=list)
    name: str = "scripted:test"

    def stream(
        self, system: str, messages: Sequence[ModelMessage], tools: Sequence[ToolSpec]
    ) -> Iterator[ModelChunk]:
        self.calls.append(Call(system, list(messages), list(tools)))
        script = self.rounds[min(len(self.calls), len(self.rounds)) - 1]
        for step in script:
            if isinstance(step, Exception):
                raise step
            if isinstance(step, threading.Event):
                step.wait(30)
                raise ProviderUnavailable("the scripted provider went away")
            yield step


@dataclass
class EchoSommelier:
    """A built-in stand-in: answers "built-in: <message>" and learns one fact."""

    answered: list[Turn] = field(default_factory=list)

    def respond(self, turn: Turn) -> Response:
        return Response(self._answer(turn))

    def _answer(self, turn: Turn) -> Generator[Event, None, Reply]:
        self.answered.append(turn)
        yield Token("built-in: ")
        yield Token(turn.message)
        learned = [LearnedFact("budget", "3000", turn.message)]
        return Reply(state={"turns": len(turn.history) // 2 + 1}, learned=learned)
