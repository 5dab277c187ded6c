"""The catalog: find sake by filters and free text, read one, and find ones like it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from sakesensei.domain.catalog import MAX_ID, SakeWithBrewery
from sakesensei.domain.errors import NotFound
from sakesensei.entrypoints.api.deps import Catalog, UowFactory
from sakesensei.services.catalog_filters import MAX_LIMIT, MAX_OFFSET, MAX_PRICE, SakeCriteria
from sakesensei.services.sake_finder import find_sakes
from sakesensei.services.similar_sake import MAX_SIMILAR, similar_sakes

router = APIRouter(prefix="/sakes", tags=["sakes"])


def sake_json(item: SakeWithBrewery) -> dict[str, Any]:
    s, b = item.sake, item.brewery
    return {
        "id": s.id,
        "name": s.name,
        "reading": s.reading,
        "romaji": s.romaji,
        "brewery": {"id": b.id, "name": b.name, "prefecture": b.prefecture},
        "category": s.category,
        "tags": list(s.tags),
        "price_yen": s.price_yen,
        "volume_ml": s.volume_ml,
        "abv": s.abv,
        "polishing_ratio": s.polishing_ratio,
        "rice": s.rice,
        "smv": s.smv,
        "acidity": s.acidity,
        "flavor": {
            "sweetness": s.flavor.sweetness,
            "acidity": s.flavor.acidity,
            "body": s.flavor.body,
            "aroma": list(s.flavor.aroma),
        },
        "pairings": [{"dish": p.dish, "why": p.why} for p in s.pairings],
        "temperatures": list(s.temperatures),
        "where_to_buy": s.where_to_buy,
        "description": s.description,
        "source": s.source,
    }


def known_id(value: int, what: str) -> int:
    """The id when it can exist; NotFound (404) otherwise, without asking the database."""
    if not 1 <= value <= MAX_ID:
        raise NotFound(f"there is no {what} with id {value}")
    return value


@router.get("")
def list_sakes(
    catalog: Catalog,
    q: Annotated[
        str | None,
        Query(max_length=200, description="name in kanji, kana, romaji or English; typos ok"),
    ] = None,
    category: Annotated[
        list[str], Query(description="a grade: 純米大吟醸 or Junmai Daiginjo; repeat for several")
    ] = [],  # noqa: B006 - FastAPI copies defaults per request
    prefecture: Annotated[
        list[str], Query(description="新潟, 新潟県 or Niigata; repeat for several")
    ] = [],  # noqa: B006
    region: Annotated[
        list[str], Query(description="東北 or Tohoku, also 関西, 北陸; repeat for several")
    ] = [],  # noqa: B006
    price_min: Annotated[int | None, Query(ge=0, le=MAX_PRICE, description="yen")] = None,
    price_max: Annotated[int | None, Query(ge=0, le=MAX_PRICE, description="yen")] = None,
    sweetness_min: Annotated[int | None, Query(ge=1, le=5, description="1 = dry")] = None,
    sweetness_max: Annotated[int | None, Query(ge=1, le=5, description="5 = sweet")] = None,
    aroma: Annotated[
        list[str], Query(description="fruity, melon, rice, ...; several match any of them")
    ] = [],  # noqa: B006
    brewery_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Sake passing every filter; with `q`, best match first (exact before near spellings)."""
    criteria = SakeCriteria(
        text=q,
        categories=category,
        prefectures=prefecture,
        regions=region,
        brewery_id=brewery_id,
        price_min=price_min,
        price_max=price_max,
        sweetness_min=sweetness_min,
        sweetness_max=sweetness_max,
        aromas=aroma,
    )
    page = find_sakes(catalog, criteria, limit, offset)
    return {"items": [sake_json(i) for i in page.items], "total": page.total}


@router.get("/{sake_id}")
def get_sake(sake_id: int, uow_factory: UowFactory) -> dict[str, Any]:
    with uow_factory() as uow:
        item = uow.sakes.get(known_id(sake_id, "sake"))
    if item is None:
        raise NotFound(f"there is no sake with id {sake_id}")
    return sake_json(item)


@router.get("/{sake_id}/similar")
def get_similar(
    sake_id: int,
    catalog: Catalog,
    limit: Annotated[int, Query(ge=1, le=MAX_SIMILAR)] = 5,
) -> dict[str, Any]:
    """Sake close in taste, aroma, grade, price and style, each with a short reason."""
    found = similar_sakes(catalog, known_id(sake_id, "sake"), limit)
    items = [{"sake": sake_json(s.item), "score": s.score, "why": s.why} for s in found]
    return {"items": items, "total": len(items)}
