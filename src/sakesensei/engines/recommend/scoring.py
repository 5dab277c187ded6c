"""The score of every sake for one person, 0-100 in four parts, as whole-catalog arrays.

- preference 0-40: sweetness near the survey's (up to 20, nothing beyond 2 steps away)
  and a price that suits the budget (up to 20); for beginners, minus points for what
  surprises a first palate (aged or dessert styles, sharp acidity, heavy body, high alcohol).
- history 0-30: likeness to what this person rated, and the survey's liked aromas
  (history.py).
- collaborative 0-20: what people who rate alike liked (the collaborative model) blended
  with how well everyone rated the sake; for someone with no ratings, the latter alone.
- diversity 0-10: a category, region or price band this person has not tasted yet.

Hard constraints (budget, avoided categories, already tasted) are a mask, never a score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sakesensei.domain.tastings import HIGH_RATING
from sakesensei.domain.users import Experience, Preferences
from sakesensei.engines.recommend.crowd import Crowd
from sakesensei.engines.recommend.features import (
    CATEGORIES,
    UNKNOWN,
    BoolArray,
    CatalogFeatures,
    FloatArray,
    IntArray,
)
from sakesensei.engines.recommend.history import (
    History,
    aroma_hits,
    aroma_points,
    history_part,
    shortlist,
)

PREFERENCE_MAX, COLLABORATIVE_MAX, DIVERSITY_MAX = 40, 20, 10
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
PERSONAL_SHARE = 0.7  # of the collaborative part, when the model knows this person's taste
COMMUNITY_ONLY_SHARE = 0.6  # well-rated is not personal, so it fills less of the part alone
NEW_CATEGORY, NEW_REGION, NEW_PREFECTURE, NEW_BAND = 4.0, 3.0, 2.0, 3.0


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

    considered: BoolArray  # eligible, and scored in full (all of them but in huge catalogs)
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


def collaborative_part(
    crowd: Crowd, history: History, mask: BoolArray
) -> tuple[FloatArray | None, FloatArray]:
    """(personal signal -1..1 or None, collaborative points)."""
    personal: FloatArray | None = None
    if crowd.model is not None and not history.empty:
        # A model's score is only trusted as far as it is a number.
        raw = np.nan_to_num(crowd.model.scores(history.rated), nan=0.0, posinf=0.0, neginf=0.0)
        known = (crowd.columns >= 0) & (crowd.columns < raw.size)
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
    personal, collaborative = collaborative_part(crowd, history, mask)
    new_category, new_region, new_prefecture, new_band, diversity = diversity_part(
        features, history
    )
    hits = aroma_hits(features, preferences)
    base = preference + collaborative + diversity + aroma_points(hits)
    considered = shortlist(features, history, mask, base)
    past = history_part(features, history, hits, considered)
    return Parts(
        considered=considered,
        price_cap=cap,
        sweetness=sweetness,
        price=price,
        penalty=penalty,
        preference=preference,
        like=past.like,
        like_source=past.like_source,
        dislike=past.dislike,
        dislike_source=past.dislike_source,
        aroma_hits=past.aroma_hits,
        history=past.points,
        personal=personal,
        collaborative=collaborative,
        new_category=new_category,
        new_region=new_region,
        new_prefecture=new_prefecture,
        new_band=new_band,
        diversity=diversity,
    )
