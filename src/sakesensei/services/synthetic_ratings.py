"""Synthetic ratings files: users with tastes over the shipped catalog's flavour space, or a
MovieLens-100k-shaped set, written as the CSV `sakesensei eval --ratings` reads.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from sakesensei.domain.catalog import AROMAS
from sakesensei.engines.recommend.synthetic import (
    MOVIELENS_100K,
    MOVIELENS_100K_ITEMS,
    Shape,
    SyntheticRatings,
    generate,
    sake_features,
)
from sakesensei.services.shipped_catalog import shipped_files

AROMA_ORDER = tuple(sorted(AROMAS))
_MIDDLE = 3  # a missing 1-5 score reads as the middle of the scale


def catalog_flavours() -> tuple[list[str], npt.NDArray[np.float64]]:
    """The shipped sake as "name / brewery" labels and flavour rows: sweetness, acidity,
    body (1-5) and one 0/1 column per aroma tag."""
    labels: list[str] = []
    rows: list[list[float]] = []
    for source in shipped_files():
        for sake in json.loads(source.read_text(encoding="utf-8"))["sakes"]:
            flavor = sake.get("flavor") or {}
            scales = [float(flavor.get(k) or _MIDDLE) for k in ("sweetness", "acidity", "body")]
            aromas = set(flavor.get("aroma") or ())
            labels.append(f"{sake['name']} / {sake['brewery']}")
            rows.append(scales + [1.0 if a in aromas else 0.0 for a in AROMA_ORDER])
    return labels, np.asarray(rows, dtype=np.float64)


def movielens_shaped(seed: int = 0) -> SyntheticRatings:
    """943 users, 1,682 items, 100,000 ratings with MovieLens-100k's skew and star shares."""
    return generate(sake_features(MOVIELENS_100K_ITEMS, seed), MOVIELENS_100K, seed)


def catalog_shaped(users: int, ratings: int, seed: int = 0) -> tuple[list[str], SyntheticRatings]:
    """Ratings of the shipped catalog's sake by users with tastes over its flavour space."""
    labels, features = catalog_flavours()
    shape = Shape(users=users, ratings=ratings, min_per_user=5, max_share_per_user=0.3)
    return labels, generate(features, shape, seed)


def write_ratings_csv(
    path: Path, ratings: SyntheticRatings, item_labels: Sequence[str] | None = None
) -> int:
    """user,item,rating,timestamp rows, oldest first; items as labels when given. Row count."""
    order = np.argsort(ratings.timestamps, kind="stable")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["user", "item", "rating", "timestamp"])
        for row in order.tolist():
            item = int(ratings.items[row])
            writer.writerow(
                [
                    int(ratings.users[row]),
                    item_labels[item] if item_labels is not None else item,
                    int(ratings.ratings[row]),
                    int(ratings.timestamps[row]),
                ]
            )
    return len(order)
