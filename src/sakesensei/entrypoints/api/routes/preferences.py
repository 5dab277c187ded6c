"""The signed-in user's survey answers: read them, replace them, page through their changes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

from sakesensei.domain.catalog import AROMAS
from sakesensei.domain.users import (
    AVOIDABLE_CATEGORIES,
    BUDGET_RANGE,
    SWEETNESS_RANGE,
    Experience,
    PreferenceChange,
    Preferences,
)
from sakesensei.entrypoints.api.deps import CurrentUser, UowFactory, VerifiedUser
from sakesensei.services.paging import MAX_LIMIT, MAX_OFFSET
from sakesensei.services.preferences import (
    current_preferences,
    preference_history,
    replace_preferences,
)

router = APIRouter(prefix="/me/preferences", tags=["preferences"])

# The schema lists the accepted values; the service checks them, so that a refusal names
# every unknown value at once rather than pointing at list positions.
Category = Annotated[
    str,
    StringConstraints(max_length=50),
    WithJsonSchema({"type": "string", "enum": list(AVOIDABLE_CATEGORIES)}),
]
Aroma = Annotated[
    str,
    StringConstraints(max_length=50),
    WithJsonSchema({"type": "string", "enum": sorted(AROMAS)}),
]


class PreferencesIn(BaseModel):
    """The whole survey; what is left out takes its default (no budget, nothing avoided)."""

    model_config = ConfigDict(extra="forbid")

    sweetness: Annotated[
        int,
        Field(
            strict=True,
            ge=SWEETNESS_RANGE[0],
            le=SWEETNESS_RANGE[1],
            description="1 = dry (辛口) ... 5 = sweet (甘口)",
        ),
    ]
    experience: Experience
    budget_yen: Annotated[
        int | None,
        Field(
            strict=True,
            ge=BUDGET_RANGE[0],
            le=BUDGET_RANGE[1],
            description="the most to spend on a bottle, in yen; null for no limit",
        ),
    ] = None
    avoid_categories: Annotated[list[Category], Field(max_length=20)] = []
    liked_aromas: Annotated[list[Aroma], Field(max_length=30)] = []


class PreferencesOut(BaseModel):
    sweetness: int
    budget_yen: int | None
    experience: Experience
    avoid_categories: list[str]
    liked_aromas: list[str]
    updated_at: datetime | None = Field(
        description="when last changed; null while these are the defaults of an unanswered survey"
    )


class ChangeOut(BaseModel):
    id: int | None
    changed_at: datetime
    source: str = Field(description="where the change came from: survey, chat or import")
    preferences: PreferencesOut


class HistoryOut(BaseModel):
    items: list[ChangeOut]
    total: int


def preferences_out(p: Preferences) -> PreferencesOut:
    return PreferencesOut(
        sweetness=p.sweetness,
        budget_yen=p.budget_yen,
        experience=p.experience,
        avoid_categories=list(p.avoid_categories),
        liked_aromas=list(p.liked_aromas),
        updated_at=p.updated_at,
    )


def change_out(change: PreferenceChange) -> ChangeOut:
    return ChangeOut(
        id=change.id,
        changed_at=change.changed_at,
        source=change.source,
        preferences=preferences_out(change.preferences),
    )


@router.get("", response_model=PreferencesOut)
def get_preferences(user: CurrentUser, uow_factory: UowFactory) -> PreferencesOut:
    """The survey answers; the defaults (with updated_at null) until the user answers."""
    return preferences_out(current_preferences(uow_factory, user.id))


@router.put("", response_model=PreferencesOut)
def put_preferences(
    body: PreferencesIn, user: VerifiedUser, uow_factory: UowFactory
) -> PreferencesOut:
    """Replace the survey answers whole. Each change is kept in the history; sending the
    same answers again records nothing new."""
    answers = Preferences(
        user_id=user.id,
        sweetness=body.sweetness,
        budget_yen=body.budget_yen,
        experience=body.experience,
        avoid_categories=tuple(body.avoid_categories),
        liked_aromas=tuple(body.liked_aromas),
    )
    return preferences_out(replace_preferences(uow_factory, answers, source="survey"))


@router.get("/history", response_model=HistoryOut)
def get_history(
    user: CurrentUser,
    uow_factory: UowFactory,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> HistoryOut:
    """Every change of the answers, **newest first**, each with the answers as they stood
    after it."""
    page = preference_history(uow_factory, user.id, limit, offset)
    return HistoryOut(items=[change_out(c) for c in page.items], total=page.total)
