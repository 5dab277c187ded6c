"""Collaborative filtering: what people who rate like you liked, from ratings alone.

The models here know nothing of sake: they see (user, item, rating) triples. Each can
score every item for a user given only that user's ratings ("folding in"), so a user or
an item the model was not fitted on never breaks it: unknown items get no score, and a
new user is scored from whatever they have rated so far.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt
from scipy import sparse

Item = Hashable
FloatArray = npt.NDArray[np.float32]
# Ratings are 1-5; centring on this makes 1 and 2 count against an item, 4 and 5 for it.
NEUTRAL_RATING = 3.0


@dataclass(frozen=True, slots=True)
class RatingData:
    """Ratings as parallel arrays; ids may be any hashable (ints from files, uuids from the app)."""

    users: Sequence[Hashable]
    items: Sequence[Item]
    ratings: npt.NDArray[np.float32]
    timestamps: npt.NDArray[np.float64] | None = None

    def __post_init__(self) -> None:
        if not len(self.users) == len(self.items) == len(self.ratings):
            raise ValueError("users, items and ratings must have the same length")


@dataclass(slots=True)
class Index:
    """Dense integer positions for ids, both ways."""

    ids: list[Hashable] = field(default_factory=list)
    positions: dict[Hashable, int] = field(default_factory=dict)

    @classmethod
    def of(cls, values: Sequence[Hashable]) -> Index:
        index = cls()
        for value in values:
            if value not in index.positions:
                index.positions[value] = len(index.ids)
                index.ids.append(value)
        return index

    def __len__(self) -> int:
        return len(self.ids)


def rating_matrix(data: RatingData) -> tuple[sparse.csr_matrix, Index, Index]:
    """Users x items, the latest rating winning where a user rated an item twice."""
    users, items = Index.of(data.users), Index.of(data.items)
    rows = np.fromiter(
        (users.positions[u] for u in data.users), dtype=np.int32, count=len(data.users)
    )
    cols = np.fromiter(
        (items.positions[i] for i in data.items), dtype=np.int32, count=len(data.items)
    )
    order = np.argsort(data.timestamps, kind="stable") if data.timestamps is not None else None
    values = np.asarray(data.ratings, dtype=np.float32)
    if order is not None:
        rows, cols, values = rows[order], cols[order], values[order]
    # Keep the last of duplicate (user, item) pairs instead of summing them.
    keys = rows.astype(np.int64) * max(len(items), 1) + cols
    _, last = np.unique(keys[::-1], return_index=True)
    keep = len(keys) - 1 - last
    matrix = sparse.csr_matrix(
        (values[keep], (rows[keep], cols[keep])), shape=(len(users), len(items)), dtype=np.float32
    )
    return matrix, users, items


class CollaborativeModel(Protocol):
    """What the recommender needs from any collaborative model."""

    @property
    def items(self) -> Index: ...

    def scores(self, rated: Mapping[Item, float]) -> FloatArray:
        """A score per item of `self.items` for a user with these ratings; higher is better."""
        ...

    def neighbour_rating(self, rated: Mapping[Item, float], item: Item) -> tuple[float, int] | None:
        """How users who rate like this one rated `item`: (mean rating, how many), if any did."""
        ...


class NeighbourRatings:
    """User-to-user neighbours over the rating matrix, for "people like you gave it 4.6"."""

    def __init__(self, matrix: sparse.csr_matrix, items: Index, neighbours: int = 50) -> None:
        self._by_user = matrix
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
        vector = self._vector(rated)
        if column is None or not vector.any():
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


class ItemKNN:
    """Item-item cosine neighbours over centred ratings, shrunk toward zero for rare pairs.

    Fast to fit on sparse data of any catalog size (only co-rated pairs are computed),
    and it explains itself. A user's low ratings subtract, so a disliked style sinks.
    """

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
        centred = matrix.copy()
        centred.data = centred.data - NEUTRAL_RATING + 0.5  # a 3 still counts as a weak "seen"
        co = (centred.T @ centred).tocsr().astype(np.float32)
        co.setdiag(0)
        co.eliminate_zeros()
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
        self._similarity = _keep_top_k(similarity, self._k)
        self._neighbours = NeighbourRatings(matrix, self._items)
        return self

    def scores(self, rated: Mapping[Item, float]) -> FloatArray:
        weights = np.zeros(len(self._items), dtype=np.float32)
        for item, rating in rated.items():
            position = self._items.positions.get(item)
            if position is not None:
                weights[position] = rating - NEUTRAL_RATING + 0.5
        result: FloatArray = np.asarray(self._similarity.T @ weights, dtype=np.float32).ravel()
        return result

    def neighbour_rating(self, rated: Mapping[Item, float], item: Item) -> tuple[float, int] | None:
        if self._neighbours is None:
            return None
        return self._neighbours.neighbour_rating(rated, item)


def _keep_top_k(matrix: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Each row keeps only its k largest entries: the item's nearest neighbours."""
    rows, cols, vals = [], [], []
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        if end - start == 0:
            continue
        data, indices = matrix.data[start:end], matrix.indices[start:end]
        if end - start > k:
            top = np.argpartition(-data, k)[:k]
            data, indices = data[top], indices[top]
        rows.append(np.full(data.size, row, dtype=np.int32))
        cols.append(indices)
        vals.append(data)
    if not rows:
        return sparse.csr_matrix(matrix.shape, dtype=np.float32)
    return sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=matrix.shape,
        dtype=np.float32,
    )


def fit_model(data: RatingData) -> CollaborativeModel:
    """The product's collaborative model for these ratings."""
    return ItemKNN().fit(data)
