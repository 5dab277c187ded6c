"""Graceful degradation: a failing or slow language model hands the answer to the built-in
sommelier, with a notice and never an error."""

from __future__ import annotations

import threading

from sakesensei.agent.conversation import Notice, Token, Turn, answer_text, collect
from sakesensei.agent.model.fallback import FallbackSommelier
from sakesensei.agent.model.loop import ModelSommelier
from sakesensei.domain.errors import ProviderUnavailable
from sakesensei.domain.llm import ModelStop, TextDelta
from tests.support.chat_models import EchoSommelier, ScriptedModel, text
from tests.support.tool_world import build_tool_world


def _fallback(
    model: ScriptedModel, builtin: EchoSommelier, first: float = 5.0
) -> FallbackSommelier:
    return FallbackSommelier(
        ModelSommelier(model),
        builtin,
        provider="scripted",
        first_token_seconds=first,
        idle_seconds=5.0,
    )


def _turn(message: str = "おすすめは？") -> Turn:
    return Turn(message, "s-1", None, [], [], {}, build_tool_world().context)


def test_a_working_model_answers_alone() -> None:
    builtin = EchoSommelier()
    events, reply = collect(
        _fallback(ScriptedModel([text("Hello ", "there.")]), builtin).respond(_turn())
    )
    assert answer_text(events) == "Hello there."
    assert not [e for e in events if isinstance(e, Notice)] and not builtin.answered
    assert reply.language == "ja"


def test_a_provider_that_fails_at_once_is_replaced_with_a_notice() -> None:
    builtin = EchoSommelier()
    model = ScriptedModel([[ProviderUnavailable("connection refused")]])
    events, reply = collect(_fallback(model, builtin).respond(_turn()))
    assert isinstance(events[0], Notice) and "内蔵のソムリエ" in events[0].message
    assert answer_text(events) == "built-in: おすすめは？"
    # The built-in sommelier's reply is the turn's: what it learned is remembered.
    assert reply.learned and reply.state == {"turns": 1}


def test_a_provider_slow_to_start_is_replaced() -> None:
    never = threading.Event()
    builtin = EchoSommelier()
    model = ScriptedModel([[never]])
    try:
        events, _ = collect(_fallback(model, builtin, first=0.05).respond(_turn("hi")))
    finally:
        never.set()
    notices = [e for e in events if isinstance(e, Notice)]
    assert len(notices) == 1 and "slow" in notices[0].message
    assert answer_text(events) == "built-in: hi"


def test_a_provider_that_dies_mid_answer_is_finished_by_the_built_in_one() -> None:
    builtin = EchoSommelier()
    model = ScriptedModel(
        [[TextDelta("Let me "), TextDelta("think"), ProviderUnavailable("reset")]]
    )
    events, _ = collect(_fallback(model, builtin).respond(_turn("hi")))
    tokens = [e.text for e in events if isinstance(e, Token)]
    assert tokens[:2] == ["Let me ", "think"]
    assert answer_text(events).endswith("\n\nbuilt-in: hi")
    assert next(e for e in events if isinstance(e, Notice)).message.startswith(
        "The language model stopped mid-answer"
    )


def test_a_bug_in_the_loop_also_falls_back() -> None:
    builtin = EchoSommelier()
    model = ScriptedModel([[RuntimeError("bug"), ModelStop("end")]])
    events, _ = collect(_fallback(model, builtin).respond(_turn("hi")))
    assert answer_text(events) == "built-in: hi"
