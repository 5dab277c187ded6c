"""What readers of the catalog ask for: sake filters, brewery listings, the catalog's version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sakesensei.domain.catalog import Brewery, SakeWithBrewery


@dataclass(frozen=True, slots=True)
class SakeFilter:
    """Structured conditions on sake; every field left empty means "any".

    Within one field the values are alternatives (純米 or 吟醸; fruity or floral); the
    fields themselves must all hold. A bound on a value the record does not have (no
    price, no sweetness score) excludes the record, since we cannot promise it fits.
    """

    categories: frozenset[str] = frozenset()
    prefectures: frozenset[str] = frozenset()
    brewery_id: int | None = None
    price_min: int | None = None
    price_max: int | None = None
    sweetness_min: int | None = None
    sweetness_max: int | None = None
    aromas: frozenset[str] = frozenset()

    def is_empty(self) -> bool:
        return self == SakeFilter()

    def matches(self, item: SakeWithBrewery) -> bool:
        """The same test the SQL repository runs, for records already in memory."""
        sake = item.sake
        if self.categories and sake.category not in self.categories:
            return False
        if self.prefectures and item.brewery.prefecture not in self.prefectures:
            return False
        if self.brewery_id is not None and sake.brewery_id != self.brewery_id:
            return False
        if self.aromas and not self.aromas.intersection(sake.flavor.aroma):
            return False
        return _within(sake.price_yen, self.price_min, self.price_max) and _within(
            sake.flavor.sweetness, self.sweetness_min, self.sweetness_max
        )


def _within(value: int | None, low: int | None, high: int | None) -> bool:
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


@dataclass(frozen=True, slots=True)
class BreweryListing:
    """A brewery with how many sake of it the catalog holds."""

    brewery: Brewery
    sake_count: int


@dataclass(frozen=True, slots=True)
class CatalogVersion:
    """Cheap to read, and different whenever a sake or brewery is added, changed or removed.

    Caches of the whole catalog compare it before each use instead of reloading.
    """

    sakes: int
    sakes_changed: datetime | None
    breweries: int
    breweries_changed: datetime | None
