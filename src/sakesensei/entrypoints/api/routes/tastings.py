"""The signed-in user's tasting journal: log, list with filters, read, correct, delete, stats.

Another user's record answers 404, exactly like a missing one, so ids leak nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

from sakesensei.domain.catalog import MAX_ID
from sakesensei.domain.errors import InvalidInput
from sakesensei.domain.grades import GRADES, OTHER
from sakesensei.domain.tastings import MAX_NOTES, RATING_RANGE, JournalEntry, TastingFilter
from sakesensei.entrypoints.api.deps import CurrentUser, UowFactory, VerifiedUser
from sakesensei.services.paging import MAX_LIMIT, MAX_OFFSET
from sakesensei.services.tasting_stats import FlavorProfile, GroupStats, tasting_stats
from sakesensei.services.tastings import KEEP, TastingChanges, TastingJournal

router = APIRouter(prefix="/me/tastings", tags=["tastings"])

# Ids are 32-bit in the database; a larger number can name no sake.
SakeId = Annotated[int, Field(strict=True, ge=1, le=MAX_ID, examples=[1])]
Rating = Annotated[
    int, Field(strict=True, ge=RATING_RANGE[0], le=RATING_RANGE[1], description="1-5 stars")
]
Notes = Annotated[str, Field(max_length=MAX_NOTES)]
TastedOn = Annotated[
    date, Field(description="the day it was drunk; not in the future. Defaults to today (UTC)")
]
CategoryQuery = Annotated[
    str | SkipJsonSchema[None],
    Query(max_length=50, description="only sake of this category (grade)"),
    WithJsonSchema({"type": "string", "enum": [*GRADES, OTHER]}),
]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _journal(uow_factory: UowFactory) -> TastingJournal:
    return TastingJournal(uow_factory, _utc_now)


Journal = Annotated[TastingJournal, Depends(_journal)]


class TastingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sake_id: SakeId
    rating: Rating
    notes: Notes | None = None
    tasted_on: TastedOn | SkipJsonSchema[None] = None


class TastingPatch(BaseModel):
    """The fields to change; the others keep their value. `notes: null` clears the notes."""

    model_config = ConfigDict(extra="forbid")

    sake_id: SakeId | SkipJsonSchema[None] = None
    rating: Rating | SkipJsonSchema[None] = None
    notes: Notes | None = None
    tasted_on: TastedOn | SkipJsonSchema[None] = None


class BreweryRef(BaseModel):
    id: int
    name: str
    prefecture: str


class SakeSummary(BaseModel):
    """The first fields of the catalog's sake, enough to show a journal line."""

    id: int
    name: str
    reading: str | None
    romaji: str | None
    category: str
    brewery: BreweryRef


class TastingOut(BaseModel):
    id: str
    sake_id: int
    sake: SakeSummary
    rating: int
    notes: str | None
    tasted_on: date
    created_at: datetime | None


class TastingList(BaseModel):
    items: list[TastingOut]
    total: int


class CategoryStats(BaseModel):
    category: str
    count: int
    average_rating: float


class PrefectureStats(BaseModel):
    prefecture: str
    count: int
    average_rating: float


class AromaCount(BaseModel):
    aroma: str
    count: int


class FlavorOut(BaseModel):
    count: int = Field(description="how many tastings this profile is drawn from")
    sweetness: float | None = Field(description="mean of the sake's 1-5 scores; null if none")
    acidity: float | None
    body: float | None
    top_aromas: list[AromaCount]


class StatsOut(BaseModel):
    count: int
    average_rating: float | None
    ratings: dict[str, int] = Field(description="how many tastings got each rating, '1'-'5'")
    by_category: list[CategoryStats]
    by_prefecture: list[PrefectureStats]
    rated_high: FlavorOut = Field(description="the taste of what was rated 4 or 5")
    rated_low: FlavorOut = Field(description="the taste of what was rated 1 or 2")


def tasting_out(entry: JournalEntry) -> TastingOut:
    r, s = entry.record, entry.sake
    return TastingOut(
        id=r.id,
        sake_id=r.sake_id,
        sake=SakeSummary(
            id=s.id,
            name=s.name,
            reading=s.reading,
            romaji=s.romaji,
            category=s.category,
            brewery=BreweryRef(id=s.brewery_id, name=s.brewery, prefecture=s.prefecture),
        ),
        rating=r.rating,
        notes=r.notes,
        tasted_on=r.tasted_on,
        created_at=r.created_at,
    )


def _flavor(p: FlavorProfile) -> FlavorOut:
    return FlavorOut(
        count=p.count,
        sweetness=p.sweetness,
        acidity=p.acidity,
        body=p.body,
        top_aromas=[AromaCount(aroma=a, count=n) for a, n in p.top_aromas],
    )


def _categories(groups: list[GroupStats]) -> list[CategoryStats]:
    return [
        CategoryStats(category=g.key, count=g.count, average_rating=g.average_rating)
        for g in groups
    ]


def _prefectures(groups: list[GroupStats]) -> list[PrefectureStats]:
    return [
        PrefectureStats(prefecture=g.key, count=g.count, average_rating=g.average_rating)
        for g in groups
    ]


def _filter(
    date_from: Annotated[date | None, Query(description="tasted on or after")] = None,
    date_to: Annotated[date | None, Query(description="tasted on or before")] = None,
    rating: Annotated[int | None, Query(ge=1, le=5, description="exactly this rating")] = None,
    rating_min: Annotated[int | None, Query(ge=1, le=5)] = None,
    rating_max: Annotated[int | None, Query(ge=1, le=5)] = None,
    category: CategoryQuery = None,
) -> TastingFilter:
    if rating is not None and (rating_min is not None or rating_max is not None):
        raise InvalidInput("give either rating or rating_min/rating_max, not both")
    return TastingFilter(
        date_from=date_from,
        date_to=date_to,
        rating_min=rating if rating is not None else rating_min,
        rating_max=rating if rating is not None else rating_max,
        category=category,
    )


Filter = Annotated[TastingFilter, Depends(_filter)]


@router.get("", response_model=TastingList)
def list_tastings(
    user: CurrentUser,
    journal: Journal,
    where: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> TastingList:
    """The journal, newest tasting first, filtered by date range, rating and category."""
    page = journal.page(user.id, where, limit, offset)
    return TastingList(items=[tasting_out(e) for e in page.items], total=page.total)


@router.post("", response_model=TastingOut, status_code=status.HTTP_201_CREATED)
def log_tasting(body: TastingIn, user: VerifiedUser, journal: Journal) -> TastingOut:
    """Log a tasting. An unknown sake_id is refused with 422."""
    return tasting_out(journal.log(user.id, body.sake_id, body.rating, body.tasted_on, body.notes))


@router.get("/stats", response_model=StatsOut)
def stats(user: CurrentUser, uow_factory: UowFactory, where: Filter) -> StatsOut:
    """Statistics of the journal (or of the part the filters select). Every tasting counts,
    so a sake logged twice counts twice."""
    s = tasting_stats(uow_factory, user.id, where)
    return StatsOut(
        count=s.count,
        average_rating=s.average_rating,
        ratings={str(k): v for k, v in s.ratings.items()},
        by_category=_categories(s.by_category),
        by_prefecture=_prefectures(s.by_prefecture),
        rated_high=_flavor(s.rated_high),
        rated_low=_flavor(s.rated_low),
    )


@router.get("/{tasting_id}", response_model=TastingOut)
def get_tasting(tasting_id: UUID, user: CurrentUser, journal: Journal) -> TastingOut:
    return tasting_out(journal.get(user.id, str(tasting_id)))


@router.patch("/{tasting_id}", response_model=TastingOut)
def change_tasting(
    tasting_id: UUID, body: TastingPatch, user: VerifiedUser, journal: Journal
) -> TastingOut:
    """Change some fields of a tasting; leave a field out to keep it."""
    given = body.model_fields_set
    nulled = [
        f for f in ("sake_id", "rating", "tasted_on") if f in given and getattr(body, f) is None
    ]
    if nulled:
        raise InvalidInput(f"{', '.join(nulled)} cannot be null; leave a field out to keep it")
    changes = TastingChanges(
        sake_id=body.sake_id,
        rating=body.rating,
        tasted_on=body.tasted_on,
        notes=body.notes if "notes" in given else KEEP,
    )
    return tasting_out(journal.change(user.id, str(tasting_id), changes))


@router.delete("/{tasting_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_tasting(tasting_id: UUID, user: VerifiedUser, journal: Journal) -> None:
    journal.remove(user.id, str(tasting_id))
