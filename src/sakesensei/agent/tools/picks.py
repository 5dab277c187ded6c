"""The recommendation tool: picks with a 0-100 score and its reasons, for a user or a visitor."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from sakesensei.agent.tools.base import tool
from sakesensei.agent.tools.context import ToolContext
from sakesensei.agent.tools.records import (
    PreferencesView,
    SakeSummary,
    preferences_view,
    sake_summary,
)
from sakesensei.domain.catalog import AROMAS
from sakesensei.domain.users import (
    AVOIDABLE_CATEGORIES,
    BUDGET_RANGE,
    SWEETNESS_RANGE,
    Experience,
    Preferences,
)
from sakesensei.services.recommendations import VISITOR, Recommendation

MAX_PICKS = 20
SURVEY_FIELDS = ("sweetness", "budget_yen", "experience", "avoid_categories", "liked_aromas")


class RecommendationsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, Field(ge=1, le=MAX_PICKS, description="how many picks")] = 5
    include_tasted: bool = Field(
        default=False, description="signed-in users: also sake already in their journal"
    )
    # A visitor's survey; a signed-in user's saved preferences are used instead.
    sweetness: Annotated[
        int | None,
        Field(ge=SWEETNESS_RANGE[0], le=SWEETNESS_RANGE[1], description="visitors: 1 = dry ... 5"),
    ] = None
    budget_yen: Annotated[
        int | None,
        Field(ge=BUDGET_RANGE[0], le=BUDGET_RANGE[1], description="visitors: most per bottle"),
    ] = None
    experience: Experience | None = Field(default=None, description="visitors only")
    avoid_categories: list[str] = Field(
        default=[],
        max_length=20,
        description=f"visitors: grades to leave out, any of {', '.join(AVOIDABLE_CATEGORIES)}",
    )
    liked_aromas: list[str] = Field(
        default=[], max_length=30, description=f"visitors: any of {', '.join(sorted(AROMAS))}"
    )


class Reason(BaseModel):
    ja: str
    en: str


class ScorePart(BaseModel):
    name: str = Field(description="preference, history, collaborative or diversity")
    points: float
    max: int


class PickOut(BaseModel):
    rank: int
    score: float = Field(description="0-100, the sum of the parts")
    sake: SakeSummary
    reasons: list[Reason] = Field(description="the strongest reasons, to tell the user")
    parts: list[ScorePart]
    wild_card: bool = Field(description="placed for variety rather than by score")


class RecommendationsOut(BaseModel):
    personal: bool = Field(description="true: from the user's saved preferences and journal")
    preferences: PreferencesView = Field(description="the answers the picks were made for")
    candidates: int = Field(description="how many sake passed the budget and other limits")
    items: list[PickOut]
    note: str | None = None


def _pick(entry: Recommendation) -> PickOut:
    pick = entry.pick
    return PickOut(
        rank=entry.rank,
        score=pick.score,
        sake=sake_summary(entry.item),
        reasons=[Reason(ja=r.ja, en=r.en) for r in pick.reasons],
        parts=[ScorePart(name=n, points=p.points, max=p.max) for n, p in pick.parts.items()],
        wild_card=pick.explored,
    )


@tool("get_recommendations", title="Sake recommendations")
def get_recommendations(args: RecommendationsIn, ctx: ToolContext) -> RecommendationsOut:
    """Sake picked for the user, best first, each with a 0-100 score split into preference
    match (0-40), tasting history (0-30), what similar drinkers liked (0-20) and variety
    (0-10), with reasons in Japanese and English. For a signed-in user the picks come from
    their saved preferences and tasting journal (change those with
    update_user_preferences); for a visitor, from the survey fields given here. Over-budget
    sake and avoided grades never appear. For a specific constraint such as a price or a
    region, use search_sakes_by_characteristics instead."""
    note = None
    if ctx.user_id is not None:
        found = ctx.recommendations.for_user(
            ctx.user_id, args.limit, include_tasted=args.include_tasted
        )
        if args.model_fields_set & set(SURVEY_FIELDS):
            note = (
                "the survey fields are for visitors and were not used: these picks follow the "
                "user's saved preferences; change them with update_user_preferences"
            )
    else:
        answers = Preferences(
            user_id=VISITOR,
            sweetness=args.sweetness or 3,
            budget_yen=args.budget_yen,
            experience=args.experience or Experience.BEGINNER,
            avoid_categories=tuple(args.avoid_categories),
            liked_aromas=tuple(args.liked_aromas),
        )
        found = ctx.recommendations.for_visitor(answers, args.limit)
    return RecommendationsOut(
        personal=ctx.user_id is not None,
        preferences=preferences_view(found.preferences),
        candidates=found.candidates,
        items=[_pick(e) for e in found.items],
        note=note,
    )


TOOLS = (get_recommendations,)
