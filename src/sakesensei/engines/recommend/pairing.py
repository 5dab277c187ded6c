"""Sake for a dish: the catalog's own pairings first, then sake whose profile suits the
dish's family (fried food wants acidity, chilli wants sweetness, ...), each with why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sakesensei.domain.catalog import TEMPERATURES, Sake
from sakesensei.domain.dishes import DishFamily
from sakesensei.engines.text.dishes import DishMatch

# Below this a sake only half suits the family; we would rather answer with fewer.
MIN_FIT = 0.75
# A value the record lacks earns part of the credit: it may fit, we cannot say.
_UNKNOWN = 0.4
_WARM_FROM = 40  # degrees: ぬる燗 and warmer

_SWEETNESS_WORDS = {1: "very dry", 2: "dry", 3: "balanced", 4: "sweet", 5: "very sweet"}
_BODY_WORDS = {1: "light", 2: "light", 3: "medium-bodied", 4: "full-bodied", 5: "rich"}


@dataclass(frozen=True, slots=True)
class Fit:
    score: float  # 0-1
    traits: tuple[str, ...]  # what about the sake suits the dish, in words


@dataclass(frozen=True, slots=True)
class Suggestion:
    sake_id: int
    score: float  # 0-100
    why: str
    source: str  # "listed": the record names the dish; "profile": it suits the dish family


def _range_credit(value: int | None, bounds: tuple[int, int]) -> float:
    if value is None:
        return _UNKNOWN
    low, high = bounds
    gap = max(low - value, value - high, 0)
    return 1.0 if gap == 0 else 0.3 if gap == 1 else 0.0


def family_fit(sake: Sake, family: DishFamily) -> Fit:
    """How well one sake suits one dish family, 0-1, with the traits that make it suit."""
    parts: list[tuple[float, float]] = []  # (weight, credit)
    traits: list[str] = []
    flavor = sake.flavor
    if family.sweetness:
        credit = _range_credit(flavor.sweetness, family.sweetness)
        parts.append((3.0, credit))
        if credit == 1.0 and flavor.sweetness is not None:
            traits.append(f"{_SWEETNESS_WORDS[flavor.sweetness]} (sweetness {flavor.sweetness}/5)")
    if family.acidity_min is not None:
        credit = _range_credit(flavor.acidity, (family.acidity_min, 5))
        parts.append((2.0, credit))
        if credit == 1.0 and flavor.acidity is not None:
            traits.append(f"lively acidity ({flavor.acidity}/5)")
    if family.body:
        credit = _range_credit(flavor.body, family.body)
        parts.append((2.0, credit))
        if credit == 1.0 and flavor.body is not None:
            traits.append(_BODY_WORDS[flavor.body])
    if family.grades:
        parts.append((1.0, 1.0 if sake.category in family.grades else 0.0))
    if family.styles:
        shared = [tag for tag in sake.tags if tag in family.styles]
        parts.append((1.0, 1.0 if shared else 0.0))
        traits += shared
    if family.aromas:
        shared = [a for a in flavor.aroma if a in family.aromas]
        parts.append((1.0, 1.0 if shared else _UNKNOWN if not flavor.aroma else 0.0))
        if shared:
            traits.append(" and ".join(shared[:2]) + " aromas")
    if family.max_abv is not None:
        fits = sake.abv is not None and sake.abv <= family.max_abv
        parts.append((1.5, 1.0 if fits else _UNKNOWN if sake.abv is None else 0.0))
        if fits:
            traits.append(f"{sake.abv:g}% alcohol")
    if family.warm:
        warm = [t for t in sake.temperatures if TEMPERATURES.get(t, 0) >= _WARM_FROM]
        parts.append((0.5, 1.0 if warm else 0.0))
        if warm:
            traits.append(f"good warm ({warm[0]})")
    score = sum(w * c for w, c in parts) / sum(w for w, _ in parts) if parts else 0.0
    if family.avoid_styles.intersection(sake.tags):
        score *= 0.5  # the style works against the dish, however well the rest fits
    return Fit(score, tuple(dict.fromkeys(traits)))


def blended_fit(sake: Sake, families: Sequence[DishFamily]) -> Fit:
    """A dish of several families (pizza: cheese and tomato) must suit each of them."""
    fits = [family_fit(sake, f) for f in families]
    traits = tuple(dict.fromkeys(t for fit in fits for t in fit.traits))
    return Fit(sum(f.score for f in fits) / len(fits), traits)


def profile_why(families: Sequence[DishFamily], fit: Fit) -> str:
    reason = families[0].reason
    if len(families) > 1:
        reason += f" It also has to suit {families[1].label}."
    if fit.traits:
        reason += f" This one is {', '.join(fit.traits[:4])}."
    return reason


def suggest(
    listed: Sequence[DishMatch], sakes: Sequence[Sake], families: Sequence[DishFamily]
) -> list[Suggestion]:
    """Listed pairings first (best dish match, then best family fit), then family fits."""
    by_id = {s.id: s for s in sakes if s.id is not None}
    fits = {i: blended_fit(s, families) for i, s in by_id.items()} if families else {}
    ranked_listed = sorted(
        (m for m in listed if m.sake_id in by_id),
        key=lambda m: (not m.exact, -m.score, -(fits[m.sake_id].score if fits else 0.0)),
    )
    found: list[Suggestion] = [
        Suggestion(m.sake_id, round(m.score, 1), f"Listed with {m.dish}: {m.why}", "listed")
        for m in ranked_listed
    ]
    taken = {m.sake_id for m in ranked_listed}
    by_fit = sorted(
        ((fit.score, sake_id) for sake_id, fit in fits.items() if sake_id not in taken),
        key=lambda pair: -pair[0],
    )
    for score, sake_id in by_fit:
        if score < MIN_FIT:
            break
        why = profile_why(families, fits[sake_id])
        found.append(Suggestion(sake_id, round(score * 100, 1), why, "profile"))
    return found
