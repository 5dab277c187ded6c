"""User-to-user neighbours, for the reason "people who rate like you gave it 4.6".

Every collaborative model answers `neighbour_rating` through this, whatever it ranks with:
a mean of real ratings by real neighbours is a reason a person can check, a latent factor
is not.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy import sparse

from sakesensei.engines.recommend.ratings import NEUTRAL_RATING, FloatArray, Index, Item


class NeighbourRatings:
    """Cosine similarity over centred ratings, computed only against the item's raters."""

    def __init__(self, matrix: sparse.csr_matrix, items: Index, neighbours: int = 50) -> None:
        self._by_item = matrix.tocsc()
        self._items = items
        self._neighbours = neighbours
        centred = matrix.copy()
        centred.data = centred.data - NEUTRAL_RATING
        self._centred = centred
        norms = np.sqrt(np.asarray(centred.multiply(centred).sum(axis=1)).ravel())
        self._norms = np.where(norms > 0, norms, 1.0).astype(np.float32)

    def _vector(self, rated: Mapping[Item, float]) -> FloatArray:
        vector = np.zeros(len(self._items), dtype=np.float32)
        for item, rating in rated.items():
            position = self._items.positions.get(item)
            if position is not None:
                vector[position] = rating - NEUTRAL_RATING
        return vector

    def neighbour_rating(self, rated: Mapping[Item, float], item: Item) -> tuple[float, int] | None:
        column = self._items.positions.get(item)
        if column is None:
            return None
        vector = self._vector(rated)
        if not vector.any():
            return None
        start, end = self._by_item.indptr[column], self._by_item.indptr[column + 1]
        raters = self._by_item.indices[start:end]
        if raters.size == 0:
            return None
        given = self._by_item.data[start:end]
        sims = (self._centred[raters] @ vector) / (self._norms[raters] * np.linalg.norm(vector))
        positive = sims > 0
        if not positive.any():
            return None
        sims, given = sims[positive], given[positive]
        top = np.argsort(-sims)[: self._neighbours]
        weights = sims[top]
        return float(np.dot(weights, given[top]) / weights.sum()), int(top.size)
