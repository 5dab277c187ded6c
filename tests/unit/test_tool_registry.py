"""The tool registry: every tool called through run_tool against the in-memory fakes, and
every kind of bad call turned into a ToolError a model can read."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

from sakesensei.agent.tools import (
    TOOLS,
    ToolContext,
    ToolError,
    ToolErrorKind,
    ToolHints,
    ToolRegistry,
    run_tool,
)
from sakesensei.agent.tools.base import tool
from sakesensei.services.telemetry import TELEMETRY
from tests.support.tool_world import ALICE, BOB, ToolWorld, build_tool_world

EXPECTED = {
    "get_recommendations",
    "get_sake_details",
    "search_sakes_by_characteristics",
    "search_sake",
    "recommend_for_dish",
    "get_user_preferences",
    "update_user_preferences",
    "get_preference_history",
    "add_tasting_record",
    "get_tasting_history",
    "get_tasting_statistics",
    "get_brewery_info",
    "list_brewery_sakes",
    "search_breweries_by_region",
    "get_similar_sakes",
    "explain_term",
    "recall_memory",
    "identify_sake_from_image",
}
USER_SCOPED = {
    "get_user_preferences",
    "update_user_preferences",
    "get_preference_history",
    "add_tasting_record",
    "get_tasting_history",
    "get_tasting_statistics",
    "recall_memory",
}
WRITERS = {"update_user_preferences", "add_tasting_record"}


@pytest.fixture
def world() -> ToolWorld:
    return build_tool_world()


def call(tool_name: str, context: ToolContext, /, **arguments: Any) -> dict[str, Any]:
    result = run_tool(tool_name, arguments, context)
    return result.model_dump(mode="json")


def refused(name: str, context: ToolContext, arguments: Any) -> ToolError:
    with pytest.raises(ToolError) as caught:
        run_tool(name, arguments, context)
    return caught.value


def test_the_registry_holds_each_tool_once_with_what_a_model_needs() -> None:
    assert set(TOOLS.names()) == EXPECTED and len(TOOLS) == len(EXPECTED)
    assert {t.name for t in TOOLS if t.user_scoped} == USER_SCOPED
    for t in TOOLS:
        assert len(t.description) > 60, t.name
        assert t.input_schema()["type"] == "object" and t.output_schema()["type"] == "object"
        assert t.input_schema().get("additionalProperties") is False, t.name
        if t.name in WRITERS:
            assert not t.hints.read_only and not t.hints.destructive
        else:
            assert t.hints == ToolHints(read_only=True), t.name
    add = TOOLS.get("add_tasting_record")
    assert add is not None and not add.hints.idempotent  # each call adds a record


def test_catalog_tools(world: ToolWorld) -> None:
    anonymous = world.context
    dassai = world.sake_ids["獺祭 純米大吟醸 45"]

    found = call("search_sake", anonymous, query="dasai")
    assert [i["name"] for i in found["items"]] == ["獺祭 純米大吟醸 45"]
    assert found["items"][0]["brewery"]["name"] == "旭酒造"

    dry = call("search_sakes_by_characteristics", anonymous, sweetness_max=2, price_max=1500)
    assert [i["name"] for i in dry["items"]] == ["八海山 特別本醸造"] and dry["total"] == 1
    tohoku = call("search_sakes_by_characteristics", anonymous, regions=["Tohoku"], limit=1)
    assert tohoku["total"] == 2 and len(tohoku["items"]) == 1

    details = call("get_sake_details", anonymous, sake_id=dassai)
    assert details["polishing_ratio"] == 45 and details["rice"] == "山田錦"
    assert details["pairings"][0]["why"] == "clean and delicate"
    assert details["category_en"] == "Junmai Daiginjo"

    similar = call("get_similar_sakes", anonymous, sake_id=world.sake_ids["新政 No.6"], limit=2)
    assert similar["like"]["name"] == "新政 No.6" and len(similar["items"]) == 2
    assert all(i["why"] and 0 <= i["score"] <= 100 for i in similar["items"])

    dish = call("recommend_for_dish", anonymous, dish="sea bream sashimi", limit=3)
    assert dish["items"][0]["sake"]["id"] == dassai and dish["items"][0]["source"] == "listed"


def test_brewery_tools(world: ToolWorld) -> None:
    anonymous = world.context
    by_name = call("get_brewery_info", anonymous, name="aramasa")
    assert by_name["brewery"]["name"] == "新政酒造" and by_name["brewery"]["sake_count"] == 2
    assert by_name["brewery"]["region"] == "Tohoku" and len(by_name["sakes"]) == 2
    by_id = call("get_brewery_info", anonymous, brewery_id=world.brewery_ids["旭酒造"])
    assert by_id["brewery"]["representative_sake"] == "獺祭"

    sakes = call("list_brewery_sakes", anonymous, name="新政酒造", limit=1, offset=1)
    assert sakes["total"] == 2 and len(sakes["items"]) == 1

    north = call("search_breweries_by_region", anonymous, region="東北")
    assert [b["name"] for b in north["items"]] == ["新政酒造"]
    niigata = call("search_breweries_by_region", anonymous, prefecture="Niigata")
    assert [b["name"] for b in niigata["items"]] == ["八海醸造"]


def test_recommendations_for_a_visitor_and_for_a_user(world: ToolWorld) -> None:
    visitor = call("get_recommendations", world.context, sweetness=2, budget_yen=1500, limit=3)
    assert not visitor["personal"] and visitor["preferences"]["budget_yen"] == 1500
    assert [p["sake"]["name"] for p in visitor["items"]] == ["八海山 特別本醸造"]
    assert visitor["items"][0]["reasons"] and visitor["items"][0]["parts"]

    alice = call("get_recommendations", world.as_user(ALICE), limit=5)
    assert alice["personal"] and alice["preferences"]["budget_yen"] == 2500
    names = [p["sake"]["name"] for p in alice["items"]]
    assert "八海山 特別本醸造" not in names  # already in her journal
    assert all(p["sake"]["price_yen"] <= 2500 for p in alice["items"])
    noted = call("get_recommendations", world.as_user(ALICE), sweetness=5)
    assert "update_user_preferences" in noted["note"]


def test_preference_tools(world: ToolWorld) -> None:
    alice = world.as_user(ALICE)
    assert call("get_user_preferences", alice)["sweetness"] == 2

    changed = call("update_user_preferences", alice, liked_aromas=["citrus"])
    assert changed["changed"] and changed["preferences"]["liked_aromas"] == ["citrus"]
    assert changed["preferences"]["sweetness"] == 2  # left out, so kept
    assert changed["preferences"]["budget_yen"] == 2500
    again = call("update_user_preferences", alice, liked_aromas=["citrus"])
    assert not again["changed"]
    unlimited = call("update_user_preferences", alice, budget_yen=None)
    assert unlimited["preferences"]["budget_yen"] is None  # null removes the limit

    history = call("get_preference_history", alice)
    assert history["total"] == 2 and history["items"][0]["source"] == "chat"
    assert history["items"][0]["preferences"]["budget_yen"] is None

    nothing = refused("update_user_preferences", alice, {})
    assert nothing.kind is ToolErrorKind.INVALID_ARGUMENTS and "at least one" in nothing.message
    unknown = refused("update_user_preferences", alice, {"liked_aromas": ["smoky"]})
    assert unknown.kind is ToolErrorKind.INVALID_ARGUMENTS and "smoky" in unknown.message


def test_journal_tools(world: ToolWorld) -> None:
    alice = world.as_user(ALICE)
    dassai = world.sake_ids["獺祭 純米大吟醸 45"]
    logged = call("add_tasting_record", alice, sake_id=dassai, rating=4, notes="華やか")
    assert logged["sake"]["name"] == "獺祭 純米大吟醸 45" and logged["tasted_on"] == "2026-11-29"

    history = call("get_tasting_history", alice)
    assert history["total"] == 2 and history["items"][0]["id"] == logged["id"]
    fives = call("get_tasting_history", alice, rating_min=5)
    assert [i["sake"]["name"] for i in fives["items"]] == ["八海山 特別本醸造"]

    stats = call("get_tasting_statistics", alice)
    assert stats["count"] == 2 and stats["ratings"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}
    assert stats["rated_high"]["count"] == 2

    unknown = refused("add_tasting_record", alice, {"sake_id": 999_999, "rating": 4})
    assert unknown.kind is ToolErrorKind.INVALID_ARGUMENTS and "999999" in unknown.message
    future = refused(
        "add_tasting_record", alice, {"sake_id": dassai, "rating": 4, "tasted_on": "2099-01-01"}
    )
    assert "in the future" in future.message


def test_knowledge_tools(world: ToolWorld) -> None:
    explained = call("explain_term", world.context, term="冷やと冷酒の違い")
    assert [e["term"] for e in explained["entries"]] == ["冷や", "冷酒"]
    assert explained["entries"][0]["ja"] and explained["entries"][0]["en"]

    memory = call("recall_memory", world.as_user(ALICE))
    assert [f["value"] for f in memory["facts"]] == ["prefers dry"]
    assert memory["summaries"][0]["session_id"] == "s-1" and memory["total_summaries"] == 1


def test_every_user_scoped_tool_refuses_without_a_user(world: ToolWorld) -> None:
    for name in sorted(USER_SCOPED):
        error = refused(name, world.context, {})
        assert error.kind is ToolErrorKind.SIGN_IN_REQUIRED, name
        assert "signed-in user" in error.message and "API key" in error.message


def test_writing_needs_a_verified_email(world: ToolWorld) -> None:
    unverified = world.as_user(ALICE, verified=False)
    for name, arguments in (
        ("update_user_preferences", {"sweetness": 1}),
        ("add_tasting_record", {"sake_id": world.sake_ids["新政 No.6"], "rating": 3}),
    ):
        error = refused(name, unverified, arguments)
        assert error.kind is ToolErrorKind.FORBIDDEN and "verify your email" in error.message
    assert call("get_user_preferences", unverified)["sweetness"] == 2  # reading is fine


def test_one_users_tools_never_see_another_users_data(world: ToolWorld) -> None:
    bob = world.as_user(BOB)
    assert call("get_tasting_history", bob) == {"items": [], "total": 0}
    assert call("get_tasting_statistics", bob)["count"] == 0
    assert call("get_user_preferences", bob)["updated_at"] is None  # defaults, not Alice's
    assert call("get_preference_history", bob)["total"] == 0
    assert call("recall_memory", bob) == {"facts": [], "summaries": [], "total_summaries": 0}
    call("add_tasting_record", bob, sake_id=world.sake_ids["新政 No.6"], rating=1)
    alice_names = [
        i["sake"]["name"] for i in call("get_tasting_history", world.as_user(ALICE))["items"]
    ]
    assert alice_names == ["八海山 特別本醸造"]


# One wrong call per tool: a wrong type, a value out of range, or a missing argument.
BAD_ARGUMENTS: list[tuple[str, dict[str, Any], str]] = [
    ("get_recommendations", {"limit": "many"}, "limit"),
    ("get_sake_details", {"sake_id": "abc"}, "sake_id"),
    ("get_sake_details", {}, "sake_id: Field required"),
    ("search_sakes_by_characteristics", {"price_max": -5}, "price_max"),
    ("search_sakes_by_characteristics", {"categories": "純米"}, "categories"),
    ("search_sake", {"query": 42}, "query"),
    ("search_sake", {"query": ""}, "query"),
    ("recommend_for_dish", {"dish": ["刺身"]}, "dish"),
    ("get_user_preferences", {"user_id": BOB}, "is not an argument of get_user_preferences"),
    ("update_user_preferences", {"sweetness": 9}, "sweetness"),
    ("get_preference_history", {"limit": 0}, "limit"),
    ("add_tasting_record", {"sake_id": 1, "rating": 4.5}, "rating"),
    ("add_tasting_record", {"sake_id": 1, "rating": 4, "tasted_on": "yesterday"}, "tasted_on"),
    ("get_tasting_history", {"date_from": "soon"}, "date_from"),
    ("get_tasting_statistics", {"rating_min": 0}, "rating_min"),
    ("get_brewery_info", {}, "exactly one"),
    ("get_brewery_info", {"brewery_id": 1, "name": "新政"}, "exactly one"),
    ("list_brewery_sakes", {"name": "新政", "offset": -1}, "offset"),
    ("search_breweries_by_region", {}, "give a region or a prefecture"),
    ("get_similar_sakes", {"sake_id": True, "limit": "five"}, "limit"),
    ("explain_term", {"term": None}, "term"),
    ("recall_memory", {"summaries": "all"}, "summaries"),
    ("identify_sake_from_image", {"image_base64": 5}, "image_base64"),
]


def test_every_tool_has_a_bad_call_in_this_table() -> None:
    assert {name for name, _, _ in BAD_ARGUMENTS} == EXPECTED


@pytest.mark.parametrize(("name", "arguments", "said"), BAD_ARGUMENTS)
def test_wrong_arguments_become_a_readable_tool_error(
    world: ToolWorld, name: str, arguments: dict[str, Any], said: str
) -> None:
    error = refused(name, world.as_user(ALICE), arguments)
    assert error.kind is ToolErrorKind.INVALID_ARGUMENTS
    assert error.message.startswith(f"invalid arguments for {name}: ")
    assert said in error.message


def test_domain_errors_keep_their_message(world: ToolWorld) -> None:
    missing = refused("get_sake_details", world.context, {"sake_id": 424242})
    assert missing.kind is ToolErrorKind.NOT_FOUND and "no sake with id 424242" in missing.message
    atlantis = refused(
        "search_sakes_by_characteristics", world.context, {"prefectures": ["Atlantis"]}
    )
    assert atlantis.kind is ToolErrorKind.INVALID_ARGUMENTS and "Atlantis" in atlantis.message
    nowhere = refused("get_brewery_info", world.context, {"name": "zzzzqqq"})
    assert nowhere.kind is ToolErrorKind.NOT_FOUND
    term = refused("explain_term", world.context, {"term": "ワイン"})
    assert term.kind is ToolErrorKind.NOT_FOUND and "no entry for 'ワイン'" in term.message


def test_unknown_tools_and_arguments_that_are_not_an_object(world: ToolWorld) -> None:
    unknown = refused("pour_me_a_drink", world.context, {})
    assert unknown.kind is ToolErrorKind.UNKNOWN_TOOL and "search_sake" in unknown.message
    listed = refused("search_sake", world.context, ["dassai"])
    assert listed.kind is ToolErrorKind.INVALID_ARGUMENTS and "JSON object" in listed.message
    assert call("get_user_preferences", world.as_user(ALICE)) == run_tool(
        "get_user_preferences", None, world.as_user(ALICE)
    ).model_dump(mode="json")


class _Nothing(BaseModel):
    model_config = ConfigDict(extra="forbid")


@tool("explode", title="Explode")
def _explode(args: _Nothing, ctx: ToolContext) -> _Nothing:
    """A tool with a bug in it, to see what a model is told when one fails on our side."""
    raise KeyError("a bug")


def test_a_bug_in_a_tool_is_reported_without_its_traceback(world: ToolWorld) -> None:
    with pytest.raises(ToolError) as caught:
        run_tool("explode", {}, world.context, ToolRegistry([_explode]))
    assert caught.value.kind is ToolErrorKind.INTERNAL
    assert "on our side" in caught.value.message and "KeyError" not in caught.value.message


def test_calls_are_counted_by_tool_and_outcome_for_the_metrics(world: ToolWorld) -> None:
    def count(tool_name: str, outcome: str) -> float:
        labels = {"tool": tool_name, "outcome": outcome}
        return TELEMETRY.registry.get_sample_value("sakesensei_tool_calls_total", labels) or 0.0

    ok, failed = count("explain_term", "ok"), count("explain_term", "error")
    call("explain_term", world.context, term="酸度")
    refused("explain_term", world.context, {"term": 5})
    assert count("explain_term", "ok") == ok + 1 and count("explain_term", "error") == failed + 1
    refused("made_up_tool", world.context, {})
    labels = {"tool": "made_up_tool", "outcome": "error"}
    assert TELEMETRY.registry.get_sample_value("sakesensei_tool_calls_total", labels) is None
