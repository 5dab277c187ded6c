"""Item-item neighbours: the classic collaborative baseline, and one that explains itself."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy import sparse

from sakesensei.engines.recommend.neighbours import NeighbourRatings
from sakesensei.engines.recommend.ratings import (
    NEUTRAL_RATING,
    FloatArray,
    Index,
    Item,
    RatingData,
    known_ratings,
    rating_matrix,
)

# A 3 still counts as a weak "seen"; 1 and 2 count against.
_OFFSET = 0.5


class ItemKNN:
    """Item-item cosine neighbours over centred ratings, shrunk toward zero for rare pairs.

    Fast to fit on sparse data of any catalog size (only co-rated pairs are computed).
    A user's low ratings subtract, so a disliked style sinks.
    """

    name = "item-kNN"

    def __init__(self, neighbours: int = 100, shrinkage: float = 10.0) -> None:
        self._k = neighbours
        self._shrinkage = shrinkage
        self._items = Index()
        self._similarity = sparse.csr_matrix((0, 0), dtype=np.float32)
        self._neighbours: NeighbourRatings | None = None

    @property
    def items(self) -> Index:
        return self._items

    def fit(self, data: RatingData) -> ItemKNN:
        matrix, _, self._items = rating_matrix(data)
        self._neighbours = NeighbourRatings(matrix, self._items)
        centred = matrix.copy()
        centred.data = centred.data - NEUTRAL_RATING + _OFFSET
        co = (centred.T @ centred).tocsr().astype(np.float32)
        co.setdiag(0)
        co.eliminate_zeros()
        if co.nnz == 0:
            self._similarity = sparse.csr_matrix(co.shape, dtype=np.float32)
            return self
        norms = np.sqrt(np.asarray(centred.multiply(centred).sum(axis=0)).ravel()).astype(
            np.float32
        )
        counts = (matrix != 0).astype(np.float32)
        support = (counts.T @ counts).tocsr()
        coo = co.tocoo()
        denom = norms[coo.row] * norms[coo.col] + 1e-9
        pair_support = np.asarray(support[coo.row, coo.col]).ravel()
        values = coo.data / denom * (pair_support / (pair_support + self._shrinkage))
        similarity = sparse.csr_matrix(
            (values.astype(np.float32), (coo.row, coo.col)), shape=co.shape
        )
        self._similarity = keep_top_k(similarity, self._k)
        return self

    def scores(self, rated: Mapping[Item, float]) -> FloatArray:
        positions, ratings = known_ratings(self._items, rated)
        result = np.zeros(len(self._items), dtype=np.float32)
        if positions.size == 0:
            return result
        weights = ratings - NEUTRAL_RATING + _OFFSET
        # Sum of the rated items' neighbour rows, each weighted by how much it was liked.
        rows = self._similarity[positions]
        result += np.asarray(rows.T @ weights, dtype=np.float32).ravel()
        return result

    def neighbour_rating(self, rated: Mapping[Item, float], item: Item) -> tuple[float, int] | None:
        if self._neighbours is None:
            return None
        return self._neighbours.neighbour_rating(rated, item)


def keep_top_k(matrix: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Each row keeps only its k largest entries: the item's nearest neighbours."""
    matrix = matrix.tocsr()
    lengths = np.diff(matrix.indptr)
    keep = np.ones(matrix.nnz, dtype=bool)
    for row in np.flatnonzero(lengths > k):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        drop = np.argpartition(-matrix.data[start:end], k)[k:]
        keep[start + drop] = False
    rows = np.repeat(np.arange(matrix.shape[0]), lengths)
    return sparse.csr_matrix(
        (matrix.data[keep], (rows[keep], matrix.indices[keep])),
        shape=matrix.shape,
        dtype=np.float32,
    )
