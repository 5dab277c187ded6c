"""Tasting-journal tools: log what the user drank, read the journal back, and its statistics."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from sakesensei.agent.tools.base import ToolHints, tool
from sakesensei.agent.tools.context import ToolContext
from sakesensei.agent.tools.records import SakeId
from sakesensei.domain.grades import GRADES, OTHER
from sakesensei.domain.tastings import MAX_NOTES, RATING_RANGE, JournalEntry, TastingFilter
from sakesensei.services.paging import MAX_OFFSET
from sakesensei.services.tasting_stats import FlavorProfile, GroupStats, tasting_stats

Stars = Annotated[int, Field(ge=RATING_RANGE[0], le=RATING_RANGE[1], description="1-5 stars")]


class TastingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sake_id: SakeId
    rating: Stars
    notes: Annotated[str | None, Field(max_length=MAX_NOTES, description="in the user's words")] = (
        None
    )
    tasted_on: date | None = Field(
        default=None, description="the day it was drunk (YYYY-MM-DD); defaults to today"
    )


class TastedSakeOut(BaseModel):
    id: int
    name: str
    category: str
    brewery: str
    prefecture: str


class TastingOut(BaseModel):
    id: str
    sake: TastedSakeOut
    rating: int
    notes: str | None
    tasted_on: date
    created_at: datetime | None


def tasting_out(entry: JournalEntry) -> TastingOut:
    r, s = entry.record, entry.sake
    return TastingOut(
        id=r.id,
        sake=TastedSakeOut(
            id=s.id, name=s.name, category=s.category, brewery=s.brewery, prefecture=s.prefecture
        ),
        rating=r.rating,
        notes=r.notes,
        tasted_on=r.tasted_on,
        created_at=r.created_at,
    )


@tool(
    "add_tasting_record",
    title="Log a tasting",
    hints=ToolHints(read_only=False, idempotent=False, destructive=False),
    user_scoped=True,
)
def add_tasting_record(args: TastingIn, ctx: ToolContext) -> TastingOut:
    """Log a sake the signed-in user drank, with 1-5 stars and optional notes, in their
    tasting journal. Each call adds a record, so confirm the sake and rating with the user
    first and call once. A new rating changes their next recommendations."""
    user_id = ctx.require_verified_user()
    entry = ctx.journal.log(user_id, args.sake_id, args.rating, args.tasted_on, args.notes)
    return tasting_out(entry)


class JournalFilterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date_from: date | None = Field(default=None, description="tasted on or after")
    date_to: date | None = Field(default=None, description="tasted on or before")
    rating_min: Stars | None = None
    rating_max: Stars | None = None
    category: Annotated[
        str | None, Field(max_length=50, description=f"one of {', '.join((*GRADES, OTHER))}")
    ] = None

    def where(self) -> TastingFilter:
        return TastingFilter(
            date_from=self.date_from,
            date_to=self.date_to,
            rating_min=self.rating_min,
            rating_max=self.rating_max,
            category=self.category,
        )


class JournalPageIn(JournalFilterIn):
    limit: Annotated[int, Field(ge=1, le=50, description="how many records")] = 20
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


class TastingList(BaseModel):
    items: list[TastingOut] = Field(description="newest tasting first")
    total: int


@tool("get_tasting_history", title="Tasting journal", user_scoped=True)
def get_tasting_history(args: JournalPageIn, ctx: ToolContext) -> TastingList:
    """The signed-in user's tasting journal, newest first, optionally only a date range,
    a rating range or one grade."""
    page = ctx.journal.page(ctx.require_user(), args.where(), args.limit, args.offset)
    return TastingList(items=[tasting_out(e) for e in page.items], total=page.total)


class GroupOut(BaseModel):
    name: str = Field(description="the category or prefecture")
    count: int
    average_rating: float


class AromaCount(BaseModel):
    aroma: str
    count: int


class FlavorOut(BaseModel):
    count: int = Field(description="how many tastings it is drawn from")
    sweetness: float | None = Field(description="mean 1-5 score; null if none is known")
    acidity: float | None
    body: float | None
    top_aromas: list[AromaCount]


class TastingStatsOut(BaseModel):
    count: int
    average_rating: float | None
    ratings: dict[str, int] = Field(description="how many tastings got each rating, '1'-'5'")
    by_category: list[GroupOut]
    by_prefecture: list[GroupOut]
    rated_high: FlavorOut = Field(description="the taste of what they rated 4-5")
    rated_low: FlavorOut = Field(description="the taste of what they rated 1-2")


def _groups(groups: list[GroupStats]) -> list[GroupOut]:
    return [GroupOut(name=g.key, count=g.count, average_rating=g.average_rating) for g in groups]


def _flavor(p: FlavorProfile) -> FlavorOut:
    return FlavorOut(
        count=p.count,
        sweetness=p.sweetness,
        acidity=p.acidity,
        body=p.body,
        top_aromas=[AromaCount(aroma=a, count=n) for a, n in p.top_aromas],
    )


@tool("get_tasting_statistics", title="Tasting statistics", user_scoped=True)
def get_tasting_statistics(args: JournalFilterIn, ctx: ToolContext) -> TastingStatsOut:
    """Statistics of the signed-in user's journal (or of the part the filters select): how
    many tastings and their ratings, by grade and by prefecture, and what the sake they
    rated high taste like next to the ones they rated low."""
    s = tasting_stats(ctx.uow_factory, ctx.require_user(), args.where())
    return TastingStatsOut(
        count=s.count,
        average_rating=s.average_rating,
        ratings={str(k): v for k, v in s.ratings.items()},
        by_category=_groups(s.by_category),
        by_prefecture=_groups(s.by_prefecture),
        rated_high=_flavor(s.rated_high),
        rated_low=_flavor(s.rated_low),
    )


TOOLS = (add_tasting_record, get_tasting_history, get_tasting_statistics)
