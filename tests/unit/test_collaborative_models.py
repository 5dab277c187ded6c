"""The collaborative models: the protocol, unseen users and items, and low ratings."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from sakesensei.engines.recommend import collaborative
from sakesensei.engines.recommend.als import ImplicitALS
from sakesensei.engines.recommend.collaborative import (
    CollaborativeModel,
    ItemKNN,
    Popularity,
    RatingData,
    fit_model,
    model_kind,
)
from sakesensei.engines.recommend.ease import EASE
from sakesensei.engines.recommend.ratings import rating_matrix

Fit = Callable[[RatingData], CollaborativeModel]
MODELS: dict[str, Fit] = {
    "ease": lambda d: EASE().fit(d),
    "als": lambda d: ImplicitALS(factors=8, iterations=8).fit(d),
    "item-knn": lambda d: ItemKNN().fit(d),
    "popularity": lambda d: Popularity().fit(d),
}
LEARNING = {k: v for k, v in MODELS.items() if k != "popularity"}
STYLE_A = [f"a{i}" for i in range(12)]
STYLE_B = [f"b{i}" for i in range(12)]


def two_styles(seed: int = 0) -> RatingData:
    """Half the people love style A and dislike B; the other half the reverse."""
    rng = np.random.default_rng(seed)
    users, items, ratings = [], [], []
    for user in range(60):
        liked, disliked = (STYLE_A, STYLE_B) if user % 2 == 0 else (STYLE_B, STYLE_A)
        for item in rng.choice(liked, size=7, replace=False):
            users.append(f"u{user}")
            items.append(str(item))
            ratings.append(float(rng.choice([4, 5])))
        for item in rng.choice(disliked, size=3, replace=False):
            users.append(f"u{user}")
            items.append(str(item))
            ratings.append(float(rng.choice([1, 2])))
    return RatingData(users, items, np.array(ratings, dtype=np.float32))


def style_gap(model: CollaborativeModel, rated: dict[str, float]) -> float:
    """Mean score of the unrated A sake minus that of the B sake."""
    scores = model.scores(rated)
    pos = model.items.positions
    a = [scores[pos[i]] for i in STYLE_A if i not in rated]
    b = [scores[pos[i]] for i in STYLE_B]
    return float(np.mean(a) - np.mean(b))


@pytest.mark.parametrize("name", LEARNING)
def test_rating_a_style_5_moves_it_up_and_1_moves_it_down(name: str) -> None:
    model = LEARNING[name](two_styles())
    five = {item: 5.0 for item in STYLE_A[:5]}
    one = {item: 1.0 for item in STYLE_A[:5]}
    assert style_gap(model, five) > 0
    assert style_gap(model, one) < 0
    if name != "item-knn":  # kNN has no scores for a brand-new user: it is all zeros
        baseline = model.scores({})
        pos = model.items.positions
        others = [pos[i] for i in STYLE_A[5:]]
        # Against knowing nothing, a 1 pushes the style below where it started.
        assert model.scores(one)[others].mean() < baseline[others].mean()


@pytest.mark.parametrize("name", MODELS)
def test_scores_are_aligned_with_the_model_items(name: str) -> None:
    model = MODELS[name](two_styles())
    assert set(model.items.ids) == set(STYLE_A) | set(STYLE_B)
    scores = model.scores({"a0": 5.0, "b1": 2.0})
    assert scores.shape == (len(model.items),)
    assert np.isfinite(scores).all()


@pytest.mark.parametrize("name", MODELS)
def test_unseen_users_and_items_do_not_break_anything(name: str) -> None:
    model = MODELS[name](two_styles())
    new_user = model.scores({"never-seen": 5.0, 42: 1.0})
    assert new_user.shape == (len(model.items),)
    assert np.isfinite(new_user).all()
    assert model.scores({}).shape == (len(model.items),)
    assert model.neighbour_rating({"a0": 5.0}, "never-seen") is None
    assert model.neighbour_rating({}, "a1") is None


@pytest.mark.parametrize("name", MODELS)
def test_no_ratings_at_all_fits_an_empty_model(name: str) -> None:
    empty = RatingData([], [], np.zeros(0, dtype=np.float32))
    model = MODELS[name](empty)
    assert len(model.items) == 0
    assert model.scores({"a0": 5.0}).shape == (0,)


def test_neighbours_say_how_people_like_you_rated_it() -> None:
    model = fit_model(two_styles())
    found = model.neighbour_rating({"a0": 5.0, "a1": 5.0, "b0": 1.0}, "a5")
    assert found is not None
    mean, count = found
    assert mean >= 4.0 and count > 0


def test_ease_is_the_closed_form() -> None:
    data = two_styles(seed=3)
    model = EASE(relative_l2=0.5, score_weights=(1, 1, 1, 1, 1)).fit(data)
    matrix, _, items = rating_matrix(data)
    x = (matrix.toarray() != 0).astype(np.float64)
    gram = x.T @ x
    precision = np.linalg.inv(gram + model.l2 * np.eye(len(items)))
    weights = -precision / np.diag(precision)
    np.fill_diagonal(weights, 0.0)
    rated = {"a0": 4.0, "b3": 2.0}
    expected = weights[items.positions["a0"]] + weights[items.positions["b3"]]
    assert model.scores(rated) == pytest.approx(expected, abs=1e-4)


def test_als_fold_in_matches_what_it_learned_for_a_fitted_user() -> None:
    data = two_styles()
    model = ImplicitALS(factors=8, iterations=15).fit(data)
    fan = {i: r for u, i, r in zip(data.users, data.items, data.ratings, strict=True) if u == "u0"}
    top = np.argsort(-model.scores(fan))
    unrated = [model.items.ids[p] for p in top if model.items.ids[p] not in fan]
    assert all(str(item).startswith("a") for item in unrated[:3])


def test_fit_model_picks_by_catalog_size(monkeypatch: pytest.MonkeyPatch) -> None:
    data = two_styles()
    assert model_kind(data) == "ease"
    assert isinstance(fit_model(data), EASE)
    monkeypatch.setattr(collaborative, "EASE_MAX_ITEMS", 10)
    assert model_kind(data) == "als"
    assert isinstance(fit_model(data), ImplicitALS)
    assert isinstance(fit_model(data, kind="item-knn"), ItemKNN)
