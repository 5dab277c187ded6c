"""How sure a label match is: a logistic function of a few features, fitted offline.

The target: of all answers given confidence >= 0.7, at least 95% are right, while as many
right answers as possible reach 0.7. To recalibrate, run matches on a labelled set, collect
`LabelMatch.features.vector()` with whether the top candidate was right, pass them to
`fit_coefficients`, check the precision at 0.7 on held-out labels, and paste the result
into INTERCEPT and COEFFICIENTS below.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sakesensei.domain.scans import CONFIDENT

FEATURE_NAMES: tuple[str, ...] = ("best", "margin", "name_found", "product_found", "ocr_score")

# The one place these numbers live. Fitted on 540 label photos made by label_art (clean and
# hard; vertical, horizontal and export) and read by the bundled OCR model, each matched
# against the shipped catalog alone and padded to 20k and 100k entries with look-alike
# sake; the intercept then lowered by 0.5 for headroom. On 300 held-out photos, answers at
# >= 0.7 were right 97.5-100% of the time, and 95-98% of right answers reached 0.7. The
# OCR engine's own score added nothing once the others were known (fitted, its weight came
# out negative, which would not generalise), so it stays a feature at weight 0.
INTERCEPT = -5.45
COEFFICIENTS: tuple[float, ...] = (4.46, 24.09, 0.72, 2.28, 0.0)

THRESHOLD = CONFIDENT  # the confidence a caller may treat as "identified"


@dataclass(frozen=True, slots=True)
class ConfidenceFeatures:
    """What the confidence is computed from, each 0-1."""

    best: float  # the top candidate's score
    margin: float  # its lead over the second candidate
    name_found: float  # how much of the top candidate's name the label text holds
    # How much of what tells it from its brand's other sake (the name besides the brand, or
    # the grade if the name is the brand alone) the label holds: a label showing only the
    # brand fits every sake of that brand.
    product_found: float
    ocr_score: float  # the OCR engine's own confidence, averaged over the lines kept

    def vector(self) -> tuple[float, ...]:
        """The features in FEATURE_NAMES order, for fitting."""
        return (self.best, self.margin, self.name_found, self.product_found, self.ocr_score)


NO_FEATURES = ConfidenceFeatures(0.0, 0.0, 0.0, 0.0, 0.0)


def confidence_features(
    scores: Sequence[float], name_found: float, product_found: float, ocr_score: float
) -> ConfidenceFeatures:
    """Features of a ranked match: candidate scores best first, then what of the top
    candidate the label holds, and the OCR engine's confidence."""
    if not scores:
        return NO_FEATURES
    best = scores[0]
    second = scores[1] if len(scores) > 1 else 0.0
    return ConfidenceFeatures(best, max(0.0, best - second), name_found, product_found, ocr_score)


def confidence(
    features: ConfidenceFeatures,
    intercept: float = INTERCEPT,
    coefficients: Sequence[float] = COEFFICIENTS,
) -> float:
    """The calibrated probability that the top candidate is the sake on the label."""
    if features == NO_FEATURES:
        return 0.0
    z = intercept + sum(c * x for c, x in zip(coefficients, features.vector(), strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fit_coefficients(
    vectors: Sequence[Sequence[float]],
    right: Sequence[bool],
    l2: float = 1e-3,
    rounds: int = 50,
) -> tuple[float, tuple[float, ...]]:
    """Logistic regression by Newton steps: (intercept, coefficients) for `confidence`."""
    x = np.column_stack([np.ones(len(vectors)), np.asarray(vectors, dtype=float)])
    y = np.asarray(right, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x.T * (p * (1 - p))) @ x + penalty + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return float(w[0]), tuple(float(v) for v in w[1:])


def precision_at(
    confidences: Sequence[float], right: Sequence[bool], threshold: float = THRESHOLD
) -> tuple[float, float]:
    """(share right among answers at or above the threshold, share of right answers reaching it)."""
    given = [r for c, r in zip(confidences, right, strict=True) if c >= threshold]
    total_right = sum(right)
    precision = sum(given) / len(given) if given else 1.0
    recall = sum(given) / total_right if total_right else 0.0
    return precision, recall
