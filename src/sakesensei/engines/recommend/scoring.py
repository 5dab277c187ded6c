"""The score of every sake for one person, 0-100 in four parts, as whole-catalog arrays.

- preference 0-40: sweetness near the survey's (up to 20, nothing beyond 2 steps away)
  and a price that suits the budget (up to 20); for beginners, minus points for what
  surprises a first palate (aged or dessert styles, sharp acidity, heavy body, high alcohol).
- history 0-30: likeness to the sake this person rated high, recency-weighted, with the
  likeness to sake rated low taken off, plus the liked aromas of the survey (they count
  here, as a stated favourite, not in the preference part). Once anything is rated, an
  unrelated sake sits at 5 so that a low rating can push its look-alikes below it.
- collaborative 0-20: what people who rate alike liked (the collaborative model) blended
  with how well everyone rated the sake; for someone with no ratings, the latter alone.
- diversity 0-10: a category, region or price band this person has not tasted yet.

Hard constraints (budget, avoided categories, already tasted) are a mask, never a score.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from sakesensei.domain.tastings import HIGH_RATING, LOW_RATING
from sakesensei.domain.users import Experience, Preferences
from sakesensei.engines.recommend.crowd import Crowd
from sakesensei.engines.recommend.features import (
    AROMA_NAMES,
    CATEGORIES,
    UNKNOWN,
    BoolArray,
    CatalogFeatures,
    FloatArray,
    IntArray,
)

PREFERENCE_MAX, HISTORY_MAX, COLLABORATIVE_MAX, DIVERSITY_MAX = 40, 30, 20, 10
SWEETNESS_POINTS = (20.0, 14.0, 7.0)  # by distance from the wished sweetness: 0, 1, 2
UNKNOWN_SWEETNESS_POINTS = 8.0
PRICE_POINTS = 20.0
# Without a budget, "affordable" depends on how far into sake someone is (yen per bottle).
SOFT_PRICE_CAP = {
    Experience.BEGINNER: 3_000,
    Experience.INTERMEDIATE: 5_000,
    Experience.ADVANCED: 10_000,
}
ODDITY_PENALTY = {Experience.BEGINNER: 10.0, Experience.INTERMEDIATE: 5.0}
EXTREME_PENALTY = 4.0  # beginners, per trait: acidity 5, body 5, 18% alcohol or more
EXTREME_SWEETNESS_PENALTY = 3.0  # beginners, sweetness 1 or 5 unless that is what they asked
# Ratings lose half their pull on the history part each year, but never all of it.
HALF_LIFE_DAYS = 365.0
MIN_RECENCY = 0.25
MAX_RATED = 50  # the strongest ratings carry the history part; more add little but time
# Content similarity below this is what any two sake share; above it, "like this one".
LIKENESS_FLOOR = 0.65
HISTORY_NEUTRAL, HISTORY_GAIN, HISTORY_LOSS = 5.0, 25.0, 5.0
AROMA_POINTS = (0.0, 4.0, 6.0)  # by liked aromas the sake has: none, one, two or more
PERSONAL_SHARE = 0.7  # of the collaborative part, when the model knows this person's taste
COMMUNITY_ONLY_SHARE = 0.6  # well-rated is not personal, so it fills less of the part alone
NEW_CATEGORY, NEW_REGION, NEW_PREFECTURE, NEW_BAND = 4.0, 3.0, 2.0, 3.0


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


def eligible(
    features: CatalogFeatures,
    preferences: Preferences,
    history: History,
    include_tasted: bool = False,
) -> BoolArray:
    """The hard constraints: what may be recommended at all."""
    mask = np.ones(len(features), dtype=np.bool_)
    if preferences.budget_yen is not None:
        # A sake of unknown price cannot be promised to fit the budget.
        with np.errstate(invalid="ignore"):
            mask &= features.price <= preferences.budget_yen
    avoided = [i for i, name in enumerate(CATEGORIES) if name in preferences.avoid_categories]
    if avoided:
        mask &= ~np.isin(features.category, avoided)
    if not include_tasted:
        mask &= ~history.tasted
    return mask


@dataclass(frozen=True, slots=True)
class Parts:
    """Every part of every candidate's score, and what the reasons need to explain them."""

    price_cap: float  # without a budget, what still counts as affordable
    sweetness: FloatArray
    price: FloatArray
    penalty: FloatArray
    preference: FloatArray
    like: FloatArray  # 0-1 likeness to the closest favourite (weighted by its rating)
    like_source: IntArray  # index into History.positions of that favourite, or -1
    dislike: FloatArray
    dislike_source: IntArray
    aroma_hits: IntArray
    history: FloatArray
    personal: FloatArray | None  # -1..1 from the collaborative model; None without one
    collaborative: FloatArray
    new_category: BoolArray
    new_region: BoolArray
    new_prefecture: BoolArray
    new_band: BoolArray
    diversity: FloatArray

    @property
    def total(self) -> FloatArray:
        result: FloatArray = self.preference + self.history + self.collaborative + self.diversity
        return result


def soft_price_cap(features: CatalogFeatures, preferences: Preferences, history: History) -> float:
    """Without a budget: the price up to which a bottle counts as affordable for this person.

    What they rated high shows what they happily pay, so their dearest favourite raises it.
    """
    cap = float(SOFT_PRICE_CAP[preferences.experience])
    liked = history.positions[history.ratings >= HIGH_RATING]
    prices = features.price[liked]
    prices = prices[~np.isnan(prices)]
    return max(cap, float(prices.max())) if prices.size else cap


def preference_part(
    features: CatalogFeatures, preferences: Preferences, cap: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(sweetness points, price points, beginner penalty); `cap` as soft_price_cap gives."""
    distance = np.abs(features.sweetness - preferences.sweetness)
    sweetness = np.full(len(features), UNKNOWN_SWEETNESS_POINTS, dtype=np.float32)
    known = ~np.isnan(distance)
    sweetness[known] = 0.0
    for steps, points in enumerate(SWEETNESS_POINTS):
        sweetness[known & (distance == steps)] = points
    price = features.price
    if preferences.budget_yen is not None:
        # Within budget is what counts; a bottle far below it earns a little less, since
        # someone who set 5,000 yen is not hoping for the cheapest shelf.
        share = np.clip(price / (0.5 * preferences.budget_yen), 0.0, 1.0)
        price_points = PRICE_POINTS * (0.75 + 0.25 * share)
    else:
        over = np.clip((price - cap) / (2.0 * cap), 0.0, 0.75)
        price_points = PRICE_POINTS * (1.0 - over)
    price_points = np.where(np.isnan(price), PRICE_POINTS / 2, price_points).astype(np.float32)
    penalty = np.zeros(len(features), dtype=np.float32)
    penalty += ODDITY_PENALTY.get(preferences.experience, 0.0) * features.oddity
    if preferences.experience is Experience.BEGINNER:
        penalty += EXTREME_PENALTY * features.extremes
        with np.errstate(invalid="ignore"):
            extreme = np.isin(features.sweetness, (1.0, 5.0)) & (
                features.sweetness != preferences.sweetness
            )
        penalty += EXTREME_SWEETNESS_PENALTY * extreme
    return sweetness, price_points, penalty


def _closest(
    features: CatalogFeatures, rows: IntArray, weights: FloatArray
) -> tuple[FloatArray, IntArray]:
    """Per candidate: the strongest weighted likeness to any of `rows`, and which one."""
    n = len(features)
    if rows.size == 0:
        return np.zeros(n, dtype=np.float32), np.full(n, -1, dtype=np.int64)
    similarity = features.vectors @ features.vectors[rows].T  # n x len(rows)
    likeness = np.clip((similarity - LIKENESS_FLOOR) / (1.0 - LIKENESS_FLOOR), 0.0, 1.0)
    weighted = likeness * np.abs(weights)[None, :]
    best = np.argmax(weighted, axis=1)
    strength = weighted[np.arange(n), best].astype(np.float32)
    return strength, np.where(strength > 0, best, -1).astype(np.int64)


def _journal_index(chosen: IntArray, best: IntArray) -> IntArray:
    """Map a column of the likeness matrix back to its place in the journal (-1: none)."""
    if chosen.size == 0:
        return best
    result: IntArray = np.where(best >= 0, chosen[np.maximum(best, 0)], -1)
    return result


def history_part(
    features: CatalogFeatures, preferences: Preferences, history: History
) -> tuple[FloatArray, IntArray, FloatArray, IntArray, IntArray, FloatArray]:
    """(like, like source, dislike, dislike source, aroma hits, history points)."""
    liked = np.flatnonzero(history.ratings >= HIGH_RATING)
    disliked = np.flatnonzero(history.ratings <= LOW_RATING)
    # Keep the strongest: many ratings add little but cost a column each.
    liked = liked[np.argsort(-history.weights[liked], kind="stable")[:MAX_RATED]]
    disliked = disliked[np.argsort(history.weights[disliked], kind="stable")[:MAX_RATED]]
    like, like_at = _closest(features, history.positions[liked], history.weights[liked])
    dislike, dislike_at = _closest(features, history.positions[disliked], history.weights[disliked])
    like_source, dislike_source = (
        _journal_index(liked, like_at),
        _journal_index(disliked, dislike_at),
    )
    wanted = [i for i, name in enumerate(AROMA_NAMES) if name in preferences.liked_aromas]
    hits = features.aroma[:, wanted].sum(axis=1).astype(np.int64)
    aroma = np.asarray(AROMA_POINTS, dtype=np.float32)[np.minimum(hits, 2)]
    if history.empty:
        points = aroma
    else:
        points = HISTORY_NEUTRAL + HISTORY_GAIN * like - HISTORY_LOSS * dislike + aroma
    points = np.clip(points, 0.0, HISTORY_MAX).astype(np.float32)
    return like, like_source, dislike, dislike_source, hits, points


def collaborative_part(
    crowd: Crowd, history: History, mask: BoolArray
) -> tuple[FloatArray | None, FloatArray]:
    """(personal signal -1..1 or None, collaborative points)."""
    personal: FloatArray | None = None
    if crowd.model is not None and not history.empty:
        raw = crowd.model.scores(history.rated)
        known = crowd.columns >= 0
        full = np.zeros(crowd.columns.size, dtype=np.float32)
        full[known] = raw[crowd.columns[known]]
        scale = float(np.abs(full[mask]).max()) if mask.any() else 0.0
        if scale > 1e-9:
            personal = np.clip(full / scale, -1.0, 1.0).astype(np.float32)
    if personal is None:
        points = COLLABORATIVE_MAX * COMMUNITY_ONLY_SHARE * crowd.quality
    else:
        blend = PERSONAL_SHARE * (personal + 1.0) / 2.0 + (1.0 - PERSONAL_SHARE) * crowd.quality
        points = COLLABORATIVE_MAX * blend
    return personal, points.astype(np.float32)


def diversity_part(
    features: CatalogFeatures, history: History
) -> tuple[BoolArray, BoolArray, BoolArray, BoolArray, FloatArray]:
    """(new category, new region, new prefecture in a known region, new band, points)."""
    n = len(features)
    tasted = np.flatnonzero(history.tasted)
    if tasted.size == 0:
        # Everything is new to someone who has tasted nothing; saying so helps nobody.
        nothing = np.zeros(n, dtype=np.bool_)
        return nothing, nothing, nothing, nothing, np.zeros(n, dtype=np.float32)
    new_category = ~np.isin(features.category, features.category[tasted])
    new_region = ~np.isin(features.region, features.region[tasted])
    new_prefecture = ~new_region & ~np.isin(features.prefecture, features.prefecture[tasted])
    new_band = (features.band != UNKNOWN) & ~np.isin(features.band, features.band[tasted])
    points = (
        NEW_CATEGORY * new_category
        + NEW_REGION * new_region
        + NEW_PREFECTURE * new_prefecture
        + NEW_BAND * new_band
    )
    return new_category, new_region, new_prefecture, new_band, points.astype(np.float32)


def score_parts(
    features: CatalogFeatures,
    preferences: Preferences,
    history: History,
    crowd: Crowd,
    mask: BoolArray,
) -> Parts:
    cap = soft_price_cap(features, preferences, history)
    sweetness, price, penalty = preference_part(features, preferences, cap)
    preference = np.clip(sweetness + price - penalty, 0.0, PREFERENCE_MAX).astype(np.float32)
    like, like_source, dislike, dislike_source, hits, history_points = history_part(
        features, preferences, history
    )
    personal, collaborative = collaborative_part(crowd, history, mask)
    new_category, new_region, new_prefecture, new_band, diversity = diversity_part(
        features, history
    )
    return Parts(
        price_cap=cap,
        sweetness=sweetness,
        price=price,
        penalty=penalty,
        preference=preference,
        like=like,
        like_source=like_source,
        dislike=dislike,
        dislike_source=dislike_source,
        aroma_hits=hits,
        history=history_points,
        personal=personal,
        collaborative=collaborative,
        new_category=new_category,
        new_region=new_region,
        new_prefecture=new_prefecture,
        new_band=new_band,
        diversity=diversity,
    )
