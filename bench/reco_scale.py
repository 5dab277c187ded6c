"""The recommender at catalog scale: 100,000 sake, 20,000 users, 1,000,000 ratings.

    uv run python bench/reco_scale.py [--sake 100000 --users 20000 --ratings 1000000]
                                      [--requests 500] [--quality-users 2000] [--api]

Prints JSON: how long generating and fitting took, the fit's peak memory, the p50/p95
latency of one recommendation in-process, both for the collaborative model alone (scores
for a user plus the top-k selection) and for a full recommendation through
services/recommendations.py (constraints, four-part score, diversity, reasons), a held-out
accuracy check against popularity, and with --api the latency of GET
/api/v1/recommendations through a real server loaded with the same data
(bench/reco_api.py). Goals: fit under 2 minutes, peak memory under 2 GB, p95 under 20 ms
in-process. Run by hand; never a timed test.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

from sakesensei.engines.recommend.collaborative import Popularity, fit_model, model_kind
from sakesensei.engines.recommend.evaluation import evaluate, user_histories
from sakesensei.engines.recommend.metrics import top_k
from sakesensei.engines.recommend.ratings import CollaborativeModel, Item, RatingData
from sakesensei.engines.recommend.splits import leave_last_out
from sakesensei.engines.recommend.synthetic import (
    Shape,
    SyntheticRatings,
    generate,
    sake_features,
)

GOALS = {"fit_seconds": 120.0, "fit_peak_mb": 2048.0, "p95_ms": 20.0}


def percentiles(samples: list[float]) -> dict[str, float]:
    values = np.asarray(samples) * 1000.0
    return {
        "p50_ms": round(float(np.percentile(values, 50)), 2),
        "p95_ms": round(float(np.percentile(values, 95)), 2),
        "max_ms": round(float(values.max()), 2),
    }


def fit_traced(data: RatingData) -> tuple[CollaborativeModel, float, float]:
    """The product's model, with its fit time and its peak traced allocation in MB."""
    tracemalloc.start()
    started = time.perf_counter()
    model = fit_model(data)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return model, seconds, peak


def in_process_latency(
    model: CollaborativeModel,
    histories: dict[Hashable, dict[Item, float]],
    requests: int,
    seed: int,
) -> dict[str, float]:
    """One request: score every sake for a user from their ratings, keep the best 10 unrated."""
    rng = np.random.default_rng(seed)
    users = list(histories)
    positions = model.items.positions
    samples: list[float] = []
    for index in rng.choice(len(users), size=min(requests, len(users)), replace=False):
        rated = histories[users[index]]
        started = time.perf_counter()
        scores = model.scores(rated)
        top_k(scores, [positions[item] for item in rated if item in positions], 10)
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


def held_out_quality(data: RatingData, users: int, seed: int) -> dict[str, Any]:
    """NDCG@10 of the product's model against popularity on a sample of users' latest likes."""
    split = leave_last_out(data)
    rng = np.random.default_rng(seed)
    tested = list(split.test)
    chosen = rng.choice(len(tested), size=min(users, len(tested)), replace=False)
    test = {tested[i]: split.test[tested[i]] for i in sorted(chosen)}
    catalog = len(set(data.items))
    fits: dict[str, Callable[[RatingData], CollaborativeModel]] = {
        "product": fit_model,
        "popularity": lambda d: Popularity().fit(d),
    }
    result: dict[str, Any] = {"users": len(test)}
    for name, fit in fits.items():
        score = evaluate(name, name, fit, split.train, test, catalog)
        result[name] = {
            "ndcg@10": round(score.ndcg, 4),
            "ndcg_se": round(score.ndcg_se or 0.0, 4),
            "hr@10": round(score.hr, 4),
        }
    return result


def service_run(
    features: np.ndarray[Any, Any],
    synthetic: SyntheticRatings,
    model: CollaborativeModel,
    requests: int,
) -> dict[str, Any]:
    """RecommendationService.for_user through an in-memory store; see bench/reco_service.py."""
    try:
        from reco_service import catalog, service_latency  # a sibling script module

        return service_latency(catalog(features), synthetic, model, requests, seed=2)
    except Exception as exc:  # the service is young: report a break, keep the other numbers
        return {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sake", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--ratings", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--quality-users", type=int, default=2000, help="0 to skip")
    parser.add_argument("--no-service", action="store_true", help="skip the full service run")
    parser.add_argument(
        "--api", action="store_true", help="also load the data into a real server and time the API"
    )
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    report: dict[str, Any] = {"sake": args.sake, "users": args.users, "ratings": args.ratings}
    started = time.perf_counter()
    shape = Shape(users=args.users, ratings=args.ratings, min_per_user=10)
    features = sake_features(args.sake, args.seed)
    synthetic = generate(features, shape, args.seed)
    # Sake ids start at 1, as the database numbers them.
    data = RatingData(
        users=synthetic.users.tolist(),
        items=(synthetic.items + 1).tolist(),
        ratings=synthetic.ratings,
        timestamps=synthetic.timestamps,
    )
    report["generate_seconds"] = round(time.perf_counter() - started, 1)
    report["model"] = model_kind(data)
    print(f"generated in {report['generate_seconds']} s; fitting", file=sys.stderr, flush=True)

    model, seconds, peak = fit_traced(data)
    report["fit_seconds"] = round(seconds, 1)
    report["fit_peak_mb"] = round(peak)
    report["in_process"] = in_process_latency(model, user_histories(data), args.requests, 1)
    if not args.no_service:
        print("timing full recommendations through the service", file=sys.stderr, flush=True)
        report["service_in_process"] = service_run(features, synthetic, model, args.requests)
    if args.quality_users:
        print("checking held-out accuracy", file=sys.stderr, flush=True)
        report["held_out"] = held_out_quality(data, args.quality_users, args.seed)
    if args.api:
        print("loading a server with the same data; timing the API", file=sys.stderr, flush=True)
        from reco_api import api_latency  # a sibling script module

        report["api"] = api_latency(features, synthetic, min(args.requests, 300))
    report["process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    report["goals"] = GOALS
    service_p95 = report.get("service_in_process", {}).get("p95_ms")
    report["met"] = {
        "fit_seconds": report["fit_seconds"] < GOALS["fit_seconds"],
        "fit_peak_mb": report["fit_peak_mb"] < GOALS["fit_peak_mb"],
        "p95_ms": report["in_process"]["p95_ms"] < GOALS["p95_ms"],
        "service_p95_ms": None if service_p95 is None else service_p95 < GOALS["p95_ms"],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
