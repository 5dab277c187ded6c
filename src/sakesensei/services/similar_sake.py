"""Sake like a given one: close in taste, aroma, grade, price and style, each with why."""

from __future__ import annotations

from dataclasses import dataclass

from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.domain.errors import InvalidInput, NotFound
from sakesensei.engines.recommend.similarity import most_similar
from sakesensei.services.catalog_cache import CatalogCache

MAX_SIMILAR = 50


@dataclass(frozen=True, slots=True)
class SimilarSake:
    item: SakeWithBrewery
    score: float  # 0-100
    why: str


def similar_sakes(catalog: CatalogCache, sake_id: int, limit: int = 5) -> list[SimilarSake]:
    if not 1 <= limit <= MAX_SIMILAR:
        raise InvalidInput(f"limit must be between 1 and {MAX_SIMILAR}, not {limit}")
    snapshot = catalog.snapshot()
    target = snapshot.sakes.get(sake_id)
    if target is None:
        raise NotFound(f"there is no sake with id {sake_id}")
    candidates = (item.sake for item in snapshot.sakes.values())
    return [
        SimilarSake(snapshot.sakes[s.sake_id], s.score, s.why)
        for s in most_similar(target.sake, candidates, limit)
    ]
