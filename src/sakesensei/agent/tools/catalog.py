"""Catalog tools: one sake in full, sake by name or by taste, sake alike, sake for a dish."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from sakesensei.agent.tools.base import tool
from sakesensei.agent.tools.context import ToolContext
from sakesensei.agent.tools.records import (
    SakeDetails,
    SakeId,
    SakeSummary,
    sake_details,
    sake_summary,
)
from sakesensei.domain.catalog import AROMAS
from sakesensei.domain.errors import NotFound
from sakesensei.domain.grades import GRADE_ROMAJI, OTHER
from sakesensei.services.catalog_filters import MAX_OFFSET, MAX_PRICE, SakeCriteria
from sakesensei.services.food_pairing import MAX_DISH, sake_for_dish
from sakesensei.services.sake_finder import MAX_TEXT, find_sakes
from sakesensei.services.similar_sake import similar_sakes

GRADES_TEXT = ", ".join(f"{g} ({r})" for g, r in GRADE_ROMAJI.items() if g != OTHER)
Limit = Annotated[int, Field(ge=1, le=50, description="how many results to return")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="results to skip, for paging")]
Sweetness = Annotated[int, Field(ge=1, le=5, description="1 = dry (辛口) ... 5 = sweet (甘口)")]
Yen = Annotated[int, Field(ge=0, le=MAX_PRICE, description="yen per bottle")]
Words = Annotated[list[Annotated[str, Field(max_length=50)]], Field(max_length=20)]


class SakeIdIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sake_id: SakeId


class SakeList(BaseModel):
    items: list[SakeSummary]
    total: int = Field(description="how many match in all (page with offset)")


@tool("get_sake_details", title="Sake details")
def get_sake_details(args: SakeIdIn, ctx: ToolContext) -> SakeDetails:
    """Everything the catalog knows about one sake, by id: grade, brewery, price and bottle
    size, alcohol, polishing ratio, rice, SMV (日本酒度) and acidity, taste on 1-5 scales,
    aromas, dishes it suits and why, serving temperatures and a description. Get ids from
    search_sake or search_sakes_by_characteristics."""
    with ctx.uow_factory() as uow:
        item = uow.sakes.get(args.sake_id)
    if item is None:
        raise NotFound(f"there is no sake with id {args.sake_id}; find ids with search_sake")
    return sake_details(item)


class SearchSakeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_TEXT,
            description="a sake or brewery name in kanji, kana, romaji or English; typos are ok",
        ),
    ]
    limit: Limit = 10
    offset: Offset = 0


@tool("search_sake", title="Search sake by name")
def search_sake(args: SearchSakeIn, ctx: ToolContext) -> SakeList:
    """Find sake by name as people write it: 獺祭, だっさい, ダッサイ and "dassai" all find
    the same sake, and small typos are forgiven. Best match first. Use this when the user
    names a sake or a brewery; use search_sakes_by_characteristics for a kind of sake."""
    page = find_sakes(ctx.catalog, SakeCriteria(text=args.query), args.limit, args.offset)
    return SakeList(items=[sake_summary(i) for i in page.items], total=page.total)


class CharacteristicsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    categories: Words = Field(
        default=[], description=f"grades, any of: {GRADES_TEXT}; in Japanese or romaji"
    )
    prefectures: Words = Field(default=[], description="e.g. 新潟, 新潟県 or Niigata; any of")
    regions: Words = Field(default=[], description="e.g. 東北 or Tohoku, 関西, 北陸; any of")
    price_min: Yen | None = None
    price_max: Yen | None = None
    sweetness_min: Sweetness | None = None
    sweetness_max: Sweetness | None = None
    aromas: Words = Field(default=[], description=f"any of: {', '.join(sorted(AROMAS))}")
    limit: Limit = 10
    offset: Offset = 0


@tool("search_sakes_by_characteristics", title="Search sake by characteristics")
def search_sakes_by_characteristics(args: CharacteristicsIn, ctx: ToolContext) -> SakeList:
    """Find sake by what they are like: grade, prefecture or region, price range in yen,
    sweetness range (1 = dry ... 5 = sweet) and aromas. Every condition given must hold;
    within one list any value may match. For "辛口で3000円以下" send sweetness_max 2 and
    price_max 3000. A sake whose price or sweetness is unknown is left out when that
    bound is given."""
    criteria = SakeCriteria(
        categories=args.categories,
        prefectures=args.prefectures,
        regions=args.regions,
        price_min=args.price_min,
        price_max=args.price_max,
        sweetness_min=args.sweetness_min,
        sweetness_max=args.sweetness_max,
        aromas=args.aromas,
    )
    page = find_sakes(ctx.catalog, criteria, args.limit, args.offset)
    return SakeList(items=[sake_summary(i) for i in page.items], total=page.total)


class SimilarIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sake_id: SakeId
    limit: Annotated[int, Field(ge=1, le=20, description="how many similar sake")] = 5


class SimilarSakeOut(BaseModel):
    sake: SakeSummary
    score: float = Field(description="0-100, how alike")
    why: str


class SimilarList(BaseModel):
    like: SakeSummary = Field(description="the sake the others resemble")
    items: list[SimilarSakeOut]


@tool("get_similar_sakes", title="Similar sake")
def get_similar_sakes(args: SimilarIn, ctx: ToolContext) -> SimilarList:
    """Sake close to a given one in taste, aroma, grade, price and style, most alike first,
    each with a short reason. Good for "something like Dassai 45 but different"."""
    found = similar_sakes(ctx.catalog, args.sake_id, args.limit)
    target = ctx.catalog.snapshot().sakes[args.sake_id]
    return SimilarList(
        like=sake_summary(target),
        items=[SimilarSakeOut(sake=sake_summary(s.item), score=s.score, why=s.why) for s in found],
    )


class DishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dish: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_DISH,
            description="a dish in Japanese or English: 刺身, 唐揚げ, karaage, pizza, カレー",
        ),
    ]
    limit: Annotated[int, Field(ge=1, le=20, description="how many sake")] = 5


class PairingPick(BaseModel):
    sake: SakeSummary
    score: float = Field(description="0-100")
    why: str
    source: str = Field(
        description="'listed': the sake's own record names this dish; "
        "'profile': its taste suits this kind of dish"
    )


class DishPairings(BaseModel):
    dish: str
    dish_kinds: list[str] = Field(description="the kinds of dish it was read as")
    items: list[PairingPick]
    total: int
    message: str | None = Field(description="a note when no sake names the dish itself")


@tool("recommend_for_dish", title="Sake for a dish")
def recommend_for_dish(args: DishIn, ctx: ToolContext) -> DishPairings:
    """Sake that go with a dish, named in Japanese or English ("刺身に合う", "goes with
    karaage"): first sake whose own pairings name the dish, then sake whose taste suits
    that kind of dish, each with why."""
    page = sake_for_dish(ctx.catalog, args.dish, args.limit)
    return DishPairings(
        dish=page.dish,
        dish_kinds=[f.label for f in page.families],
        items=[
            PairingPick(sake=sake_summary(s.item), score=s.score, why=s.why, source=s.source)
            for s in page.items
        ],
        total=page.total,
        message=page.message,
    )


TOOLS = (
    search_sake,
    search_sakes_by_characteristics,
    get_sake_details,
    get_similar_sakes,
    recommend_for_dish,
)
