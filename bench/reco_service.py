"""A full recommendation through services/recommendations.py, in process, for reco_scale.py.

The service reads the catalog, the survey and the journal through a unit of work; here a
minimal in-memory one hands it 100,000 generated sake and the generated tastings, so the
time measured is the service and the engine (constraints, four-part score, diversity,
reasons), not a database. The database and HTTP are in the API measurement.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any

import numpy as np

from sakesensei.domain.catalog import AROMAS, Brewery, Flavor, Pairing, Sake, SakeWithBrewery
from sakesensei.domain.catalog_queries import CatalogVersion
from sakesensei.domain.grades import GRADES
from sakesensei.domain.prefectures import PREFECTURES
from sakesensei.domain.tastings import Rating, RatingsVersion, TastingRecord
from sakesensei.engines.recommend.ratings import CollaborativeModel, RatingData
from sakesensei.engines.recommend.synthetic import SyntheticRatings
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.recommendations import RecommendationService

_AROMAS = sorted(AROMAS)
_PAIRING = (Pairing("冷奴 (chilled tofu)", "Mild tofu lets the rice show."),)
_EPOCH = date(2024, 1, 1)


def catalog(features: np.ndarray[Any, Any], breweries: int = 2000) -> list[SakeWithBrewery]:
    """Sake records around the synthetic flavour rows (sweetness, acidity, body, aroma tags)."""
    rng = np.random.default_rng(5)
    houses = [
        Brewery(f"試験酒造{b:04d}", PREFECTURES[b % len(PREFECTURES)][0], id=b + 1)
        for b in range(breweries)
    ]
    items = []
    for row, values in enumerate(features):
        aromas = tuple(_AROMAS[i] for i in np.flatnonzero(values[3:])[:3])
        house = houses[row % breweries]
        sake = Sake(
            name=f"銘柄{row:06d}",
            brewery_id=house.id or 0,
            category=GRADES[row % len(GRADES)],
            price_yen=int(rng.integers(90, 600)) * 10,
            volume_ml=720,
            flavor=Flavor(int(values[0]), int(values[1]), int(values[2]), aromas),
            pairings=_PAIRING,
            id=row + 1,
        )
        items.append(SakeWithBrewery(sake, house))
    return items


@dataclass
class _Store:
    items: list[SakeWithBrewery]
    journals: dict[str, list[TastingRecord]]  # newest first, as the repository returns them
    ratings: list[Rating]


class _Reader:
    """Only the reads the recommendation path makes."""

    def __init__(self, store: _Store) -> None:
        self.s = store
        self.sakes, self.breweries, self.tastings, self.preferences = self, self, self, self
        # Computed once: the service reads the version on every request, as it would ask
        # the database, and the stand-in must not cost more than that query.
        self._breweries = list({i.brewery.id: i.brewery for i in store.items}.values())
        self._version = CatalogVersion(len(store.items), None, len(self._breweries), None)

    def __enter__(self) -> _Reader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: Any, tb: TracebackType | None
    ) -> None:
        return None

    def catalog_version(self) -> CatalogVersion:
        return self._version

    def iter_all(self) -> Any:
        return iter(self.s.items)

    def list(self) -> list[Brewery]:
        return self._breweries

    def get(self, user_id: str) -> None:
        return None  # nobody answered the survey: the defaults apply

    def list_for_user(self, user_id: str, limit: int = 100, offset: int = 0) -> list[TastingRecord]:
        return self.s.journals.get(user_id, [])[offset : offset + limit]

    def ratings_version(self) -> RatingsVersion:
        return RatingsVersion(len(self.s.ratings), None, 0)

    def all_ratings(self) -> list[Rating]:
        return self.s.ratings


def service_latency(
    items: list[SakeWithBrewery],
    synthetic: SyntheticRatings,
    model: CollaborativeModel,
    requests: int,
    seed: int,
) -> dict[str, Any]:
    """p50/p95 of RecommendationService.for_user(user, limit=10) for sampled users."""
    days = (synthetic.timestamps - synthetic.timestamps.min()) // 86_400
    ratings = [
        Rating(f"u{u}", int(i) + 1, int(r), _EPOCH + timedelta(days=int(d)))
        for u, i, r, d in zip(
            synthetic.users, synthetic.items, synthetic.ratings, days, strict=True
        )
    ]
    rng = np.random.default_rng(seed)
    users = [f"u{u}" for u in rng.choice(int(synthetic.users.max()) + 1, requests, replace=False)]
    wanted = set(users)
    journals: dict[str, list[TastingRecord]] = {}
    for n, r in enumerate(ratings):
        if r.user_id in wanted:
            record = TastingRecord(f"t{n}", r.user_id, r.sake_id, r.rating, r.tasted_on)
            journals.setdefault(r.user_id, []).append(record)
    for journal in journals.values():
        journal.sort(key=lambda t: t.tasted_on, reverse=True)
    reader = _Reader(_Store(items, journals, ratings))

    def fitted(data: RatingData) -> CollaborativeModel:
        return model  # fitted once already; the bench times the fit separately

    service = RecommendationService(
        lambda: reader,  # type: ignore[arg-type, return-value]
        CatalogCache(lambda: reader),  # type: ignore[arg-type, return-value]
        lambda: datetime.now(UTC),
        refresh_seconds=3600,
        fit=fitted,
    )
    started = time.perf_counter()
    service.refresher.refresh()
    service.for_user(users[0])  # builds the catalog arrays and lines up the model once
    warm_up = time.perf_counter() - started
    samples = []
    for user in users:
        started = time.perf_counter()
        service.for_user(user, limit=10)
        samples.append(time.perf_counter() - started)
    values = np.asarray(samples) * 1000
    return {
        "warm_up_seconds": round(warm_up, 1),
        "p50_ms": round(float(np.percentile(values, 50)), 2),
        "p95_ms": round(float(np.percentile(values, 95)), 2),
        "max_ms": round(float(values.max()), 2),
    }
