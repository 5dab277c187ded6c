"""Collaborative filtering: what people who rate like you liked, from ratings alone.

The models know nothing of sake: they see (user, item, rating) triples. Each scores every
item for a user given only that user's ratings ("folding in"), so a user or an item the
model was not fitted on never breaks it: unknown items get no score, and a new user is
scored from whatever they have rated so far, with no refit. A refit only brings in what
*other* people rated since.

`fit_model` picks the model by catalog size; docs/recommendation.md has the measurements.
"""

from __future__ import annotations

from typing import Literal

from sakesensei.engines.recommend.als import ImplicitALS
from sakesensei.engines.recommend.ease import EASE
from sakesensei.engines.recommend.item_knn import ItemKNN
from sakesensei.engines.recommend.neighbours import NeighbourRatings
from sakesensei.engines.recommend.popularity import Popularity
from sakesensei.engines.recommend.ratings import (
    NEUTRAL_RATING,
    CollaborativeModel,
    FloatArray,
    Index,
    Item,
    RatingData,
    rating_matrix,
)

__all__ = [
    "EASE_MAX_ITEMS",
    "NEUTRAL_RATING",
    "CollaborativeModel",
    "FloatArray",
    "ImplicitALS",
    "Index",
    "Item",
    "ItemKNN",
    "ModelKind",
    "NeighbourRatings",
    "Popularity",
    "RatingData",
    "fit_model",
    "model_kind",
    "rating_matrix",
]

ModelKind = Literal["auto", "ease", "als", "item-knn", "popularity"]
# Up to this many items EASE^R is fitted. It is the more accurate on small catalogs and
# level with iALS from about 5,000 items, but its cost grows fast: at 10,000 items the fit
# takes about 6 s and the weights 400 MB; at 20,000 about 40 s and 1.6 GB, more than one
# API process should hold. Larger catalogs get iALS (8 s and 180 MB at 15,000).
EASE_MAX_ITEMS = 10_000


def model_kind(data: RatingData, ease_max_items: int | None = None) -> Literal["ease", "als"]:
    """The model `fit_model` uses for these ratings."""
    limit = EASE_MAX_ITEMS if ease_max_items is None else ease_max_items
    return "ease" if len(set(data.items)) <= limit else "als"


def fit_model(
    data: RatingData, *, kind: ModelKind = "auto", ease_max_items: int | None = None
) -> CollaborativeModel:
    """The product's collaborative model for these ratings (or the one asked for by `kind`).

    `ease_max_items` moves the switch to iALS, for a machine with more or less memory.
    """
    chosen = model_kind(data, ease_max_items) if kind == "auto" else kind
    if chosen == "ease":
        return EASE().fit(data)
    if chosen == "als":
        return ImplicitALS().fit(data)
    if chosen == "item-knn":
        return ItemKNN().fit(data)
    return Popularity().fit(data)
