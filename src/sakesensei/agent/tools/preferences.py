"""Preference tools: read the user's survey answers, change some of them, see their history."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from sakesensei.agent.tools.base import ToolHints, tool
from sakesensei.agent.tools.context import ToolContext
from sakesensei.agent.tools.records import PreferencesView, preferences_view
from sakesensei.domain.catalog import AROMAS
from sakesensei.domain.errors import InvalidInput
from sakesensei.domain.users import (
    AVOIDABLE_CATEGORIES,
    BUDGET_RANGE,
    SWEETNESS_RANGE,
    Experience,
)
from sakesensei.services.paging import MAX_OFFSET
from sakesensei.services.preferences import (
    current_preferences,
    preference_history,
    replace_preferences,
)


class NoArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")


@tool("get_user_preferences", title="Your preferences", user_scoped=True)
def get_user_preferences(args: NoArguments, ctx: ToolContext) -> PreferencesView:
    """The signed-in user's taste survey: sweetness 1-5 (1 = dry), budget per bottle in yen,
    experience level, grades to avoid and aromas they like. updated_at is null while these
    are still the defaults of a survey never answered."""
    return preferences_view(current_preferences(ctx.uow_factory, ctx.require_user()))


class PreferenceChangesIn(BaseModel):
    """The fields to change; the ones left out keep their value."""

    model_config = ConfigDict(extra="forbid")

    sweetness: Annotated[
        int | None,
        Field(ge=SWEETNESS_RANGE[0], le=SWEETNESS_RANGE[1], description="1 = dry ... 5 = sweet"),
    ] = None
    budget_yen: Annotated[
        int | None,
        Field(
            ge=BUDGET_RANGE[0],
            le=BUDGET_RANGE[1],
            description="most to spend on a bottle; null removes the limit",
        ),
    ] = None
    experience: Experience | None = None
    avoid_categories: list[str] | None = Field(
        default=None,
        max_length=20,
        description="the whole new list of grades to avoid (replaces the old one), any of "
        + ", ".join(AVOIDABLE_CATEGORIES),
    )
    liked_aromas: list[str] | None = Field(
        default=None,
        max_length=30,
        description="the whole new list of liked aromas (replaces the old one), any of "
        + ", ".join(sorted(AROMAS)),
    )


class PreferencesChanged(BaseModel):
    preferences: PreferencesView
    changed: bool = Field(description="false when the answers were already these")


@tool(
    "update_user_preferences",
    title="Change your preferences",
    hints=ToolHints(read_only=False, idempotent=True, destructive=False),
    user_scoped=True,
)
def update_user_preferences(args: PreferenceChangesIn, ctx: ToolContext) -> PreferencesChanged:
    """Change some of the signed-in user's preferences, keeping the rest; every change is
    kept in their history. Confirm with the user before calling. "I don't like sweet sake"
    is sweetness 1 or 2; "under 3000 yen" is budget_yen 3000. The next recommendations
    follow the new answers."""
    user_id = ctx.require_verified_user()
    given = args.model_fields_set
    if not given:
        raise InvalidInput(
            "give at least one of sweetness, budget_yen, experience, avoid_categories, "
            "liked_aromas to change"
        )
    before = current_preferences(ctx.uow_factory, user_id)
    wanted = replace(
        before,
        sweetness=args.sweetness if args.sweetness is not None else before.sweetness,
        budget_yen=args.budget_yen if "budget_yen" in given else before.budget_yen,
        experience=args.experience or before.experience,
        avoid_categories=tuple(
            args.avoid_categories if args.avoid_categories is not None else before.avoid_categories
        ),
        liked_aromas=tuple(
            args.liked_aromas if args.liked_aromas is not None else before.liked_aromas
        ),
    )
    after = replace_preferences(ctx.uow_factory, wanted, source=ctx.source)
    return PreferencesChanged(
        preferences=preferences_view(after), changed=after.updated_at != before.updated_at
    )


class HistoryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, Field(ge=1, le=50, description="how many changes")] = 10
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


class PreferenceChangeOut(BaseModel):
    changed_at: datetime
    source: str = Field(description="survey, chat or import")
    preferences: PreferencesView = Field(description="the answers as they stood after it")


class PreferenceHistory(BaseModel):
    items: list[PreferenceChangeOut] = Field(description="newest first")
    total: int


@tool("get_preference_history", title="Preference history", user_scoped=True)
def get_preference_history(args: HistoryIn, ctx: ToolContext) -> PreferenceHistory:
    """How the signed-in user's preferences changed over time, newest first, each change with
    where it came from (survey, chat or import) and the answers after it."""
    page = preference_history(ctx.uow_factory, ctx.require_user(), args.limit, args.offset)
    return PreferenceHistory(
        items=[
            PreferenceChangeOut(
                changed_at=c.changed_at,
                source=c.source,
                preferences=preferences_view(c.preferences),
            )
            for c in page.items
        ],
        total=page.total,
    )


TOOLS = (get_user_preferences, update_user_preferences, get_preference_history)
