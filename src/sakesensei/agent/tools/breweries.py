"""Brewery tools: one brewery's story, its sake, and breweries by region or prefecture."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sakesensei.agent.tools.base import tool
from sakesensei.agent.tools.context import ToolContext
from sakesensei.agent.tools.records import (
    BreweryId,
    BreweryInfo,
    SakeSummary,
    brewery_info,
    sake_summary,
    stored_id,
)
from sakesensei.domain.errors import NotFound
from sakesensei.services.brewery_browse import BreweryDetail, brewery_detail, find_breweries
from sakesensei.services.catalog_filters import MAX_OFFSET
from sakesensei.services.sake_finder import MAX_TEXT

# The brewery's page shows its best-known sake; list_brewery_sakes pages through all.
SAKE_ON_INFO = 10
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="results to skip, for paging")]
BreweryName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_TEXT,
        description="the brewery's name in kanji, kana or romaji (typos are ok), "
        "when its id is not known",
    ),
]


class BreweryRefIn(BaseModel):
    """One brewery, by id or by name."""

    model_config = ConfigDict(extra="forbid")

    brewery_id: BreweryId | None = None
    name: BreweryName | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if (self.brewery_id is None) == (self.name is None):
            raise ValueError("give either brewery_id or name (exactly one of them)")
        return self


def _detail(args: BreweryRefIn, ctx: ToolContext) -> BreweryDetail:
    brewery_id = args.brewery_id
    if brewery_id is None:
        found = find_breweries(ctx.catalog, text=args.name, limit=1)
        if not found.items:
            raise NotFound(
                f"no brewery in the catalog matches {args.name!r}; "
                "try search_breweries_by_region to list breweries"
            )
        brewery_id = stored_id(found.items[0].brewery.id)
    return brewery_detail(ctx.catalog, brewery_id)


class BreweryPage(BaseModel):
    brewery: BreweryInfo
    sakes: list[SakeSummary] = Field(description="some of its sake; list_brewery_sakes has all")


@tool("get_brewery_info", title="Brewery info")
def get_brewery_info(args: BreweryRefIn, ctx: ToolContext) -> BreweryPage:
    """A brewery (蔵元) by id or name: where it is (prefecture, region, city), when it was
    founded, its story, its representative sake, how many of its sake the catalog holds,
    and a few of them."""
    detail = _detail(args, ctx)
    return BreweryPage(
        brewery=brewery_info(detail.listing),
        sakes=[sake_summary(i) for i in detail.sakes[:SAKE_ON_INFO]],
    )


class BrewerySakesIn(BreweryRefIn):
    limit: Annotated[int, Field(ge=1, le=100, description="how many sake")] = 20
    offset: Offset = 0


class BrewerySakes(BaseModel):
    brewery: BreweryInfo
    items: list[SakeSummary]
    total: int


@tool("list_brewery_sakes", title="A brewery's sake")
def list_brewery_sakes(args: BrewerySakesIn, ctx: ToolContext) -> BrewerySakes:
    """Every sake of one brewery in the catalog (by brewery id or name), in reading order,
    with paging."""
    detail = _detail(args, ctx)
    page = detail.sakes[args.offset : args.offset + args.limit]
    return BrewerySakes(
        brewery=brewery_info(detail.listing),
        items=[sake_summary(i) for i in page],
        total=len(detail.sakes),
    )


class RegionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    region: Annotated[
        str | None,
        Field(max_length=50, description="東北 or Tohoku, 関東, 北陸, 関西 or Kansai, 九州, ..."),
    ] = None
    prefecture: Annotated[
        str | None, Field(max_length=50, description="新潟, 新潟県 or Niigata")
    ] = None
    limit: Annotated[int, Field(ge=1, le=100, description="how many breweries")] = 20
    offset: Offset = 0

    @model_validator(mode="after")
    def _somewhere(self) -> Self:
        if not (self.region or "").strip() and not (self.prefecture or "").strip():
            raise ValueError("give a region or a prefecture (or both)")
        return self


class BreweryList(BaseModel):
    items: list[BreweryInfo]
    total: int


@tool("search_breweries_by_region", title="Breweries by region")
def search_breweries_by_region(args: RegionIn, ctx: ToolContext) -> BreweryList:
    """Breweries in a region of Japan or a prefecture, north to south. Given both, a brewery
    must be in that prefecture and that region."""
    page = find_breweries(
        ctx.catalog,
        prefectures=[args.prefecture] if args.prefecture else [],
        regions=[args.region] if args.region else [],
        limit=args.limit,
        offset=args.offset,
    )
    return BreweryList(items=[brewery_info(b) for b in page.items], total=page.total)


TOOLS = (get_brewery_info, list_brewery_sakes, search_breweries_by_region)
