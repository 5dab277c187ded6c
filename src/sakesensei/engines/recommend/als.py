"""Implicit-feedback matrix factorisation (iALS) for catalogs too large for EASE^R.

Hu, Koren and Volinsky (2008): every user-item pair is fitted, unrated pairs toward 0
with weight 1 and rated ones toward a target with a higher confidence. The target is
signed, so a sake rated 1 is pushed below the unrated ones instead of merely not up.

Each half-step solves all users (or all items) at once with a few warm-started conjugate
gradient steps (Takács, Pilászy and Tikk, 2011), vectorised over rows in numpy: a million
ratings over 100,000 items fit in well under a minute on two cores. A user the model has
not seen is "folded in": their factor is the exact answer to the same normal equations,
from whatever they have rated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from sakesensei.engines.recommend.ease import star_weights
from sakesensei.engines.recommend.neighbours import NeighbourRatings
from sakesensei.engines.recommend.ratings import (
    FloatArray,
    Index,
    Item,
    RatingData,
    known_ratings,
    rating_matrix,
)

# The target a rating of 1..5 is fitted toward, and its weight against an unrated pair's
# 1. Chosen by measurement, as is L2 (for the large, sparse catalogs this model is used
# for: 75 was best on 100,000 sake where 40 overfits and 150 leaves only popularity, while
# 30 is best on MovieLens-100k-shaped data); docs/recommendation.md has the numbers.
TARGETS = (-0.5, 0.0, 0.6, 1.0, 1.0)
CONFIDENCE = (2.0, 2.0, 2.0, 3.0, 4.0)
L2 = 75.0
_CHUNK = 262_144  # ratings per block when gathering factor rows, to bound memory


@dataclass(frozen=True, slots=True)
class _Side:
    """One direction of the rating matrix (users x items or items x users) with its weights."""

    matrix: sparse.csr_matrix  # data: confidence - 1, the extra weight of a rated pair
    rows: npt.NDArray[np.int32]  # the row of each stored entry
    targets: sparse.csr_matrix  # data: confidence x target, the right-hand side weights


class ImplicitALS:
    """iALS with signed targets, fitted by conjugate gradient; fold-in for new users."""

    name = "iALS"

    def __init__(
        self,
        factors: int = 64,
        l2: float = L2,
        iterations: int = 12,
        cg_steps: int = 3,
        targets: Sequence[float] = TARGETS,
        confidence: Sequence[float] = CONFIDENCE,
        seed: int = 0,
    ) -> None:
        self._factors = factors
        self.l2 = l2
        self._iterations = iterations
        self._cg_steps = cg_steps
        self._targets = tuple(targets)
        self._confidence = tuple(confidence)
        self._seed = seed
        self._items = Index()
        self._item_factors = np.zeros((0, factors), dtype=np.float32)
        self._gram = np.eye(factors, dtype=np.float32)
        self._neighbours: NeighbourRatings | None = None

    @property
    def items(self) -> Index:
        return self._items

    def fit(self, data: RatingData) -> ImplicitALS:
        matrix, users, self._items = rating_matrix(data)
        self._neighbours = NeighbourRatings(matrix, self._items)
        rng = np.random.default_rng(self._seed)
        by_user = self._side(matrix)
        by_item = self._side(matrix.T.tocsr())
        user_factors = np.zeros((len(users), self._factors), dtype=np.float32)
        item_factors = (0.01 * rng.standard_normal((len(self._items), self._factors))).astype(
            np.float32
        )
        for _ in range(self._iterations):
            self._conjugate_gradient(user_factors, item_factors, by_user)
            self._conjugate_gradient(item_factors, user_factors, by_item)
        self._item_factors = item_factors
        self._gram = self._regularised_gram(item_factors)
        return self

    def _side(self, matrix: sparse.csr_matrix) -> _Side:
        confidence = star_weights(matrix.data, self._confidence)
        target = star_weights(matrix.data, self._targets)
        structure = (matrix.indices, matrix.indptr)
        return _Side(
            matrix=sparse.csr_matrix((confidence - 1.0, *structure), matrix.shape),
            rows=np.repeat(np.arange(matrix.shape[0], dtype=np.int32), np.diff(matrix.indptr)),
            targets=sparse.csr_matrix((confidence * target, *structure), matrix.shape),
        )

    def _regularised_gram(self, factors: FloatArray) -> FloatArray:
        gram: FloatArray = factors.T @ factors
        gram += self.l2 * np.eye(self._factors, dtype=np.float32)
        return gram

    def _conjugate_gradient(self, solve: FloatArray, fixed: FloatArray, side: _Side) -> None:
        """A few CG steps on every row's normal equations at once, warm-started, in place.

        Row u solves (F'F + l2 I + F' (C_u - I) F) x = F' C_u t_u with F the fixed factors
        and C_u the confidence of what u rated. The products never form the k x k matrices:
        A x = x (F'F + l2 I) + sum over u's ratings of (c - 1) (f . x) f.
        """
        gram = self._regularised_gram(fixed)
        residual = np.asarray(side.targets @ fixed, dtype=np.float32)
        residual -= self._apply(solve, fixed, gram, side)
        direction = residual.copy()
        norm = np.einsum("ij,ij->i", residual, residual)
        for _ in range(self._cg_steps):
            product = self._apply(direction, fixed, gram, side)
            curvature = np.einsum("ij,ij->i", direction, product)
            step = np.divide(norm, curvature, out=np.zeros_like(norm), where=curvature > 1e-20)
            solve += step[:, np.newaxis] * direction
            residual -= step[:, np.newaxis] * product
            new_norm = np.einsum("ij,ij->i", residual, residual)
            ratio = np.divide(new_norm, norm, out=np.zeros_like(norm), where=norm > 1e-20)
            direction *= ratio[:, np.newaxis]
            direction += residual
            norm = new_norm

    def _apply(
        self, vectors: FloatArray, fixed: FloatArray, gram: FloatArray, side: _Side
    ) -> FloatArray:
        """The normal-equation matrix of every row times that row of `vectors`."""
        dots = np.empty(side.matrix.nnz, dtype=np.float32)
        for start in range(0, side.matrix.nnz, _CHUNK):
            stop = min(start + _CHUNK, side.matrix.nnz)
            dots[start:stop] = np.einsum(
                "ij,ij->i",
                fixed[side.matrix.indices[start:stop]],
                vectors[side.rows[start:stop]],
            )
        weighted = sparse.csr_matrix(
            (side.matrix.data * dots, side.matrix.indices, side.matrix.indptr), side.matrix.shape
        )
        result: FloatArray = vectors @ gram
        result += np.asarray(weighted @ fixed, dtype=np.float32)
        return result

    def user_factor(self, rated: Mapping[Item, float]) -> FloatArray:
        """Fold-in: the factor that best explains these ratings, given the item factors."""
        positions, ratings = known_ratings(self._items, rated)
        if positions.size == 0:
            return np.zeros(self._factors, dtype=np.float32)
        confidence = star_weights(ratings, self._confidence)
        target = star_weights(ratings, self._targets)
        rated_factors = self._item_factors[positions]
        system = self._gram + (rated_factors.T * (confidence - 1.0)) @ rated_factors
        result: FloatArray = np.linalg.solve(system, rated_factors.T @ (confidence * target))
        return result.astype(np.float32)

    def scores(self, rated: Mapping[Item, float]) -> FloatArray:
        if len(self._items) == 0:
            return np.zeros(0, dtype=np.float32)
        result: FloatArray = self._item_factors @ self.user_factor(rated)
        return result

    def neighbour_rating(self, rated: Mapping[Item, float], item: Item) -> tuple[float, int] | None:
        if self._neighbours is None:
            return None
        return self._neighbours.neighbour_rating(rated, item)
