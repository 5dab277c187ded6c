"""Which collaborative model for which catalog size: fit time, peak memory and accuracy.

    uv run python bench/reco_models.py [--items 2000 5000 10000 15000] [--test-users 1000]

For each catalog size it generates sake, users and ratings (40 ratings per sake, 50 per
user), holds out each tested user's latest rating of 4 or more, and fits EASE^R, iALS and
the popularity baseline. It prints JSON; docs/recommendation.md quotes the numbers that set
`fit_model`'s threshold. Run by hand; never a timed test.
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from sakesensei.engines.recommend.als import ImplicitALS
from sakesensei.engines.recommend.ease import EASE
from sakesensei.engines.recommend.evaluation import evaluate
from sakesensei.engines.recommend.popularity import Popularity
from sakesensei.engines.recommend.ratings import CollaborativeModel, RatingData
from sakesensei.engines.recommend.splits import leave_last_out
from sakesensei.engines.recommend.synthetic import Shape, generate, sake_features

MODELS: dict[str, Callable[[RatingData], CollaborativeModel]] = {
    "EASE^R": lambda data: EASE().fit(data),
    "iALS": lambda data: ImplicitALS().fit(data),
    "popularity": lambda data: Popularity().fit(data),
}


def traced(fit: Callable[[RatingData], CollaborativeModel]) -> Callable[..., Any]:
    """The fit, recording its peak traced allocation (numpy reports its buffers)."""
    peaks: list[float] = []

    def run(data: RatingData) -> CollaborativeModel:
        tracemalloc.start()
        try:
            return fit(data)
        finally:
            peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
            tracemalloc.stop()

    run.peaks = peaks  # type: ignore[attr-defined]
    return run


def measure(items: int, test_users: int, skip: set[str], seed: int) -> dict[str, Any]:
    ratings = 40 * items
    shape = Shape(users=ratings // 50, ratings=ratings, min_per_user=10)
    synthetic = generate(sake_features(items, seed), shape, seed)
    split = leave_last_out(synthetic.as_rating_data())
    rng = np.random.default_rng(seed)
    users = list(split.test)
    chosen = rng.choice(len(users), size=min(test_users, len(users)), replace=False)
    test = {users[i]: split.test[users[i]] for i in sorted(chosen)}
    result: dict[str, Any] = {"items": items, "users": shape.users, "ratings": ratings}
    for name, fit in MODELS.items():
        if name in skip:
            continue
        run = traced(fit)
        score = evaluate(name, "", run, split.train, test, catalog_size=items)
        result[name] = {
            "fit_seconds": round(score.fit_seconds, 2),
            "fit_peak_mb": round(run.peaks[0]),  # type: ignore[attr-defined]
            "ndcg@10": round(score.ndcg, 4),
            "ndcg_se": round(score.ndcg_se or 0.0, 4),
            "hr@10": round(score.hr, 4),
            "ms_per_user": round(1000 * score.score_seconds / max(len(test), 1), 2),
        }
        print(json.dumps({"items": items, name: result[name]}), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="+", default=[2000, 5000, 10000, 15000])
    parser.add_argument("--test-users", type=int, default=1000)
    parser.add_argument("--skip", nargs="*", default=[], help="model names to leave out")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    rows = [measure(n, args.test_users, set(args.skip), args.seed) for n in args.items]
    print(json.dumps({"sizes": rows, "seconds": round(time.perf_counter() - started, 1)}, indent=2))


if __name__ == "__main__":
    main()
