"""Sake for a dish typed in Japanese or English: "刺身", "karaage", "pizza", each with why."""

from __future__ import annotations

from dataclasses import dataclass

from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.domain.dishes import DishFamily
from sakesensei.domain.errors import InvalidInput
from sakesensei.engines.recommend.pairing import Suggestion, suggest
from sakesensei.engines.text.dishes import detect_families
from sakesensei.engines.text.fuzzy import words
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.catalog_filters import check_paging

MAX_DISH = 100


@dataclass(frozen=True, slots=True)
class PairingSuggestion:
    item: SakeWithBrewery
    score: float  # 0-100
    why: str
    source: str  # "listed" or "profile"


@dataclass(frozen=True, slots=True)
class PairingPage:
    dish: str
    families: list[DishFamily]
    items: list[PairingSuggestion]
    total: int
    message: str | None


def sake_for_dish(
    catalog: CatalogCache, dish: str, limit: int = 10, offset: int = 0
) -> PairingPage:
    """Sake whose own pairings name the dish first, then sake that suit its kind of dish."""
    check_paging(limit, offset)
    dish = dish.strip()
    if not dish:
        raise InvalidInput("name a dish, in Japanese or English: 刺身, karaage, pizza, カレー")
    if len(dish) > MAX_DISH:
        raise InvalidInput(f"the dish name is {len(dish)} characters; keep it under {MAX_DISH}")
    if not words(dish):
        raise InvalidInput(f"{dish!r} has no letters to read as a dish; try 刺身, karaage or pizza")
    snapshot = catalog.snapshot()

    def rank() -> tuple[list[DishFamily], bool, list[Suggestion]]:
        families = detect_families(dish)
        listed = snapshot.dishes.search(dish)
        found = suggest(listed, [item.sake for item in snapshot.sakes.values()], families)
        return families, bool(listed), found

    families, listed, found = snapshot.remember(("sake_for_dish", dish), rank)
    page = [
        PairingSuggestion(snapshot.sakes[s.sake_id], s.score, s.why, s.source)
        for s in found[offset : offset + limit]
    ]
    return PairingPage(dish, families, page, len(found), _message(dish, families, listed))


def _message(dish: str, families: list[DishFamily], listed: bool) -> str | None:
    if listed:
        return None
    if families:
        kinds = " and ".join(f.label for f in families[:2])
        return f"No sake in the catalog lists {dish!r} itself; these suit {kinds}."
    return (
        f"We do not know {dish!r} as a dish, and no sake in the catalog lists it. Try a "
        "dish name or a kind of dish: 刺身 (sashimi), 唐揚げ (karaage), pizza, カレー, cheese."
    )
