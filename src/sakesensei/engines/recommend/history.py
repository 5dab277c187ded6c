"""The history part of the score (0-30): likeness to the sake a person rated high, with the
likeness to those rated low taken off, recency-weighted; plus the survey's liked aromas,
which count here as a stated favourite rather than in the preference part.

Once anything is rated, an unrelated sake sits at 5, so that a low rating can push its
look-alikes below it. Likeness is the dot product of the catalog's content vectors
(features.py), so the whole catalog is compared with one matrix product.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from sakesensei.domain.tastings import HIGH_RATING, LOW_RATING
from sakesensei.domain.users import Preferences
from sakesensei.engines.recommend.features import (
    AROMA_NAMES,
    BoolArray,
    CatalogFeatures,
    FloatArray,
    IntArray,
)

HISTORY_MAX = 30
# Ratings lose half their pull on the history part each year, but never all of it.
HALF_LIFE_DAYS = 365.0
MIN_RECENCY = 0.25
MAX_RATED = 50  # the strongest ratings carry the history part; more add little but time
# Content similarity below this is what any two sake share; above it, "like this one".
LIKENESS_FLOOR = 0.65
HISTORY_NEUTRAL, HISTORY_GAIN, HISTORY_LOSS = 5.0, 25.0, 5.0
AROMA_POINTS = (0.0, 4.0, 6.0)  # by liked aromas the sake has: none, one, two or more
# Past this many eligible sake, only a shortlist gets the exact likeness (see shortlist()).
SHORTLIST = 4_000


@dataclass(frozen=True, slots=True)
class Rated:
    """One rating of the person's journal."""

    sake_id: int
    rating: int
    tasted_on: date


@dataclass(frozen=True, slots=True)
class History:
    """The person's journal against the catalog: the latest verdict on each sake."""

    rated: Mapping[Hashable, float]  # sake id -> latest rating, for the collaborative model
    positions: IntArray  # catalog positions of the rated sake still in the catalog
    ratings: IntArray
    weights: FloatArray  # -1 .. 1: (rating - 3) / 2, faded by age
    tasted: BoolArray  # per catalog position

    @property
    def empty(self) -> bool:
        return not self.rated


@dataclass(frozen=True, slots=True)
class HistoryPart:
    like: FloatArray  # 0-1: weighted likeness to the closest favourite
    like_source: IntArray  # index into History.positions of that favourite, or -1
    dislike: FloatArray
    dislike_source: IntArray
    aroma_hits: IntArray  # how many of the liked aromas each sake has
    points: FloatArray


def history_of(features: CatalogFeatures, journal: Sequence[Rated], today: date) -> History:
    latest: dict[int, Rated] = {}
    for entry in sorted(journal, key=lambda r: r.tasted_on):
        latest[entry.sake_id] = entry  # a later tasting replaces the earlier verdict
    tasted = np.zeros(len(features), dtype=np.bool_)
    rows, ratings, weights = [], [], []
    for sake_id, entry in latest.items():
        row = features.position.get(sake_id)
        if row is None:
            continue  # no longer in the catalog: it can neither appear nor be compared
        tasted[row] = True
        age = max((today - entry.tasted_on).days, 0)
        recency = max(0.5 ** (age / HALF_LIFE_DAYS), MIN_RECENCY)
        rows.append(row)
        ratings.append(entry.rating)
        weights.append((entry.rating - 3) / 2 * recency)
    rated: dict[Hashable, float] = {sake_id: entry.rating for sake_id, entry in latest.items()}
    return History(
        rated=rated,
        positions=np.array(rows, dtype=np.int64),
        ratings=np.array(ratings, dtype=np.int64),
        weights=np.array(weights, dtype=np.float32),
        tasted=tasted,
    )


def _strongest(history: History, liked: bool) -> IntArray:
    """Journal indexes of the favourites (or the disappointments), strongest first."""
    if liked:
        chosen = np.flatnonzero(history.ratings >= HIGH_RATING)
        return chosen[np.argsort(-history.weights[chosen], kind="stable")[:MAX_RATED]]
    chosen = np.flatnonzero(history.ratings <= LOW_RATING)
    return chosen[np.argsort(history.weights[chosen], kind="stable")[:MAX_RATED]]


def _closest(
    features: CatalogFeatures, candidates: IntArray, history: History, entries: IntArray
) -> tuple[FloatArray, IntArray]:
    """Per candidate: the strongest weighted likeness to any of the journal `entries`, and
    which entry (-1 for none)."""
    n = candidates.size
    if entries.size == 0 or n == 0:
        return np.zeros(n, dtype=np.float32), np.full(n, -1, dtype=np.int64)
    # w * (similarity - floor) / (1 - floor) for every candidate and entry: the weights
    # ride inside the one matrix product, and since clipping is monotone it can wait until
    # after the max.
    scale = (np.abs(history.weights[entries]) / (1.0 - LIKENESS_FLOOR)).astype(np.float32)
    rated = features.vectors[history.positions[entries]]
    weighted = features.vectors[candidates] @ (rated.T * scale)
    weighted -= LIKENESS_FLOOR * scale
    best = np.argmax(weighted, axis=1)
    strength = np.take_along_axis(weighted, best[:, None], axis=1).ravel()
    strength = np.clip(strength, 0.0, 1.0).astype(np.float32)
    source: IntArray = np.where(strength > 0, entries[best], -1)
    return strength, source


def shortlist(
    features: CatalogFeatures, history: History, mask: BoolArray, base: FloatArray
) -> BoolArray:
    """The candidates worth the exact likeness: all of them for a shop-sized catalog; for a
    huge one, the best by the other parts plus a cheap guess at this one (the likeness to
    the weighted mean of the favourites, one matrix-vector product)."""
    if int(mask.sum()) <= SHORTLIST:
        return mask
    guess = base.astype(np.float32)
    liked = _strongest(history, liked=True)
    if liked.size:
        weights = np.abs(history.weights[liked])
        profile = features.vectors[history.positions[liked]].T @ (weights / weights.sum())
        likeness = (features.vectors @ profile - LIKENESS_FLOOR) / (1.0 - LIKENESS_FLOOR)
        guess = guess + HISTORY_GAIN * np.clip(likeness, 0.0, 1.0)
    guess[~mask] = -np.inf
    keep = np.argpartition(-guess, SHORTLIST)[:SHORTLIST]
    chosen = np.zeros(mask.size, dtype=np.bool_)
    chosen[keep] = True
    return chosen & mask


def aroma_hits(features: CatalogFeatures, preferences: Preferences) -> IntArray:
    wanted = [i for i, name in enumerate(AROMA_NAMES) if name in preferences.liked_aromas]
    hits: IntArray = features.aroma[:, wanted].sum(axis=1).astype(np.int64)
    return hits


def aroma_points(hits: IntArray) -> FloatArray:
    points: FloatArray = np.asarray(AROMA_POINTS, dtype=np.float32)[np.minimum(hits, 2)]
    return points


def history_part(
    features: CatalogFeatures, history: History, hits: IntArray, considered: BoolArray
) -> HistoryPart:
    """The part for the `considered` candidates; the others get only their aroma points."""
    n = len(features)
    candidates = np.flatnonzero(considered)
    like, like_source = np.zeros(n, np.float32), np.full(n, -1, np.int64)
    dislike, dislike_source = np.zeros(n, np.float32), np.full(n, -1, np.int64)
    like[candidates], like_source[candidates] = _closest(
        features, candidates, history, _strongest(history, liked=True)
    )
    dislike[candidates], dislike_source[candidates] = _closest(
        features, candidates, history, _strongest(history, liked=False)
    )
    aroma = aroma_points(hits)
    if history.empty:
        points = aroma
    else:
        points = HISTORY_NEUTRAL + HISTORY_GAIN * like - HISTORY_LOSS * dislike + aroma
    return HistoryPart(
        like=like,
        like_source=like_source,
        dislike=dislike,
        dislike_source=dislike_source,
        aroma_hits=hits,
        points=np.clip(points, 0.0, HISTORY_MAX).astype(np.float32),
    )
