"""Most-rated first: the baseline any learned model has to beat, and the cold-start fallback."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sakesensei.engines.recommend.neighbours import NeighbourRatings
from sakesensei.engines.recommend.ratings import FloatArray, Index, Item, RatingData, rating_matrix


class Popularity:
    """Scores each item by how many users rated it, the same for everyone.

    Counting every rating (not only the high ones) is the usual "MostPop" baseline: being
    rated at all is the strongest sign an item will be tried next.
    """

    name = "popularity"

    def __init__(self) -> None:
        self._items = Index()
        self._counts = np.zeros(0, dtype=np.float32)
        self._neighbours: NeighbourRatings | None = None

    @property
    def items(self) -> Index:
        return self._items

    def fit(self, data: RatingData) -> Popularity:
        matrix, _, self._items = rating_matrix(data)
        self._counts = np.bincount(matrix.indices, minlength=len(self._items)).astype(np.float32)
        self._neighbours = NeighbourRatings(matrix, self._items)
        return self

    def scores(self, rated: Mapping[Item, float]) -> FloatArray:
        return self._counts.copy()

    def neighbour_rating(self, rated: Mapping[Item, float], item: Item) -> tuple[float, int] | None:
        if self._neighbours is None:
            return None
        return self._neighbours.neighbour_rating(rated, item)
