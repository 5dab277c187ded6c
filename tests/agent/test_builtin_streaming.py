"""The event stream of the built-in sommelier: answers stream in many Token pieces, tool
runs are announced around each call, cards come with the sake shown, the Reply is known
once the stream is consumed, and the answer follows the user's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from pydantic import BaseModel

from sakesensei.agent.builtin import BuiltinSommelier
from sakesensei.agent.conversation import Cards, Response, Token, ToolCall, Turn, answer_text
from sakesensei.agent.tools import ToolContext, ToolError, ToolErrorKind
from tests.agent.world import SommelierWorld


def _turn(world: SommelierWorld, message: str, **options: Any) -> Turn:
    return Turn(
        message=message,
        session_id="s",
        language=options.get("language"),
        history=options.get("history", []),
        facts=[],
        state=options.get("state", {}),
        tools=world.context.as_caller(world.user_id, verified=True),
    )


def test_an_answer_streams_in_many_pieces_after_its_tool_calls(world: SommelierWorld) -> None:
    exchange = world.turn("辛口で3000円以下のおすすめある？")
    events = exchange.events
    tokens = [e for e in events if isinstance(e, Token)]
    assert len(tokens) >= 10
    assert all(len(t.text) <= 40 for t in tokens), "pieces are about a phrase long"
    assert "".join(t.text for t in tokens) == exchange.text
    calls = [e for e in events if isinstance(e, ToolCall)]
    assert calls and len(calls) % 2 == 0
    for started, finished in zip(calls[::2], calls[1::2], strict=True):
        assert started.status == "started" and finished.status == "ok"
        assert started.name == finished.name and started.arguments == finished.arguments
    cards = [e for e in events if isinstance(e, Cards)]
    assert len(cards) == 1 and cards[0].sake_ids
    assert events.index(cards[0]) > events.index(tokens[-1])


def test_english_streams_word_by_word(world: SommelierWorld) -> None:
    exchange = world.turn("what goes with karaage?")
    tokens = [e.text for e in exchange.events if isinstance(e, Token)]
    assert len(tokens) > 30
    assert all(len(t.split()) <= 1 for t in tokens)


def test_the_reply_is_known_only_after_the_stream(world: SommelierWorld) -> None:
    response = BuiltinSommelier().respond(_turn(world, "hello"))
    assert isinstance(response, Response)
    with pytest.raises(RuntimeError):
        _ = response.reply
    first = next(response)
    assert isinstance(first, Token)
    rest = list(response)
    assert response.done and response.reply.intent == "greeting"
    assert answer_text([first, *rest]).startswith("Hello")
    assert list(response) == [], "an exhausted stream stays exhausted"


def test_the_callers_state_is_not_changed_in_place(world: SommelierWorld) -> None:
    state = {"pending": {"action": "log_tasting", "sake": {"id": 1, "name": "x"}, "rating": None}}
    snapshot = repr(state)
    response = BuiltinSommelier().respond(_turn(world, "星4で", state=state))
    list(response)
    assert repr(state) == snapshot


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("おすすめの日本酒を教えて", "ja"),
        ("ダッサイって甘い？", "ja"),
        ("獺祭ってdryなの？", "ja"),
        ("recommend a dry sake", "en"),
        ("is ふなぐち any good?", "en"),
        ("tell me about 獺祭", "en"),
        ("精米歩合", "ja"),
        ("hiyaoroshi?", "en"),
    ],
)
def test_the_answer_follows_the_users_language(
    world: SommelierWorld, message: str, language: str
) -> None:
    exchange = world.turn(message)
    assert exchange.reply.language == language
    hiragana = sum(1 for ch in exchange.text if "\u3040" <= ch <= "\u309f")
    if language == "ja":
        assert hiragana > 5
    else:
        assert exchange.text[:1].isascii()


def test_a_message_without_words_keeps_the_language_of_the_conversation(
    world: SommelierWorld,
) -> None:
    assert world.turn("🍶", language="ja").reply.language == "ja"
    assert world.turn("🍶", history=[("user", "おすすめは？")]).reply.language == "ja"
    assert world.turn("45", history=[("user", "dry sake please")]).reply.language == "en"
    assert world.turn("!!!", state={"language": "ja"}).reply.language == "ja"


def test_another_language_is_answered_in_english(world: SommelierWorld) -> None:
    for message in (
        "Bonjour, un saké sec?",
        "추천해 주세요",
        "请推荐一款日本酒",
        "Hallo, ich möchte einen Sake",
    ):
        exchange = world.turn(message)
        assert exchange.reply.intent == "other_language"
        assert "English and Japanese" in exchange.text
        assert exchange.tools == []


def test_a_failing_tool_ends_in_an_apology_not_an_error(world: SommelierWorld) -> None:
    def broken(name: str, arguments: Mapping[str, Any] | None, ctx: ToolContext) -> BaseModel:
        raise ToolError(ToolErrorKind.UNAVAILABLE, "the database is down")

    turn = _turn(world, "辛口で3000円以下のおすすめある？")
    events = list(BuiltinSommelier(run=broken).respond(turn))
    calls = [e for e in events if isinstance(e, ToolCall)]
    assert [c.status for c in calls] == ["started", "error"]
    assert "すみません" in answer_text(events)
    assert not any(isinstance(e, Cards) for e in events)


def test_an_unexpected_failure_still_ends_in_an_answer(world: SommelierWorld) -> None:
    def exploding(name: str, arguments: Mapping[str, Any] | None, ctx: ToolContext) -> BaseModel:
        raise RuntimeError("boom")

    response = BuiltinSommelier(run=exploding).respond(_turn(world, "what goes with sushi?"))
    events = list(response)
    assert "Sorry" in answer_text(events)
    assert response.reply.state is not None


def test_a_huge_message_is_refused_clearly(world: SommelierWorld) -> None:
    exchange = world.turn("dry sake " * 12_000)
    assert exchange.reply.intent == "too_long"
    assert "too long" in exchange.text and "108,000" in exchange.text
    assert exchange.tools == []


def test_empty_and_blank_messages_get_an_answer(world: SommelierWorld) -> None:
    for message in ("", "   ", "\n\t"):
        exchange = world.turn(message)
        assert exchange.reply.intent == "empty"
        assert exchange.text.strip()
        assert exchange.tools == []


@pytest.mark.parametrize(
    ("message", "lead"),
    [
        ("辛口で3000円以下のおすすめある？", "カタログから探しますね。"),
        ("something fruity under 2000 yen", "Let me look through the catalog."),
        ("刺身に合う日本酒は？", "刺身に合うお酒を探しますね。"),
        ("Tell me about Dassai", "Let me look that up."),
    ],
)
def test_an_answer_that_needs_tools_first_says_what_it_is_about_to_do(
    world: SommelierWorld, message: str, lead: str
) -> None:
    events = world.turn(message).events
    first_call = next(i for i, e in enumerate(events) if isinstance(e, ToolCall))
    said_before = "".join(e.text for e in events[:first_call] if isinstance(e, Token))
    assert said_before == lead + "\n"


@pytest.mark.parametrize("message", ["hello", "精米歩合って何？", "ありがとう"])
def test_an_answer_without_tools_to_wait_for_starts_with_its_body(
    world: SommelierWorld, message: str
) -> None:
    text = world.turn(message).text
    assert not text.startswith(("カタログから", "Let me", "お調べ"))


def test_a_visitor_asking_for_their_journal_is_not_told_it_is_being_looked_at(
    world: SommelierWorld,
) -> None:
    visitor = Turn("what did I drink last month?", "s", None, [], [], {}, world.context)
    text = answer_text(BuiltinSommelier().respond(visitor))
    assert not text.startswith("Let me check your journal")
    assert "sign in" in text.lower()
