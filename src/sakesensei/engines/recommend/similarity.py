"""Content-based similarity between sake: taste, aroma, grade, price and style, with reasons.

Each part scores 0-1; a part that one of the two records lacks is left out and the rest
re-weighted, so a sake with no price can still be compared on taste.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from sakesensei.domain.catalog import Sake
from sakesensei.domain.grades import GRADE_ROMAJI, TASTE_STYLES

WEIGHTS = {"flavor": 40.0, "aroma": 20.0, "grade": 15.0, "price": 15.0, "style": 10.0}
_STANDARD_ML = 720  # prices compare per 720 ml bottle, the usual shop size

# Grades that drink alike: the ginjo family, junmai, and the added-alcohol everyday family.
_GRADE_FAMILY = {
    "純米大吟醸": "ginjo",
    "大吟醸": "ginjo",
    "純米吟醸": "ginjo",
    "吟醸": "ginjo",
    "特別純米": "junmai",
    "純米": "junmai",
    "特別本醸造": "honjozo",
    "本醸造": "honjozo",
    "普通酒": "honjozo",
}
_STYLES = frozenset(TASTE_STYLES)
_TASTE_NAMES = (("sweetness", "sweetness"), ("acidity", "acidity"), ("body", "body"))


@dataclass(frozen=True, slots=True)
class Similarity:
    sake_id: int
    score: float  # 0-100
    reasons: tuple[str, ...]

    @property
    def why(self) -> str:
        if not self.reasons:
            return "The closest in character the catalog has."
        text = "; ".join(self.reasons[:3])
        return text[0].upper() + text[1:] + "."


def price_per_bottle(sake: Sake) -> float | None:
    if not sake.price_yen:
        return None
    return sake.price_yen * _STANDARD_ML / (sake.volume_ml or _STANDARD_ML)


def compare(a: Sake, b: Sake) -> tuple[float, tuple[str, ...]]:
    """Similarity of b to a, 0-100, and what they share, strongest first."""
    parts: list[tuple[str, float, str | None]] = []  # (part, closeness, reason)
    taste = _taste(a, b)
    if taste is not None:
        parts.append(("flavor", *taste))
    if a.flavor.aroma and b.flavor.aroma:
        shared = [x for x in b.flavor.aroma if x in a.flavor.aroma]
        union = set(a.flavor.aroma) | set(b.flavor.aroma)
        reason = f"shares the {' and '.join(shared[:2])} aromas" if shared else None
        parts.append(("aroma", len(shared) / len(union), reason))
    parts.append(("grade", *_grade(a.category, b.category)))
    pa, pb = price_per_bottle(a), price_per_bottle(b)
    if pa and pb:
        closeness = max(0.0, 1.0 - abs(math.log2(pb / pa)))
        reason = f"a similar price (¥{pb:,.0f} a 720 ml bottle)" if closeness >= 0.6 else None
        parts.append(("price", closeness, reason))
    sa = {t for t in a.tags if t in _STYLES} or {"plain"}
    sb = {t for t in b.tags if t in _STYLES} or {"plain"}
    shared_styles = sorted((sa & sb) - {"plain"})
    reason = f"also {' and '.join(shared_styles)}" if shared_styles else None
    parts.append(("style", len(sa & sb) / len(sa | sb), reason))
    total = sum(WEIGHTS[p] for p, _, _ in parts)
    score = 100.0 * sum(WEIGHTS[p] * c for p, c, _ in parts) / total
    ranked = sorted(parts, key=lambda p: -WEIGHTS[p[0]] * p[1])
    return score, tuple(r for _, c, r in ranked if r and c > 0)


def _taste(a: Sake, b: Sake) -> tuple[float, str | None] | None:
    pairs = [
        (name, getattr(a.flavor, attr), getattr(b.flavor, attr)) for name, attr in _TASTE_NAMES
    ]
    known = [(name, x, y) for name, x, y in pairs if x is not None and y is not None]
    if not known:
        return None
    # Scales run 1-5, so 4 is the widest gap on one axis.
    closeness = 1.0 - sum(abs(x - y) for _, x, y in known) / (4.0 * len(known))
    same = [name for name, x, y in known if x == y]
    reason: str | None
    if len(same) == len(known):
        reason = "the same taste profile (" + ", ".join(f"{n} {x}" for n, x, _ in known) + ")"
    elif same:
        reason = f"the same {' and '.join(same)}"
    else:
        reason = "a close taste profile" if closeness >= 0.75 else None
    return closeness, reason


def _grade(a: str, b: str) -> tuple[float, str | None]:
    if a == b:
        return 1.0, f"also a {a} ({GRADE_ROMAJI.get(a, a)})"
    family = _GRADE_FAMILY.get(a)
    if family is not None and family == _GRADE_FAMILY.get(b):
        return 0.5, None
    return 0.0, None


def most_similar(target: Sake, candidates: Iterable[Sake], limit: int) -> list[Similarity]:
    """The `limit` candidates closest to the target, never the target itself."""
    scored = []
    for order, other in enumerate(candidates):
        if other.id is None or other.id == target.id:
            continue
        score, reasons = compare(target, other)
        scored.append((-score, order, Similarity(other.id, round(score, 1), reasons)))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [similarity for _, _, similarity in scored[:limit]]
