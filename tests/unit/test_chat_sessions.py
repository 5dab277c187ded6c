"""Sessions: the short-term history a turn sees, what a finished turn leaves behind, and
who may continue which conversation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sakesensei.agent.chat.sessions import VISITOR_SESSION_IDLE, Conversations
from sakesensei.agent.chat.summary import MAX_LINES, extend_summary, summary_line
from sakesensei.agent.conversation import LearnedFact, Reply
from sakesensei.domain.errors import InvalidInput, NotFound
from tests.support.fakes import FakeUnitOfWork
from tests.support.tool_world import ALICE, BOB, ToolWorld, build_tool_world, now


def _conversations(world: ToolWorld, **options: int) -> Conversations:
    return Conversations(lambda: FakeUnitOfWork(world.store), world.context, now, **options)  # type: ignore[arg-type, return-value]


def test_a_session_keeps_its_history_facts_summary_and_state() -> None:
    world = build_tool_world()
    chats = _conversations(world)
    first = chats.open("I like dry sake. Anything under 3000 yen?", user_id=ALICE, verified=True)
    assert first.history == [] and first.tools.user_id == ALICE and first.tools.verified
    assert [f.key for f in first.facts] == ["sweetness"]
    learned = [LearnedFact("budget", "3000", "Anything under 3000 yen?")]
    chats.finish(first, "Try Dassai.", Reply(state={"pending": "x"}, learned=learned))
    second = chats.open("And something sweeter?", session_id=first.session_id, user_id=ALICE)
    assert second.history == [
        ("user", "I like dry sake. Anything under 3000 yen?"),
        ("assistant", "Try Dassai."),
    ]
    assert second.state == {"pending": "x"}
    budget = next(f for f in second.facts if f.key == "budget")
    assert (budget.value, budget.source, budget.session_id) == (
        "3000",
        "Anything under 3000 yen?",
        first.session_id,
    )
    chats.finish(second, "Try Aramasa.", Reply(state={}, summary_hint="asked for sweeter sake"))
    summary = next(s for s in world.store.summaries if s.session_id == first.session_id)
    assert summary.summary == "I like dry sake.\nasked for sweeter sake"
    assert sum(s.session_id == first.session_id for s in world.store.summaries) == 1


def test_the_history_a_turn_sees_is_the_newest_few_messages() -> None:
    world = build_tool_world()
    chats = _conversations(world, history_events=2)
    turn = chats.open("one", user_id=ALICE)
    for message in ("two", "three"):
        chats.finish(turn, f"answer to {turn.message}", Reply(state={}))
        turn = chats.open(message, session_id=turn.session_id, user_id=ALICE)
    assert turn.history == [("user", "two"), ("assistant", "answer to two")]


def test_another_users_session_or_an_unknown_one_is_not_found() -> None:
    world = build_tool_world()
    chats = _conversations(world)
    alices = chats.open("hello", user_id=ALICE)
    with pytest.raises(NotFound, match="leave session_id out"):
        chats.open("what did alice say?", session_id=alices.session_id, user_id=BOB)
    with pytest.raises(NotFound):
        chats.open("hi", session_id="no-such-session", user_id=BOB)
    assert all(e.user_id == ALICE for e in world.store.events)


def test_a_visitor_keeps_a_short_session_but_no_memory() -> None:
    world = build_tool_world()
    chats = _conversations(world, history_events=3)
    events_before, facts_before = len(world.store.events), len(world.store.facts)
    turn = chats.open("hello")
    assert turn.facts == [] and turn.tools.user_id is None and turn.history == []
    learned = [LearnedFact("budget", "1", "x")]
    chats.finish(turn, "hi!", Reply(state={"shown": [1]}, learned=learned))
    second = chats.open("and cheaper?", session_id=turn.session_id)
    assert second.history == [("user", "hello"), ("assistant", "hi!")]
    assert second.state == {"shown": [1]}
    chats.finish(second, "sure", Reply(state={}))
    third = chats.open("thanks", session_id=turn.session_id)
    assert third.history == [("assistant", "hi!"), ("user", "and cheaper?"), ("assistant", "sure")]
    assert len(world.store.events) == events_before and len(world.store.facts) == facts_before
    # A signed-in user cannot take over a visitor's session, nor a visitor a user's.
    with pytest.raises(NotFound):
        chats.open("hi", session_id=turn.session_id, user_id=ALICE)
    alices = chats.open("hi", user_id=ALICE)
    with pytest.raises(NotFound):
        chats.open("hi", session_id=alices.session_id)


def test_a_visitors_session_is_forgotten_a_day_after_its_last_message() -> None:
    world = build_tool_world()
    clock = [now()]
    chats = Conversations(lambda: FakeUnitOfWork(world.store), world.context, lambda: clock[0])  # type: ignore[arg-type, return-value]
    old = chats.open("hello")
    chats.finish(old, "hi", Reply(state={}))
    clock[0] += VISITOR_SESSION_IDLE + timedelta(minutes=1)
    with pytest.raises(NotFound):
        chats.open("still there?", session_id=old.session_id)
    # The sweep runs when a visitor's answer is stored (at most every few minutes).
    new = chats.open("a new visitor")
    chats.finish(new, "hi", Reply(state={}))
    assert old.session_id not in world.store.sessions
    assert new.session_id in world.store.sessions


@pytest.mark.parametrize(
    ("message", "problem"),
    [("", "empty"), ("  \n\x00 ", "empty"), ("x" * 4001, "limit is 4,000")],
)
def test_bad_messages_are_refused_with_the_reason(message: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        _conversations(build_tool_world()).open(message, user_id=ALICE)


def test_bad_session_ids_and_languages_are_refused() -> None:
    chats = _conversations(build_tool_world())
    with pytest.raises(InvalidInput, match="session_id"):
        chats.open("hi", session_id="../../etc")
    with pytest.raises(InvalidInput, match="language"):
        chats.open("hi", language="fr")


def test_nul_characters_never_reach_storage() -> None:
    world = build_tool_world()
    turn = _conversations(world).open("辛口\x00が好き", user_id=ALICE)
    assert turn.message == "辛口が好き"


def test_a_summary_keeps_its_first_line_and_the_newest() -> None:
    summary = None
    for n in range(20):
        summary = extend_summary(summary, summary_line(f"question {n}. More words.", None))
    lines = (summary or "").split("\n")
    assert len(lines) == MAX_LINES and lines[0] == "question 0." and lines[-1] == "question 19."
    assert summary_line("おすすめは？辛口で。", None) == "おすすめは？"
    assert len(summary_line("x" * 500, None)) == 100
