"""Sake picked for you with the reasons: GET for the signed-in user, POST for a visitor's survey."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from sakesensei.domain.users import SWEETNESS_RANGE, Experience, Preferences
from sakesensei.entrypoints.api.deps import CurrentUser, Recommender
from sakesensei.entrypoints.api.routes.preferences import (
    PreferencesIn,
    PreferencesOut,
    preferences_out,
)
from sakesensei.entrypoints.api.routes.sakes import sake_json
from sakesensei.services.recommendations import (
    MAX_LIMIT,
    VISITOR,
    Recommendation,
    Recommendations,
)

router = APIRouter(prefix="/recommendations", tags=["recommendations"])

Limit = Annotated[int, Field(strict=True, ge=1, le=MAX_LIMIT, description="how many picks")]


class ReasonOut(BaseModel):
    ja: str
    en: str


class PartOut(BaseModel):
    points: float
    max: int = Field(description="the most this part can give")
    reasons: list[ReasonOut]


class BreweryOut(BaseModel):
    id: int | None
    name: str
    romaji: str | None
    prefecture: str
    city: str | None
    founded: int | None
    story: str | None = Field(description="the brewery in our own words")


class PairingOut(BaseModel):
    dish: str
    why: str


class PickOut(BaseModel):
    rank: int
    score: float = Field(description="0-100: the sum of the parts")
    sake: dict[str, Any]
    brewery: BreweryOut
    pairings: list[PairingOut]
    reasons: list[ReasonOut] = Field(description="the strongest reasons; empty unless explain")
    parts: dict[str, PartOut] | None = Field(
        description="preference 0-40, history 0-30, collaborative 0-20, diversity 0-10, "
        "each with its reasons; null unless explain"
    )
    wild_card: bool = Field(description="placed for variety, not by score")


class ModelOut(BaseModel):
    fitted_at: datetime | None = Field(description="when the collaborative model was fitted")
    ratings: int = Field(description="how many ratings it was fitted on")


class RecommendationsOut(BaseModel):
    items: list[PickOut]
    total: int = Field(description="how many picks there are")
    candidates: int = Field(description="how many sake passed your budget and other limits")
    preferences: PreferencesOut
    model: ModelOut


class VisitorSurvey(PreferencesIn):
    """The survey of someone without an account, with how many picks to return."""

    sweetness: Annotated[
        int,
        Field(
            strict=True,
            ge=SWEETNESS_RANGE[0],
            le=SWEETNESS_RANGE[1],
            description="1 = dry (辛口) ... 5 = sweet (甘口)",
        ),
    ] = 3
    experience: Experience = Experience.BEGINNER
    limit: Limit = 10
    explain: bool = True
    same_brewery: bool = Field(default=False, description="allow two picks from one brewery")


def _pick(entry: Recommendation, explain: bool) -> PickOut:
    sake, brewery, pick = entry.item.sake, entry.item.brewery, entry.pick
    parts = None
    if explain:
        parts = {
            name: PartOut(
                points=part.points,
                max=part.max,
                reasons=[ReasonOut(ja=r.ja, en=r.en) for r in part.reasons],
            )
            for name, part in pick.parts.items()
        }
    return PickOut(
        rank=entry.rank,
        score=pick.score,
        sake=sake_json(entry.item),
        brewery=BreweryOut(
            id=brewery.id,
            name=brewery.name,
            romaji=brewery.romaji,
            prefecture=brewery.prefecture,
            city=brewery.city,
            founded=brewery.founded,
            story=brewery.description,
        ),
        pairings=[PairingOut(dish=p.dish, why=p.why) for p in sake.pairings[:5]],
        reasons=[ReasonOut(ja=r.ja, en=r.en) for r in pick.reasons] if explain else [],
        parts=parts,
        wild_card=pick.explored,
    )


def _out(found: Recommendations, explain: bool) -> RecommendationsOut:
    model = found.model
    return RecommendationsOut(
        items=[_pick(entry, explain) for entry in found.items],
        total=len(found.items),
        candidates=found.candidates,
        preferences=preferences_out(found.preferences),
        model=ModelOut(
            fitted_at=model.fitted_at if model else None, ratings=model.ratings if model else 0
        ),
    )


@router.get("", response_model=RecommendationsOut)
def get_recommendations(
    user: CurrentUser,
    recommender: Recommender,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    explain: Annotated[bool, Query(description="include every part and its reasons")] = True,
    include_tasted: Annotated[bool, Query(description="also sake you have logged")] = False,
    same_brewery: Annotated[bool, Query(description="allow two picks from one brewery")] = False,
) -> RecommendationsOut:
    """Sake for you, best first, from your survey (the defaults until you answer it) and
    your tasting journal. A new rating changes the next answer. Over-budget sake, avoided
    categories and (unless asked) sake you have logged never appear."""
    found = recommender.for_user(
        user.id,
        limit,
        explain=explain,
        include_tasted=include_tasted,
        same_brewery=same_brewery,
    )
    return _out(found, explain)


@router.post("", response_model=RecommendationsOut)
def post_recommendations(body: VisitorSurvey, recommender: Recommender) -> RecommendationsOut:
    """Sake for a visitor's survey answers; no account needed. Send the same answers as
    `preferences` when registering to keep them."""
    answers = Preferences(
        user_id=VISITOR,
        sweetness=body.sweetness,
        budget_yen=body.budget_yen,
        experience=body.experience,
        avoid_categories=tuple(body.avoid_categories),
        liked_aromas=tuple(body.liked_aromas),
    )
    found = recommender.for_visitor(
        answers, body.limit, explain=body.explain, same_brewery=body.same_brewery
    )
    return _out(found, body.explain)
