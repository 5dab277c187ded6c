"""The catalog: search and read sake."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.domain.errors import NotFound
from sakesensei.entrypoints.api.deps import UowFactory
from sakesensei.services.catalog_search import search_catalog

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


@router.get("")
def list_sakes(
    uow_factory: UowFactory,
    q: Annotated[str, Query(min_length=1, max_length=200, description="kanji, kana or romaji")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Sake whose name, reading, romaji or brewery holds every word of `q`."""
    page = search_catalog(uow_factory, q, limit, offset)
    return {"items": [sake_json(i) for i in page.items], "total": page.total}


@router.get("/{sake_id}")
def get_sake(sake_id: int, uow_factory: UowFactory) -> dict[str, Any]:
    with uow_factory() as uow:
        item = uow.sakes.get(sake_id)
    if item is None:
        raise NotFound(f"there is no sake with id {sake_id}")
    return sake_json(item)
