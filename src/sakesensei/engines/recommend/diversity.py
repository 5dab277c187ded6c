"""Re-ranking for variety: every run of five picks mixes categories, regions and price bands,
no brewery appears twice (unless asked, or nothing else is left), and a small share of the
slots goes to a deliberate wild card from just beyond the obvious picks.

The wild card is drawn with a seeded generator, so the same request gets the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sakesensei.engines.recommend.features import BoolArray, CatalogFeatures, FloatArray, IntArray

WINDOW = 5  # the top 5 must mix; so must every later run of 5
# Points a candidate loses for each of the previous picks in its window it repeats.
SAME_CATEGORY, SAME_REGION, SAME_BAND = 6.0, 4.0, 3.0
POOL_FACTOR, MIN_POOL = 4, 40  # candidates the greedy pass considers, beyond the limit
EXPLORE_POOL = 30  # a wild card comes from this many candidates after the top `limit`
DEFAULT_EXPLORE_SHARE = 0.2


@dataclass(frozen=True, slots=True)
class Slot:
    position: int  # catalog position
    explored: bool  # a wild card rather than one of the best-scoring


def explore_slots(limit: int, share: float) -> set[int]:
    """The last slot of each run of five, as many as the share allows (none for short lists)."""
    count = int(limit * share + 1e-9)
    ends = [end for end in range(WINDOW - 1, limit, WINDOW)]
    return set(ends[:count])


def _redundancy(features: CatalogFeatures, candidates: IntArray, window: list[int]) -> FloatArray:
    penalty = np.zeros(candidates.size, dtype=np.float32)
    for chosen in window:
        penalty += SAME_CATEGORY * (features.category[candidates] == features.category[chosen])
        penalty += SAME_REGION * (features.region[candidates] == features.region[chosen])
        penalty += SAME_BAND * (features.band[candidates] == features.band[chosen])
    return penalty


def _open(features: CatalogFeatures, candidates: IntArray, taken: set[int]) -> BoolArray:
    breweries = np.fromiter(taken, dtype=np.int64, count=len(taken))
    return ~np.isin(features.brewery[candidates], breweries)


def _wild_card(
    features: CatalogFeatures,
    order: IntArray,
    limit: int,
    picked: list[int],
    taken: set[int],
    novel: BoolArray,
    scores: FloatArray,
    rng: np.random.Generator,
) -> int | None:
    chosen = set(picked)
    pool = np.array(
        [p for p in order[limit : limit + EXPLORE_POOL].tolist() if p not in chosen],
        dtype=np.int64,
    )
    if pool.size == 0:
        return None
    # Different from the picks around it: over a long list every category gets covered.
    window = picked[-(WINDOW - 1) :]
    categories = features.category[window] if window else np.array([], dtype=np.int64)
    regions = features.region[window] if window else np.array([], dtype=np.int64)
    fresh = ~np.isin(features.category[pool], categories) | ~np.isin(features.region[pool], regions)
    pool = pool[fresh & novel[pool] & _open(features, pool, taken)]
    if pool.size == 0:
        return None
    # Better-scoring wild cards are likelier, but any of them can come up.
    weights = scores[pool] - scores[pool].min() + 1.0
    return int(rng.choice(pool, p=weights / weights.sum()))


def rerank(
    features: CatalogFeatures,
    order: IntArray,
    scores: FloatArray,
    limit: int,
    *,
    novel: BoolArray,
    same_brewery: bool = False,
    explore_share: float = DEFAULT_EXPLORE_SHARE,
    seed: int = 0,
) -> list[Slot]:
    """Pick `limit` of the eligible positions in `order` (best score first).

    `novel` marks what is new to the person (any position when they have tasted nothing).
    """
    rng = np.random.default_rng(seed)
    wild = explore_slots(limit, explore_share)
    pool = order[: max(limit * POOL_FACTOR, MIN_POOL)]
    slots: list[Slot] = []
    picked: list[int] = []
    taken: set[int] = set()
    for slot in range(min(limit, order.size)):
        choice: int | None = None
        explored = False
        if slot in wild:
            choice = _wild_card(features, order, limit, picked, taken, novel, scores, rng)
            explored = choice is not None
        if choice is None:
            choice = _best(features, pool, order, scores, picked, taken, same_brewery)
        if choice is None:
            break
        slots.append(Slot(choice, explored))
        picked.append(choice)
        taken.add(int(features.brewery[choice]))
    return slots


def _best(
    features: CatalogFeatures,
    pool: IntArray,
    order: IntArray,
    scores: FloatArray,
    picked: list[int],
    taken: set[int],
    same_brewery: bool,
) -> int | None:
    chosen = np.fromiter(picked, dtype=np.int64, count=len(picked))
    for candidates in (pool, order):  # the whole list only when the pool has run dry
        left = candidates[~np.isin(candidates, chosen)]
        if not same_brewery:
            left = left[_open(features, left, taken)]
        if left.size:
            window = picked[-(WINDOW - 1) :] if picked else []
            value = scores[left] - _redundancy(features, left, window)
            return int(left[int(np.argmax(value))])
    if same_brewery:
        return None
    # Every brewery is taken already: a second bottle from one beats a shorter list.
    return _best(features, pool, order, scores, picked, set(), True) if picked else None
