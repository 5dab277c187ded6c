"""Food pairing: sake that suit a dish named in Japanese or English, each with why."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from sakesensei.entrypoints.api.deps import Catalog
from sakesensei.entrypoints.api.routes.sakes import sake_json
from sakesensei.services.catalog_filters import MAX_LIMIT, MAX_OFFSET
from sakesensei.services.food_pairing import MAX_DISH, sake_for_dish

router = APIRouter(prefix="/pairings", tags=["pairings"])


@router.get("")
def pairings_for_dish(
    catalog: Catalog,
    dish: Annotated[
        str, Query(max_length=MAX_DISH, description="刺身, karaage, 唐揚げ, pizza, カレー, cheese")
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Sake whose own pairings name the dish first, then sake that suit its kind of dish.

    `source` says which: "listed" (the sake's record names this dish) or "profile" (its
    taste suits the dish family). An unknown dish answers an empty list and a `message`.
    """
    page = sake_for_dish(catalog, dish, limit, offset)
    return {
        "dish": page.dish,
        "families": [{"key": f.key, "label": f.label} for f in page.families],
        "items": [
            {"sake": sake_json(s.item), "why": s.why, "score": s.score, "source": s.source}
            for s in page.items
        ],
        "total": page.total,
        "message": page.message,
    }
