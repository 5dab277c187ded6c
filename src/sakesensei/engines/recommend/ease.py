"""EASE^R (Steck, 2019): a closed-form item-item model, among the strongest top-N methods.

It learns the item-item weight matrix B that best rebuilds each user's row from the other
items (B = I - P / diag(P), P = (X'X + l2 I)^-1). One dense inverse of items x items, so
it is for catalogs up to 10,000 items (docs/recommendation.md has the measurements);
beyond that `fit_model` switches to matrix factorisation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse
from scipy.linalg import lapack

from sakesensei.engines.recommend.neighbours import NeighbourRatings
from sakesensei.engines.recommend.ratings import (
    FloatArray,
    Index,
    Item,
    RatingData,
    known_ratings,
    rating_matrix,
)

# What a rating of 1..5 adds to a user's row. Learning from "rated at all" (TRAIN_WEIGHTS)
# finds which sake go together; scoring with signed weights (SCORE_WEIGHTS) then makes a
# low rating push away the sake that go with it, which the product relies on. Chosen by
# measurement; docs/recommendation.md has the comparison.
TRAIN_WEIGHTS = (1.0, 1.0, 1.0, 1.0, 1.0)
SCORE_WEIGHTS = (-1.0, -0.25, 0.5, 1.0, 1.25)
# The L2 weight as a multiple of the mean item count (the mean of diag(X'X)), so one
# setting suits small and large data alike; measured on MovieLens-100k-shaped data.
RELATIVE_L2 = 12.0
_STARS = (1.0, 2.0, 3.0, 4.0, 5.0)


def star_weights(ratings: FloatArray, table: Sequence[float]) -> FloatArray:
    """A weight per rating, read off `table` (ratings 1..5) and interpolated between stars."""
    result: FloatArray = np.interp(ratings, _STARS, table).astype(np.float32)
    return result


class EASE:
    """Item-item regression with an emptied diagonal, solved in closed form."""

    name = "EASE^R"

    def __init__(
        self,
        relative_l2: float = RELATIVE_L2,
        train_weights: Sequence[float] = TRAIN_WEIGHTS,
        score_weights: Sequence[float] = SCORE_WEIGHTS,
    ) -> None:
        self._relative_l2 = relative_l2
        self._train_weights = tuple(train_weights)
        self._score_weights = tuple(score_weights)
        self._items = Index()
        self._weights = np.zeros((0, 0), dtype=np.float32)
        self._neighbours: NeighbourRatings | None = None
        self.l2 = 0.0

    @property
    def items(self) -> Index:
        return self._items

    def fit(self, data: RatingData) -> EASE:
        matrix, _, self._items = rating_matrix(data)
        self._neighbours = NeighbourRatings(matrix, self._items)
        values = matrix.copy()
        values.data = star_weights(values.data, self._train_weights)
        self._weights = self._solve(values)
        return self

    def _solve(self, values: sparse.csr_matrix) -> FloatArray:
        n = values.shape[1]
        if n == 0:
            return np.zeros((0, 0), dtype=np.float32)
        # X'X is symmetric, so the transpose of the C-ordered array is the Fortran-ordered
        # one LAPACK works on in place, without a second copy.
        gram = np.asarray((values.T @ values).toarray(), dtype=np.float32).T
        diagonal = np.einsum("ii->i", gram)  # a writable view of the diagonal
        self.l2 = self._relative_l2 * max(float(diagonal.mean()), 1.0)
        diagonal += self.l2
        # P is symmetric, so the transpose of the Fortran-ordered inverse is the same matrix
        # in C order: row slices (one per rated item) are then contiguous, with no copy.
        precision = _symmetric_inverse(gram).T
        # B = I - P diag(1/diag(P)): column j of P divided by -P_jj, then the diagonal emptied.
        scale = -1.0 / np.diag(precision)
        precision *= scale[np.newaxis, :]
        np.fill_diagonal(precision, 0.0)
        return precision

    def scores(self, rated: Mapping[Item, float]) -> FloatArray:
        positions, ratings = known_ratings(self._items, rated)
        if positions.size == 0:
            return np.zeros(len(self._items), dtype=np.float32)
        weights = star_weights(ratings, self._score_weights)
        result: FloatArray = weights @ self._weights[positions]
        return result

    def neighbour_rating(self, rated: Mapping[Item, float], item: Item) -> tuple[float, int] | None:
        if self._neighbours is None:
            return None
        return self._neighbours.neighbour_rating(rated, item)


def _symmetric_inverse(matrix: FloatArray) -> FloatArray:
    """Inverse of a symmetric positive definite matrix, in place, by Cholesky.

    Half the work of a general inverse: at 10,000 items that is seconds instead of tens of
    seconds. The factor routines fill one triangle; the other is mirrored in row blocks so
    no second full-size matrix is ever allocated.
    """
    factor, info = lapack.spotrf(matrix, lower=True, overwrite_a=True, clean=False)
    if info != 0:
        raise np.linalg.LinAlgError(f"the Gram matrix is not positive definite (info {info})")
    inverse, info = lapack.spotri(factor, lower=True, overwrite_c=True)
    if info != 0:
        raise np.linalg.LinAlgError(f"inverting the Cholesky factor failed (info {info})")
    n = inverse.shape[0]
    block = 1024
    for start in range(0, n, block):
        stop = min(start + block, n)
        # Rows start:stop of the upper triangle are columns start:stop of the lower one.
        lower = inverse[start:, start:stop]
        upper = inverse[start:stop, start:]
        above = np.arange(start, n)[np.newaxis, :] > np.arange(start, stop)[:, np.newaxis]
        upper[:, :] = np.where(above, lower.T, upper)
    result: FloatArray = inverse
    return result
