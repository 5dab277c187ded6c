"""The synthetic ratings generator, and the product's model on MovieLens-shaped data."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from sakesensei.engines.recommend.collaborative import ItemKNN, Popularity, fit_model
from sakesensei.engines.recommend.evaluation import evaluate
from sakesensei.engines.recommend.splits import leave_last_out
from sakesensei.engines.recommend.synthetic import (
    MOVIELENS_100K,
    MOVIELENS_SHARES,
    Shape,
    SyntheticRatings,
    generate,
    sake_features,
)
from sakesensei.services.rating_files import read_ratings
from sakesensei.services.synthetic_ratings import (
    catalog_flavours,
    catalog_shaped,
    movielens_shaped,
    write_ratings_csv,
)


@pytest.fixture(scope="module")
def movielens() -> SyntheticRatings:
    return movielens_shaped(seed=0)


def test_movielens_shape_is_reproduced(movielens: SyntheticRatings) -> None:
    s = movielens
    assert len(s.ratings) == 100_000
    per_user = np.bincount(s.users)
    assert per_user.size == 943 and per_user.min() >= 20
    shares = np.bincount(s.ratings.astype(int), minlength=6)[1:] / 100_000
    assert shares == pytest.approx(MOVIELENS_SHARES, abs=0.002)
    per_item = np.sort(np.bincount(s.items))[::-1]
    assert per_item[: per_item.size // 10].sum() > 0.35 * 100_000  # a long popularity tail
    assert (per_item == 1).sum() > 10
    span = s.timestamps.max() - s.timestamps.min()
    assert 0 < span <= MOVIELENS_100K.span_days * 86_400


def test_same_seed_same_ratings() -> None:
    features = sake_features(50, seed=2)
    shape = Shape(users=30, ratings=600, min_per_user=5)
    a, b = generate(features, shape, seed=4), generate(features, shape, seed=4)
    assert np.array_equal(a.items, b.items) and np.array_equal(a.ratings, b.ratings)
    c = generate(features, shape, seed=5)
    assert not np.array_equal(a.items, c.items)


def test_people_rate_higher_what_suits_their_taste() -> None:
    s = generate(sake_features(200, seed=1), Shape(users=100, ratings=4000, min_per_user=10), 1)
    true = np.array([s.enjoyment(int(u))[int(i)] for u, i in zip(s.users, s.items, strict=True)])
    assert np.corrcoef(true, s.ratings)[0, 1] > 0.5
    # ...and choose what they expect to enjoy more often than chance.
    user = 0
    mine = s.items[s.users == user]
    assert s.enjoyment(user)[mine].mean() > s.enjoyment(user).mean()


def test_too_many_ratings_for_the_catalog_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot spread"):
        generate(sake_features(10), Shape(users=5, ratings=1000), seed=0)


def test_catalog_flavours_cover_the_shipped_catalog() -> None:
    labels, features = catalog_flavours()
    assert len(labels) == features.shape[0] >= 250
    assert features.shape[1] == 3 + 25
    assert features[:, :3].min() >= 1 and features[:, :3].max() <= 5
    assert set(np.unique(features[:, 3:])) <= {0.0, 1.0}


def test_written_csv_reads_back(tmp_path: Path) -> None:
    labels, synthetic = catalog_shaped(users=40, ratings=800, seed=2)
    path = tmp_path / "sake.csv"
    assert write_ratings_csv(path, synthetic, labels) == 800
    read = read_ratings(path)
    assert read.rejected_rows == 0 and len(read.data.ratings) == 800
    assert set(read.data.items) <= set(labels)


def test_the_product_beats_both_baselines_on_movielens_shaped_data(
    movielens: SyntheticRatings,
) -> None:
    data = movielens.as_rating_data()
    split = leave_last_out(data)
    items = len(set(data.items))
    product = evaluate("product", "product", fit_model, split.train, split.test, items)
    for fit in (lambda d: Popularity().fit(d), lambda d: ItemKNN().fit(d)):
        baseline = evaluate("baseline", "baseline", fit, split.train, split.test, items)
        assert product.ndcg - baseline.ndcg > (product.ndcg_se or 0.0)


def test_shapes_can_be_varied() -> None:
    shape = dataclasses.replace(MOVIELENS_100K, users=50, ratings=2000, min_per_user=5)
    s = generate(sake_features(300), shape, seed=0)
    assert len(s.ratings) == 2000 and len(np.unique(s.users)) == 50
