"""The tools as the built-in sommelier calls them: through run_tool, on the caller's own
context, each call announced by ToolCall events and returning its typed result."""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from sakesensei.agent.conversation import Event, ToolCall
from sakesensei.agent.tools.breweries import BreweryList, BreweryPage
from sakesensei.agent.tools.catalog import DishPairings, SakeList, SimilarList
from sakesensei.agent.tools.context import ToolContext
from sakesensei.agent.tools.errors import ToolError, ToolErrorKind
from sakesensei.agent.tools.journal import TastingList, TastingOut, TastingStatsOut
from sakesensei.agent.tools.knowledge import Explanation, MemoryOut
from sakesensei.agent.tools.picks import RecommendationsOut
from sakesensei.agent.tools.preferences import PreferencesChanged
from sakesensei.agent.tools.records import PreferencesView, SakeDetails
from sakesensei.agent.tools.registry import run_tool

RunTool = Callable[[str, Mapping[str, Any] | None, ToolContext], BaseModel]
M = TypeVar("M", bound=BaseModel)
Calls = Generator[Event, None, M]


class ToolBox:
    """One turn's tool calls; `called` lists the names in the order they ran."""

    def __init__(self, context: ToolContext, run: RunTool = run_tool) -> None:
        self.context = context
        self._run = run
        self.called: list[str] = []

    def call(self, name: str, arguments: dict[str, Any], model: type[M]) -> Calls[M]:
        args = {k: v for k, v in arguments.items() if v is not None}
        yield ToolCall(name, args, "started")
        self.called.append(name)
        try:
            result = self._run(name, args, self.context)
        except ToolError:
            yield ToolCall(name, args, "error")
            raise
        yield ToolCall(name, args, "ok")
        if not isinstance(result, model):
            raise ToolError(ToolErrorKind.INTERNAL, f"{name} returned an unexpected result")
        return result

    # One method per tool the sommelier uses, so each result keeps its type.

    def search_sake(self, query: str, limit: int = 10) -> Calls[SakeList]:
        return self.call("search_sake", {"query": query, "limit": limit}, SakeList)

    def search_characteristics(self, args: dict[str, Any]) -> Calls[SakeList]:
        return self.call("search_sakes_by_characteristics", args, SakeList)

    def sake_details(self, sake_id: int) -> Calls[SakeDetails]:
        return self.call("get_sake_details", {"sake_id": sake_id}, SakeDetails)

    def similar(self, sake_id: int, limit: int) -> Calls[SimilarList]:
        return self.call("get_similar_sakes", {"sake_id": sake_id, "limit": limit}, SimilarList)

    def for_dish(self, dish: str, limit: int) -> Calls[DishPairings]:
        return self.call("recommend_for_dish", {"dish": dish, "limit": limit}, DishPairings)

    def recommendations(self, args: dict[str, Any]) -> Calls[RecommendationsOut]:
        return self.call("get_recommendations", args, RecommendationsOut)

    def brewery(self, name: str | None = None, brewery_id: int | None = None) -> Calls[BreweryPage]:
        args = {"brewery_id": brewery_id} if brewery_id is not None else {"name": name}
        return self.call("get_brewery_info", args, BreweryPage)

    def breweries_in(self, region: str | None, prefecture: str | None) -> Calls[BreweryList]:
        args = {"region": region, "prefecture": prefecture, "limit": 10}
        return self.call("search_breweries_by_region", args, BreweryList)

    def explain(self, term: str) -> Calls[Explanation]:
        return self.call("explain_term", {"term": term}, Explanation)

    def preferences(self) -> Calls[PreferencesView]:
        return self.call("get_user_preferences", {}, PreferencesView)

    def update_preferences(self, changes: dict[str, Any]) -> Calls[PreferencesChanged]:
        return self.call("update_user_preferences", changes, PreferencesChanged)

    def add_tasting(self, args: dict[str, Any]) -> Calls[TastingOut]:
        return self.call("add_tasting_record", args, TastingOut)

    def history(self, args: dict[str, Any]) -> Calls[TastingList]:
        return self.call("get_tasting_history", args, TastingList)

    def statistics(self, args: dict[str, Any]) -> Calls[TastingStatsOut]:
        return self.call("get_tasting_statistics", args, TastingStatsOut)

    def memory(self) -> Calls[MemoryOut]:
        return self.call("recall_memory", {"summaries": 3}, MemoryOut)
