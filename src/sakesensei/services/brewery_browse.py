"""Breweries: found by name in any script, by prefecture or region; one with all its sake."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.domain.catalog_queries import BreweryListing, SakeFilter
from sakesensei.domain.errors import NotFound
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.catalog_filters import check_paging, places
from sakesensei.services.sake_finder import searchable_text

# A brewery's page lists every sake of it; none in the catalog comes close to this.
MAX_SAKE_PER_BREWERY = 1000


@dataclass(frozen=True, slots=True)
class BreweryPage:
    items: Sequence[BreweryListing]
    total: int


@dataclass(frozen=True, slots=True)
class BreweryDetail:
    listing: BreweryListing
    sakes: list[SakeWithBrewery]


def find_breweries(
    catalog: CatalogCache,
    text: str | None = None,
    prefectures: Sequence[str] = (),
    regions: Sequence[str] = (),
    limit: int = 20,
    offset: int = 0,
) -> BreweryPage:
    """With text, best name match first; otherwise north to south, by name."""
    check_paging(limit, offset)
    query = searchable_text(text)
    where = places(prefectures, regions)
    if where is None:
        return BreweryPage([], 0)
    if query is None:
        with catalog.uow_factory() as uow:
            items, total = uow.breweries.find(where, limit, offset)
        return BreweryPage(items, total)
    snapshot = catalog.snapshot()
    found = [
        BreweryListing(snapshot.breweries[hit.key], snapshot.sake_counts[hit.key])
        for hit in snapshot.brewery_index.search(query)
    ]
    if where:
        found = [b for b in found if b.brewery.prefecture in where]
    return BreweryPage(found[offset : offset + limit], len(found))


def brewery_detail(catalog: CatalogCache, brewery_id: int) -> BreweryDetail:
    with catalog.uow_factory() as uow:
        brewery = uow.breweries.get(brewery_id)
        if brewery is None:
            raise NotFound(f"there is no brewery with id {brewery_id}")
        sakes, total = uow.sakes.find(SakeFilter(brewery_id=brewery_id), MAX_SAKE_PER_BREWERY, 0)
    return BreweryDetail(BreweryListing(brewery, total), sakes)
