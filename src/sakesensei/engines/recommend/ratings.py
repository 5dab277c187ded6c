"""Ratings as arrays, and the protocol every collaborative model keeps.

The models see only (user, item, rating, time): they know nothing of sake, so they run on
any ratings file as well as on the product's tastings.
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
IntArray = npt.NDArray[np.int64]
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
        if self.timestamps is not None and len(self.timestamps) != len(self.ratings):
            raise ValueError("timestamps must have one value per rating")


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
    matrix.sort_indices()
    return matrix, users, items


def known_ratings(items: Index, rated: Mapping[Item, float]) -> tuple[IntArray, FloatArray]:
    """Positions and ratings of the rated items a model knows; unknown items are skipped."""
    positions: list[int] = []
    values: list[float] = []
    for item, rating in rated.items():
        position = items.positions.get(item)
        if position is not None:
            positions.append(position)
            values.append(float(rating))
    return np.asarray(positions, dtype=np.int64), np.asarray(values, dtype=np.float32)


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
