"""Writes wait for a yes: a tasting and a preference change are asked about first, kept
pending in the session state, written on yes and dropped on no."""

from __future__ import annotations

import dataclasses

from sakesensei.agent.conversation import Turn
from sakesensei.domain.users import Preferences
from tests.agent.world import SommelierWorld


def _journal(world: SommelierWorld) -> list[tuple[int, int]]:
    with world.container.uow() as uow:
        return sorted((r.sake_id, r.rating) for r in uow.tastings.list_for_user(world.user_id))


def _preferences(world: SommelierWorld) -> Preferences:
    with world.container.uow() as uow:
        found = uow.preferences.get(world.user_id)
    assert found is not None
    return found


def test_a_tasting_is_asked_about_then_written_on_yes(world: SommelierWorld) -> None:
    before = _journal(world)
    (dassai,) = world.ids_named("獺祭 純米大吟醸 45")

    ask = world.turn("獺祭45を飲んだ、星4")
    assert "add_tasting_record" not in ask.tools
    assert "記録しますか" in ask.text
    pending = ask.reply.state["pending"]
    assert pending["action"] == "log_tasting"
    assert pending["sake"]["id"] == dassai and pending["rating"] == 4
    assert _journal(world) == before, "nothing is written before the user agrees"

    yes = world.turn("はい", state=ask.reply.state)
    assert yes.tools == ["add_tasting_record"]
    assert "記録しました" in yes.text
    assert "pending" not in yes.reply.state
    assert sorted([*before, (dassai, 4)]) == _journal(world)

    again = world.turn("はい", state=yes.reply.state)
    assert "add_tasting_record" not in again.tools, "a second yes writes nothing more"
    assert len(_journal(world)) == len(before) + 1


def test_a_tasting_is_dropped_on_no(world: SommelierWorld) -> None:
    before = _journal(world)
    ask = world.turn("I had Kubota Manju last night, 5 stars")
    assert "yes or no" in ask.text
    no = world.turn("no", state=ask.reply.state)
    assert no.tools == []
    assert "won't log" in no.text
    assert "pending" not in no.reply.state
    assert _journal(world) == before


def test_a_missing_rating_is_asked_for_and_the_log_still_waits_for_yes(
    world: SommelierWorld,
) -> None:
    before = _journal(world)
    exchanges = list(world.conversation(["久保田千寿を飲んでみた", "星3つで", "うん"]))
    first, second, third = exchanges
    assert "星はいくつ" in first.text and first.reply.state["pending"]["rating"] is None
    assert "記録しますか" in second.text and "add_tasting_record" not in second.tools
    assert third.tools == ["add_tasting_record"]
    (senju,) = world.ids_named("久保田 千寿 吟醸")
    assert sorted([*before, (senju, 3)]) == _journal(world)


def test_changing_the_subject_drops_the_pending_tasting(world: SommelierWorld) -> None:
    before = _journal(world)
    first, second, third = world.conversation(
        ["just tried aramasa amaneko, gave it a 4", "what goes with tempura?", "yes"]
    )
    assert "pending" in first.reply.state
    assert "recommend_for_dish" in second.tools and "pending" not in second.reply.state
    assert "add_tasting_record" not in third.tools
    assert _journal(world) == before


def test_the_other_bottle_of_a_brand_can_be_chosen_before_yes(world: SommelierWorld) -> None:
    ask, choose, yes = world.conversation(["獺祭を飲んだ、星5", "スパークリングの方です", "はい"])
    assert "磨き二割三分" in ask.text or "スパークリング45" in ask.text
    assert "スパークリング45" in choose.text and "記録しますか" in choose.text
    (sparkling,) = world.ids_named("獺祭 純米大吟醸 スパークリング45")
    assert (sparkling, 5) in _journal(world)
    assert yes.tools == ["add_tasting_record"]


def test_a_preference_is_remembered_at_once_and_changed_only_on_yes(world: SommelierWorld) -> None:
    assert _preferences(world).sweetness == 3
    said = world.turn("I don't like sweet sake")
    assert [(f.key, f.value) for f in said.reply.learned] == [("sweetness", "prefers dry")]
    assert said.reply.learned[0].source == "I don't like sweet sake"
    assert "update_user_preferences" not in said.tools
    assert said.reply.state["pending"] == {
        "action": "update_preferences",
        "changes": {"sweetness": 2},
    }
    assert _preferences(world).sweetness == 3, "unchanged until the user agrees"

    yes = world.turn("yes", state=said.reply.state)
    assert yes.tools == ["update_user_preferences"]
    assert _preferences(world).sweetness == 2
    assert "pending" not in yes.reply.state


def test_a_declined_preference_change_leaves_preferences_alone(world: SommelierWorld) -> None:
    said, no = world.conversation(["予算は2500円にしたい", "いいえ"])
    assert ("budget", "budget 2500 yen") in [(f.key, f.value) for f in said.reply.learned]
    assert no.tools == []
    assert _preferences(world).budget_yen is None


def test_remembered_facts_shape_the_next_picks_and_forgetting_them_undoes_it(
    world: SommelierWorld,
) -> None:
    remembered = world.turn("何かおすすめある？", facts=[("sweetness", "prefers dry")])
    sweetness = [world.catalog[i].sake.flavor.sweetness for i in remembered.cards]
    assert sweetness and all(s is not None and s <= 2 for s in sweetness)
    assert "辛口" in remembered.text

    forgotten = world.turn("何かおすすめある？")
    assert "覚えている好み" not in forgotten.text


def test_a_visitor_preference_lasts_for_the_session_only(world: SommelierWorld) -> None:
    said, picks = world.conversation(["I prefer dry sake", "any recommendations?"], signed_in=False)
    assert said.reply.learned == [], "visitors have no memory to write to"
    assert said.tools == []
    shown = picks.cards
    assert shown
    assert all((world.catalog[i].sake.flavor.sweetness or 5) <= 2 for i in shown)
    fresh = world.turn("any recommendations?", signed_in=False)
    assert "prefer dry" not in fresh.text


def test_facts_are_read_for_a_language_model_turn_without_running_a_tool(
    world: SommelierWorld,
) -> None:
    turn = Turn(
        message="予算は3000円くらいで、甘いのは苦手です",
        session_id="model-session",
        language=None,
        history=[],
        facts=[],
        state={},
        tools=world.context.as_caller(world.user_id, verified=True),
    )
    world.recorder.calls.clear()
    learned = world.sommelier.learned(turn)  # type: ignore[attr-defined]
    assert {(f.key, f.value) for f in learned} >= {("budget", "budget 3000 yen")}
    assert all(f.source.startswith("予算は3000円") for f in learned)
    assert world.recorder.calls == []
    visitor = dataclasses.replace(turn, tools=world.context.as_caller(None))
    assert world.sommelier.learned(visitor) == []  # type: ignore[attr-defined]
