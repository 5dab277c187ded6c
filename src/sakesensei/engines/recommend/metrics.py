"""Top-N accuracy metrics: hit rate, NDCG and catalog coverage at k, with standard errors.

Each function takes positions (ints) so it works for any model and any id type. Ranks are
1-based, as in the papers: a relevant item at rank 1 earns 1/log2(2) = 1.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


def top_k(
    scores: npt.NDArray[np.floating],
    exclude: npt.ArrayLike,
    k: int,
    tiebreak: npt.NDArray[np.floating] | None = None,
) -> IntArray:
    """Positions of the k best scores, best first, never an excluded one.

    Equal scores are ordered by `tiebreak` (higher first; popularity, say), then by position,
    so a model that has nothing to say (all zeros for a brand-new user) still gives a
    sensible, reproducible list instead of the first k items of the catalog.
    """
    work = np.array(scores, dtype=np.float64)
    work[np.isnan(work)] = -np.inf
    work[np.asarray(exclude, dtype=np.int64)] = -np.inf
    k = min(k, int(np.isfinite(work).sum()))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    candidates = np.argpartition(-work, k - 1)[:k]
    kth = work[candidates].min()
    above = np.flatnonzero(work > kth)
    above = above[np.argsort(-work[above], kind="stable")]
    tied = np.flatnonzero(work == kth)
    if tiebreak is not None and tied.size > k - above.size:
        tied = tied[np.argsort(-tiebreak[tied], kind="stable")]
    return np.concatenate([above, tied[: k - above.size]]).astype(np.int64)


def dcg_weights(k: int) -> npt.NDArray[np.float64]:
    """The gain of a relevant item at ranks 1..k."""
    return 1.0 / np.log2(np.arange(2, k + 2))


def ndcg_at_k(ranked: Iterable[int], relevant: Collection[int], k: int) -> float:
    """DCG of the first k of `ranked` over the best DCG possible with these relevant items."""
    if not relevant:
        return 0.0
    gains = dcg_weights(k)
    dcg = sum(gains[rank] for rank, item in enumerate(list(ranked)[:k]) if item in relevant)
    ideal = gains[: min(len(relevant), k)].sum()
    return float(dcg / ideal)


def hit_at_k(ranked: Iterable[int], relevant: Collection[int], k: int) -> float:
    """1 if any relevant item is among the first k, else 0."""
    return 1.0 if any(item in relevant for item in list(ranked)[:k]) else 0.0


def coverage(lists: Iterable[Iterable[int]], catalog_size: int) -> float:
    """Share of the catalog that appears in at least one list."""
    if catalog_size <= 0:
        return 0.0
    seen: set[int] = set()
    for ranked in lists:
        seen.update(ranked)
    return len(seen) / catalog_size


def standard_error(values: npt.ArrayLike) -> float | None:
    """Standard error of the mean (sample standard deviation / sqrt(n)); None below 2 values."""
    array = np.asarray(values, dtype=np.float64)
    if array.size < 2:
        return None
    return float(array.std(ddof=1) / math.sqrt(array.size))


def paired_standard_error(first: npt.ArrayLike, second: npt.ArrayLike) -> float | None:
    """Standard error of the mean per-user difference: the right yardstick for "A beats B"
    when both were measured on the same users."""
    return standard_error(np.asarray(first, dtype=np.float64) - np.asarray(second))
