"""Synthetic ratings with a known truth, for tests and benchmarks.

Users have latent tastes over an item feature space (the catalog's flavour profile, or any
feature matrix) plus a few hidden dimensions no feature shows; they pick items by
popularity and by expected enjoyment, and rate them 1-5 with noise. Public rating sets
cannot be downloaded here, so `MOVIELENS_100K` reproduces the shape of the best-known one:
943 users, 1,682 items, 100,000 ratings, at least 20 per user, a long popularity tail and
its rating distribution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sakesensei.engines.recommend.ratings import RatingData

# MovieLens-100k's share of ratings 1..5, which the generated ratings reproduce exactly.
MOVIELENS_SHARES = (0.061, 0.114, 0.271, 0.342, 0.212)
_DAY = 86_400.0
# Frequencies of aroma tags per sake in the shipped catalog (about 3 per sake, rice first).
_AROMA_RATE = np.array([0.65, 0.41, 0.33, 0.22, 0.14, 0.14, 0.14, 0.12, 0.11, 0.10, 0.09, 0.09])
# Sweetness, acidity and body 1..5 in the shipped catalog.
_SCALE_SHARES = (
    (0.09, 0.40, 0.43, 0.06, 0.02),
    (0.01, 0.51, 0.36, 0.11, 0.01),
    (0.01, 0.34, 0.47, 0.15, 0.03),
)


@dataclass(frozen=True, slots=True)
class Shape:
    """How many users and ratings, and how skewed, noisy and taste-driven they are."""

    users: int
    ratings: int
    min_per_user: int = 20
    max_share_per_user: float = 0.45  # no user rates more than this share of the items
    activity_spread: float = 1.0  # sigma of the log-normal number of ratings per user
    popularity_spread: float = 1.5  # sigma of log-popularity: the long tail
    taste_weight: float = 1.5  # how strongly users pick what they expect to like
    taste_clusters: int = 8  # users are noisy copies of a few archetypal tastes
    hidden_dims: int = 6  # taste dimensions no item feature shows
    noise: float = 0.7  # rating noise, in units of the spread of true enjoyment
    rating_shares: tuple[float, ...] = MOVIELENS_SHARES
    start: float = 874_724_710.0  # 1997-09-20, where MovieLens-100k starts
    span_days: float = 215.0


MOVIELENS_100K = Shape(users=943, ratings=100_000)
MOVIELENS_100K_ITEMS = 1682


@dataclass(frozen=True, slots=True)
class SyntheticRatings:
    """Users and items are positions 0..n-1; the taste and item vectors are the hidden truth."""

    users: npt.NDArray[np.int64]
    items: npt.NDArray[np.int64]
    ratings: npt.NDArray[np.float32]
    timestamps: npt.NDArray[np.float64]
    user_taste: npt.NDArray[np.float64]
    item_vectors: npt.NDArray[np.float64]
    item_quality: npt.NDArray[np.float64]
    item_popularity: npt.NDArray[np.float64]  # the chance each item is heard of; sums to 1

    def as_rating_data(self) -> RatingData:
        return RatingData(
            users=self.users.tolist(),
            items=self.items.tolist(),
            ratings=self.ratings,
            timestamps=self.timestamps,
        )

    def enjoyment(self, user: int) -> npt.NDArray[np.float64]:
        """The user's true expected enjoyment of every item (before noise)."""
        result: npt.NDArray[np.float64] = self.item_vectors @ self.user_taste[user]
        return result + self.item_quality


def sake_features(count: int, seed: int = 0) -> npt.NDArray[np.float64]:
    """Flavour rows shaped like the catalog's: sweetness, acidity, body 1-5, aroma tags 0/1."""
    rng = np.random.default_rng(seed)
    scales = [rng.choice(np.arange(1, 6), size=count, p=shares) for shares in _SCALE_SHARES]
    aromas = rng.random((count, _AROMA_RATE.size)) < _AROMA_RATE
    return np.column_stack([*scales, aromas]).astype(np.float64)


def generate(features: npt.NDArray[np.float64], shape: Shape, seed: int = 0) -> SyntheticRatings:
    """Ratings of the items whose feature rows are given, by `shape.users` generated users."""
    rng = np.random.default_rng(seed)
    n_items = int(features.shape[0])
    vectors = _item_vectors(features, shape.hidden_dims, rng)
    taste = _user_tastes(shape, vectors.shape[1], rng)
    quality = 0.5 * rng.standard_normal(n_items)
    # Better items are rated more often, as in every real catalog.
    log_pop = shape.popularity_spread * (0.8 * rng.normal(size=n_items) + 0.6 * quality / 0.5)
    popularity = np.exp(log_pop - log_pop.max())
    popularity /= popularity.sum()
    cdf = np.cumsum(popularity)
    counts = _ratings_per_user(shape, n_items, rng)

    users, items, enjoy = [], [], []
    for user, count in enumerate(counts):
        chosen, value = _pick(user, int(count), taste, vectors, quality, cdf, shape, rng)
        users.append(np.full(chosen.size, user, dtype=np.int64))
        items.append(chosen)
        enjoy.append(value)
    all_users, all_items = np.concatenate(users), np.concatenate(items)
    truth = np.concatenate(enjoy)
    noisy = truth + shape.noise * truth.std() * rng.normal(size=truth.size)
    return SyntheticRatings(
        users=all_users,
        items=all_items,
        ratings=_to_stars(noisy, shape.rating_shares),
        timestamps=_timestamps(counts, shape, rng),
        user_taste=taste,
        item_vectors=vectors,
        item_quality=quality,
        item_popularity=popularity,
    )


def _item_vectors(
    features: npt.NDArray[np.float64], hidden: int, rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """Standardised features beside hidden traits, scaled so both halves matter alike."""
    spread = features.std(axis=0)
    standard = (features - features.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    standard /= np.sqrt(max(features.shape[1], 1))
    latent = rng.normal(size=(features.shape[0], hidden)) / np.sqrt(max(hidden, 1))
    return np.hstack([standard, latent])


def _user_tastes(shape: Shape, dims: int, rng: np.random.Generator) -> npt.NDArray[np.float64]:
    archetypes = rng.normal(size=(max(shape.taste_clusters, 1), dims))
    member = rng.integers(0, archetypes.shape[0], shape.users)
    return archetypes[member] + 0.6 * rng.normal(size=(shape.users, dims))


def _ratings_per_user(
    shape: Shape, n_items: int, rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    """Log-normal activity above a floor, summing exactly to `shape.ratings`."""
    ceiling = max(shape.min_per_user, int(shape.max_share_per_user * n_items))
    floor = min(shape.min_per_user, ceiling)
    if shape.users * floor > shape.ratings or shape.users * ceiling < shape.ratings:
        raise ValueError("cannot spread that many ratings over that many users and items")
    weights = rng.lognormal(0.0, shape.activity_spread, shape.users)
    counts = np.full(shape.users, floor, dtype=np.int64)
    remaining = shape.ratings - counts.sum()
    while remaining > 0:
        room = ceiling - counts
        share = np.where(room > 0, weights, 0.0)
        extra = np.minimum(np.floor(share / share.sum() * remaining).astype(np.int64), room)
        if extra.sum() == 0:  # hand out the rounding remainder to the heaviest raters
            order = np.argsort(-share)[:remaining]
            extra = np.zeros_like(counts)
            extra[order] = 1
        counts += extra
        remaining = shape.ratings - counts.sum()
    return counts


def _pick(
    user: int,
    count: int,
    taste: npt.NDArray[np.float64],
    vectors: npt.NDArray[np.float64],
    quality: npt.NDArray[np.float64],
    cdf: npt.NDArray[np.float64],
    shape: Shape,
    rng: np.random.Generator,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Items one user rates: drawn by popularity, kept by expected enjoyment."""
    n_items = vectors.shape[0]
    # A pool drawn by popularity, then the most promising (with Gumbel noise) are tried:
    # people hear about popular sake and buy the ones they expect to like.
    draws = np.searchsorted(cdf, rng.random(4 * count + 20))
    pool = np.unique(np.minimum(draws, n_items - 1))
    if pool.size < count:
        extra = rng.permutation(np.setdiff1d(np.arange(n_items), pool))[: count - pool.size]
        pool = np.concatenate([pool, extra])
    enjoyment = vectors[pool] @ taste[user] + quality[pool]
    keys = shape.taste_weight * enjoyment + rng.gumbel(size=pool.size)
    top = np.argpartition(-keys, count - 1)[:count]
    return pool[top].astype(np.int64), enjoyment[top]


def _to_stars(
    values: npt.NDArray[np.float64], shares: tuple[float, ...]
) -> npt.NDArray[np.float32]:
    """1..len(shares) stars, cut at the quantiles that give each star its share."""
    cuts = np.quantile(values, np.cumsum(shares)[:-1])
    return (np.searchsorted(cuts, values, side="right") + 1).astype(np.float32)


def _timestamps(
    counts: npt.NDArray[np.int64], shape: Shape, rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """Each user is active for a while from a random start; their ratings fall in that time."""
    end = shape.start + shape.span_days * _DAY
    starts = rng.uniform(shape.start, end, counts.size)
    active = np.minimum(rng.exponential(30 * _DAY, counts.size), end - starts)
    owner = np.repeat(np.arange(counts.size), counts)
    times = starts[owner] + rng.random(owner.size) * active[owner]
    return np.floor(times)
