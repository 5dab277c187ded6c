"""Offline evaluation of a collaborative model on a train/test split.

For each test user the model scores every item they have not rated in training, from
their training ratings alone; the top k are compared with the held-out items.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from sakesensei.engines.recommend.metrics import (
    coverage,
    hit_at_k,
    ndcg_at_k,
    standard_error,
    top_k,
)
from sakesensei.engines.recommend.ratings import CollaborativeModel, Item, RatingData
from sakesensei.engines.recommend.splits import order_of

Progress = Callable[[str, int, int], None]
Fit = Callable[[RatingData], CollaborativeModel]


def no_progress(stage: str, done: int, total: int) -> None:
    """The default progress callback: report nothing."""


@dataclass(frozen=True, slots=True)
class ModelResult:
    name: str
    role: str  # "product" or "baseline"
    users: int  # test users with at least one relevant held-out item
    hr: float
    ndcg: float
    coverage: float
    hr_se: float | None
    ndcg_se: float | None
    fit_seconds: float
    score_seconds: float
    per_user_ndcg: npt.NDArray[np.float64] = field(repr=False)
    top: dict[Hashable, list[Item]] = field(repr=False)  # every test user's top k


def user_histories(data: RatingData) -> dict[Hashable, dict[Item, float]]:
    """Each user's ratings by item; where an item was rated twice the latest wins."""
    histories: dict[Hashable, dict[Item, float]] = {}
    for row in order_of(data):
        histories.setdefault(data.users[row], {})[data.items[row]] = float(data.ratings[row])
    return histories


def evaluate(
    name: str,
    role: str,
    fit: Fit,
    train: RatingData,
    test: Mapping[Hashable, set[Item]],
    catalog_size: int,
    k: int = 10,
    progress: Progress = no_progress,
) -> ModelResult:
    """Fit on `train`, then rank for every test user; `catalog_size` is coverage's denominator."""
    progress(f"fitting {name}", 0, 1)
    started = time.perf_counter()
    model = fit(train)
    fit_seconds = time.perf_counter() - started
    progress(f"fitting {name}", 1, 1)

    histories = user_histories(train)
    counts = Counter(train.items)
    positions = model.items.positions
    ids = model.items.ids
    popularity = np.array([counts[item] for item in ids], dtype=np.float64)
    ndcgs: list[float] = []
    hits: list[float] = []
    lists: list[list[int]] = []
    top: dict[Hashable, list[Item]] = {}
    started = time.perf_counter()
    for done, (user, held) in enumerate(test.items(), start=1):
        rated = histories.get(user, {})
        exclude = [positions[item] for item in rated if item in positions]
        ranked = top_k(model.scores(rated), exclude, k, tiebreak=popularity).tolist()
        lists.append(ranked)
        top[user] = [ids[position] for position in ranked]
        # A held-out item the model never saw cannot be ranked: it counts as a miss.
        relevant = {positions[item] for item in held if item in positions}
        if held:
            ndcgs.append(ndcg_at_k(ranked, relevant, k) if relevant else 0.0)
            hits.append(hit_at_k(ranked, relevant, k) if relevant else 0.0)
        if done % 200 == 0 or done == len(test):
            progress(f"ranking with {name}", done, len(test))
    score_seconds = time.perf_counter() - started
    return ModelResult(
        name=name,
        role=role,
        users=len(ndcgs),
        hr=float(np.mean(hits)) if hits else 0.0,
        ndcg=float(np.mean(ndcgs)) if ndcgs else 0.0,
        coverage=coverage(lists, catalog_size),
        hr_se=standard_error(hits),
        ndcg_se=standard_error(ndcgs),
        fit_seconds=fit_seconds,
        score_seconds=score_seconds,
        per_user_ndcg=np.asarray(ndcgs, dtype=np.float64),
        top=top,
    )
