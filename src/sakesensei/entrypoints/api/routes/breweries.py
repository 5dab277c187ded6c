"""Breweries: find them by name, prefecture or region; read one with all its sake."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from sakesensei.domain.catalog_queries import BreweryListing
from sakesensei.domain.prefectures import ROMAJI_BY_PREFECTURE
from sakesensei.domain.regions import region_of
from sakesensei.entrypoints.api.deps import Catalog
from sakesensei.entrypoints.api.routes.sakes import known_id, sake_json
from sakesensei.services.brewery_browse import brewery_detail, find_breweries
from sakesensei.services.catalog_filters import MAX_LIMIT, MAX_OFFSET

router = APIRouter(prefix="/breweries", tags=["breweries"])


def brewery_json(listing: BreweryListing) -> dict[str, Any]:
    b = listing.brewery
    return {
        "id": b.id,
        "name": b.name,
        "romaji": b.romaji,
        "prefecture": b.prefecture,
        "prefecture_romaji": ROMAJI_BY_PREFECTURE.get(b.prefecture),
        "region": region_of(b.prefecture),
        "city": b.city,
        "founded": b.founded,
        "description": b.description,
        "representative_sake": b.representative_sake,
        "sake_count": listing.sake_count,
    }


@router.get("")
def list_breweries(
    catalog: Catalog,
    q: Annotated[
        str | None,
        Query(max_length=200, description="name in kanji, kana or romaji; typos ok"),
    ] = None,
    prefecture: Annotated[
        list[str], Query(description="新潟, 新潟県 or Niigata; repeat for several")
    ] = [],  # noqa: B006 - FastAPI copies defaults per request
    region: Annotated[
        list[str], Query(description="東北 or Tohoku, also 関西, 北陸; repeat for several")
    ] = [],  # noqa: B006
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Breweries, north to south; with `q`, best name match first."""
    page = find_breweries(catalog, q, prefecture, region, limit, offset)
    return {"items": [brewery_json(b) for b in page.items], "total": page.total}


@router.get("/{brewery_id}")
def get_brewery(brewery_id: int, catalog: Catalog) -> dict[str, Any]:
    """The brewery and every sake of it in the catalog."""
    detail = brewery_detail(catalog, known_id(brewery_id, "brewery"))
    return {**brewery_json(detail.listing), "sakes": [sake_json(i) for i in detail.sakes]}
