"""The tool loop over a language model: tools called with the caller's context, results
fed back, cards only for sake the tools returned, bad tool calls answered as errors."""

from __future__ import annotations

import json

from sakesensei.agent.conversation import Cards, Notice, ToolCall, Turn, answer_text, collect
from sakesensei.agent.model.loop import MAX_ROUNDS, ModelSommelier
from sakesensei.agent.tools import ToolContext
from tests.support.chat_models import ScriptedModel, text, tool_call
from tests.support.tool_world import ALICE, BOB, build_tool_world


def _turn(context: ToolContext, message: str = "hello") -> Turn:
    return Turn(message, "s-1", None, [("user", "hi"), ("assistant", "hello!")], [], {}, context)


def test_a_tool_call_runs_and_its_result_goes_back_to_the_model() -> None:
    world = build_tool_world()
    model = ScriptedModel(
        [
            tool_call("search_sake", json.dumps({"query": "dassai"})),
            text("Try ", "獺祭 純米大吟醸 45", "."),
        ]
    )
    events, reply = collect(ModelSommelier(model).respond(_turn(world.context, "dassai?")))
    calls = [e for e in events if isinstance(e, ToolCall)]
    assert [(c.name, c.status) for c in calls] == [
        ("search_sake", "started"),
        ("search_sake", "ok"),
    ]
    assert calls[0].arguments == {"query": "dassai"}
    # The second round saw the history, the message, the call and its result.
    second = model.calls[1].messages
    assert [m.role for m in second] == ["user", "assistant", "user", "assistant", "tool"]
    assert second[-1].tool_use_id == "call_1" and "Dassai 45" in second[-1].text
    assert answer_text(events) == "Try 獺祭 純米大吟醸 45."
    assert [e for e in events if isinstance(e, Cards)] == [
        Cards([world.sake_ids["獺祭 純米大吟醸 45"]])
    ]
    assert reply.language == "en"


def test_a_sake_no_tool_returned_never_becomes_a_card() -> None:
    world = build_tool_world()
    model = ScriptedModel([text("Try Imaginary Ginjo, or 獺祭 純米大吟醸 45.")])
    events, _ = collect(ModelSommelier(model).respond(_turn(world.context)))
    assert not [e for e in events if isinstance(e, Cards)]


def test_cards_follow_the_order_the_answer_names_them() -> None:
    world = build_tool_world()
    model = ScriptedModel(
        [
            tool_call("search_sakes_by_characteristics", "{}"),
            text("First aramasa no.6, then Dassai 45."),
        ]
    )
    events, _ = collect(ModelSommelier(model).respond(_turn(world.context)))
    cards = [e for e in events if isinstance(e, Cards)]
    assert cards == [Cards([world.sake_ids["新政 No.6"], world.sake_ids["獺祭 純米大吟醸 45"]])]


def test_wrong_argument_types_come_back_to_the_model_as_a_readable_error() -> None:
    world = build_tool_world()
    model = ScriptedModel(
        [
            tool_call("search_sake", json.dumps({"query": 12345, "limit": "lots"})),
            tool_call("get_sake_details", "not json"),
            text("Sorry."),
        ]
    )
    events, _ = collect(ModelSommelier(model).respond(_turn(world.context)))
    statuses = [(e.name, e.status) for e in events if isinstance(e, ToolCall)]
    assert statuses == [
        ("search_sake", "started"),
        ("search_sake", "error"),
        ("get_sake_details", "started"),
        ("get_sake_details", "error"),
    ]
    first_result = model.calls[1].messages[-1]
    assert first_result.is_error and "invalid arguments for search_sake" in first_result.text
    assert "not valid JSON" in model.calls[2].messages[-1].text


def test_a_visitors_model_is_not_offered_user_tools_and_cannot_use_them() -> None:
    world = build_tool_world()
    model = ScriptedModel([tool_call("get_tasting_history", "{}"), text("Please sign in.")])
    events, _ = collect(ModelSommelier(model).respond(_turn(world.context)))
    offered = {t.name for t in model.calls[0].tools}
    assert "search_sake" in offered and "get_tasting_history" not in offered
    assert "sign_in_required" in model.calls[1].messages[-1].text
    assert ("get_tasting_history", "error") in [
        (e.name, e.status) for e in events if isinstance(e, ToolCall)
    ]


def test_a_user_scoped_tool_sees_only_the_callers_own_data() -> None:
    tool_world = build_tool_world()
    model = ScriptedModel([tool_call("get_tasting_history", "{}"), text("Here.")] * 2)
    collect(ModelSommelier(model).respond(_turn(tool_world.as_user(BOB))))
    assert json.loads(model.calls[1].messages[-1].text)["total"] == 0
    collect(ModelSommelier(model).respond(_turn(tool_world.as_user(ALICE))))
    alices = json.loads(model.calls[3].messages[-1].text)
    assert alices["total"] == 1 and alices["items"][0]["notes"] == "すっきり辛口"


def test_a_model_that_never_stops_calling_tools_is_stopped() -> None:
    world = build_tool_world()
    model = ScriptedModel([tool_call("search_sake", '{"query": "dassai"}')])
    events, _ = collect(ModelSommelier(model).respond(_turn(world.context, "獺祭は？")))
    assert len(model.calls) == MAX_ROUNDS
    assert "質問を絞って" in answer_text(events)
    assert not [e for e in events if isinstance(e, Notice)]


def test_the_system_prompt_carries_the_rules_and_what_is_remembered() -> None:
    world = build_tool_world()
    context = world.as_user(ALICE)
    facts = list(world.store.facts.values())
    turn = Turn("hi", "s-1", None, [], facts, {}, context)
    model = ScriptedModel([text("Hello.")])
    collect(ModelSommelier(model).respond(turn))
    system = model.calls[0].system
    assert "never name a sake from your own memory" in system
    assert "sweetness: prefers dry" in system
    assert "get_tasting_history" in {t.name for t in model.calls[0].tools}
