"""What other people's ratings say about each sake, lined up with the catalog arrays: the
community's mean rating (for "well-rated") and each sake's column in a collaborative model.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np

from sakesensei.engines.recommend.collaborative import CollaborativeModel, RatingData
from sakesensei.engines.recommend.features import CatalogFeatures, FloatArray, IntArray

# A sake's mean is pulled toward everyone's mean as if it had this many average votes,
# so one enthusiastic 5 does not put an unknown bottle above a hundred 4.5s.
PRIOR_VOTES = 3.0
# With no ratings anywhere yet, assume sake is liked a little more than not.
DEFAULT_MEAN = 3.5


@dataclass(frozen=True, slots=True)
class CommunityRatings:
    """Per-sake rating totals with one vote per user (their latest), and the overall mean."""

    totals: Mapping[Hashable, tuple[float, int]]
    mean: float

    @classmethod
    def empty(cls) -> CommunityRatings:
        return cls({}, DEFAULT_MEAN)


def community_ratings(data: RatingData) -> CommunityRatings:
    n = len(data.ratings)
    if n == 0:
        return CommunityRatings.empty()
    user_codes: dict[Hashable, int] = {}
    item_codes: dict[Hashable, int] = {}
    users = np.fromiter(
        (user_codes.setdefault(u, len(user_codes)) for u in data.users), np.int64, count=n
    )
    items = np.fromiter(
        (item_codes.setdefault(i, len(item_codes)) for i in data.items), np.int64, count=n
    )
    ratings = np.asarray(data.ratings, dtype=np.float64)
    if data.timestamps is not None:
        order = np.argsort(data.timestamps, kind="stable")
        users, items, ratings = users[order], items[order], ratings[order]
    # The last of each (user, item) pair wins: a re-tasting replaces the earlier verdict.
    keys = users * max(len(item_codes), 1) + items
    _, first_from_end = np.unique(keys[::-1], return_index=True)
    keep = n - 1 - first_from_end
    sums = np.bincount(items[keep], weights=ratings[keep], minlength=len(item_codes))
    counts = np.bincount(items[keep], minlength=len(item_codes))
    ids = list(item_codes)
    totals = {ids[c]: (float(sums[c]), int(counts[c])) for c in np.flatnonzero(counts)}
    return CommunityRatings(totals, float(ratings[keep].mean()))


@dataclass(frozen=True, slots=True)
class Crowd:
    """Other people's ratings, aligned with one CatalogFeatures."""

    model: CollaborativeModel | None
    columns: IntArray  # per catalog position: the sake's item column in the model, or -1
    mean: FloatArray  # the plain mean rating per catalog position; NaN where nobody rated
    count: IntArray
    quality: FloatArray  # 0-1: the shrunk mean rating, 2.5 -> 0 and 5 -> 1


def align(
    features: CatalogFeatures,
    model: CollaborativeModel | None,
    community: CommunityRatings,
) -> Crowd:
    n = len(features)
    columns = np.full(n, -1, dtype=np.int64)
    if model is not None:
        positions = model.items.positions
        for row, sake_id in enumerate(features.ids.tolist()):
            column = positions.get(sake_id)
            if column is not None:
                columns[row] = column
    sums = np.zeros(n, dtype=np.float64)
    counts = np.zeros(n, dtype=np.int64)
    for sake_id, (total, count) in community.totals.items():
        row = features.position.get(sake_id)  # type: ignore[call-overload]
        if row is not None:
            sums[row], counts[row] = total, count
    shrunk = (sums + PRIOR_VOTES * community.mean) / (counts + PRIOR_VOTES)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return Crowd(
        model=model,
        columns=columns,
        mean=mean.astype(np.float32),
        count=counts,
        quality=np.clip((shrunk - 2.5) / 2.5, 0.0, 1.0).astype(np.float32),
    )


def no_crowd(features: CatalogFeatures) -> Crowd:
    """Nobody has rated anything yet (or the first model is still being fitted)."""
    return align(features, None, CommunityRatings.empty())
