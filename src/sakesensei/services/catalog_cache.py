"""The whole catalog in memory, with its search indexes, rebuilt only when the catalog changed.

Free-text search, similar sake and food pairing all rank every record, which is quick in
memory and slow as SQL. A use reads the catalog version (one cheap query) unless it was
read less than RECHECK_SECONDS ago, so every process (and every replica) sees a change
made elsewhere (an import, another replica's admin) within that, and a change made
through this process at once (invalidate()). Under load, one query then serves many
requests instead of one each.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from sakesensei.domain.catalog import Brewery, SakeWithBrewery
from sakesensei.domain.catalog_queries import CatalogVersion
from sakesensei.engines.text.catalog_fields import brewery_fields, sake_fields
from sakesensei.engines.text.dishes import DishIndex
from sakesensei.engines.text.fuzzy import FuzzyIndex
from sakesensei.ports import UnitOfWorkFactory

T = TypeVar("T")
MEMO_SIZE = 2048
RECHECK_SECONDS = 0.25


@dataclass(frozen=True, slots=True)
class CatalogSnapshot:
    version: CatalogVersion
    sakes: dict[int, SakeWithBrewery]
    breweries: dict[int, Brewery]
    sake_counts: Counter[int]
    sake_index: FuzzyIndex[int]
    brewery_index: FuzzyIndex[int]
    dishes: DishIndex
    # Sake ids in the catalog's listing order: gojūon order of the kana reading (sake
    # without one last), then name and id, as the SQL listing sorts them.
    listing: tuple[int, ...] = ()
    # Results worth keeping while this version of the catalog lasts (remember()).
    memo: dict[Hashable, object] = field(default_factory=dict, compare=False, repr=False)

    def remember(self, key: Hashable, make: Callable[[], T]) -> T:
        """make(), kept under `key` for this catalog version: a popular question (the
        sake for 刺身) is worked out once, not for every asker. Bounded; two threads
        may both make a missing entry, and either result is right."""
        if key in self.memo:
            return cast(T, self.memo[key])
        value = make()
        if len(self.memo) >= MEMO_SIZE:
            self.memo.clear()
        self.memo[key] = value
        return value


def build_snapshot(
    version: CatalogVersion, items: list[SakeWithBrewery], breweries: list[Brewery]
) -> CatalogSnapshot:
    # Shorter names first: among equal scores "久保田 萬寿" should come before a long
    # limited edition of it.
    items = sorted(items, key=lambda i: (len(i.sake.name), i.sake.name, i.sake.id or 0))
    sakes = {i.sake.id: i for i in items if i.sake.id is not None}
    by_id = {b.id: b for b in breweries if b.id is not None}
    return CatalogSnapshot(
        version=version,
        sakes=sakes,
        breweries=by_id,
        sake_counts=Counter(i.sake.brewery_id for i in sakes.values()),
        sake_index=FuzzyIndex((sake_id, sake_fields(i)) for sake_id, i in sakes.items()),
        brewery_index=FuzzyIndex((bid, brewery_fields(b)) for bid, b in by_id.items()),
        dishes=DishIndex((sake_id, p) for sake_id, i in sakes.items() for p in i.sake.pairings),
        listing=tuple(
            sake_id
            for sake_id, _ in sorted(
                sakes.items(),
                key=lambda pair: (
                    pair[1].sake.reading is None,
                    pair[1].sake.reading or "",
                    pair[1].sake.name,
                    pair[0],
                ),
            )
        ),
    )


class CatalogCache:
    """One per process; safe to share between the threads that serve requests."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        *,
        recheck_seconds: float = RECHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.uow_factory = uow_factory
        self._snapshot: CatalogSnapshot | None = None
        self._lock = threading.Lock()
        self._recheck = recheck_seconds
        self._clock = clock
        self._checked_at = -math.inf
        self.rebuilds = 0

    def invalidate(self) -> None:
        """The catalog was changed through this process: read the version on the next use."""
        self._checked_at = -math.inf

    def snapshot(self) -> CatalogSnapshot:
        current = self._snapshot
        now = self._clock()
        if current is not None and now - self._checked_at < self._recheck:
            return current
        with self.uow_factory() as uow:
            version = uow.sakes.catalog_version()
        self._checked_at = now
        if current is not None and current.version == version:
            return current
        with self._lock:
            current = self._snapshot
            if current is not None and current.version == version:
                return current  # another thread rebuilt it while we waited
            self._snapshot = self._load()
            self.rebuilds += 1
            return self._snapshot

    def _load(self) -> CatalogSnapshot:
        with self.uow_factory() as uow:
            # The version is read before the rows: a write in between makes the next
            # request rebuild again, never keeps stale rows under a newer version.
            version = uow.sakes.catalog_version()
            items = list(uow.sakes.iter_all())
            breweries = uow.breweries.list()
        return build_snapshot(version, items, breweries)


class PinnedCatalog(CatalogCache):
    """The catalog as one chat turn sees it: the version is read on first use, and that
    snapshot serves the rest of the turn. Its tools then agree on one catalog, and pay
    for one version check instead of one each."""

    def __init__(self, cache: CatalogCache) -> None:
        super().__init__(cache.uow_factory)
        self._cache = cache
        self._pinned: CatalogSnapshot | None = None

    def snapshot(self) -> CatalogSnapshot:
        if self._pinned is None:
            self._pinned = self._cache.snapshot()
        return self._pinned
