"""Reading a dish the way people type it: find the catalog's pairings that name it, and the
dish families (fried, raw fish, spicy, ...) it belongs to.

Stored dishes read like "鶏の唐揚げ (karaage fried chicken)", so a query in either language
matches one of the two halves; spelling groups carry a query across scripts ("karaage" also
looks for 唐揚げ and から揚げ).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from sakesensei.domain.catalog import Pairing
from sakesensei.domain.dishes import DISH_FAMILIES, DISH_SPELLINGS, DishFamily
from sakesensei.domain.spelling import search_key
from sakesensei.engines.text.fuzzy import FuzzyIndex, TextField, words

# Typos in family words are forgiven only in long words: "currey", "tempra".
_NEAR_WORD = 85.0
_NEAR_MIN_LENGTH = 5
# A family word may start or end a longer word ("cheesecake") from this length on.
_AFFIX_MIN_LENGTH = 4
# Dish names are short and alike ("pazza" is one letter from "pizza"), so near spellings
# must be closer than in sake names.
_NEAR_DISH = 85.0
# A stored dish named inside a longer query (鶏の唐揚げ in 鶏の唐揚げ定食) is as good as exact.
_INSIDE_SCORE = 90.0
_VARIANT_DISCOUNT = 0.95


@dataclass(frozen=True, slots=True)
class DishMatch:
    """A sake whose own pairing list names a dish like the one asked for."""

    sake_id: int
    dish: str
    why: str
    score: float
    exact: bool


class DishIndex:
    """Every dish the catalog's pairings name, searchable in Japanese and English."""

    def __init__(self, pairings: Iterable[tuple[int, Pairing]]) -> None:
        self._by_dish: dict[str, list[tuple[int, str]]] = {}
        for sake_id, pairing in pairings:
            self._by_dish.setdefault(pairing.dish, []).append((sake_id, pairing.why))
        self._index = FuzzyIndex(
            ((dish, [TextField(dish)]) for dish in self._by_dish), near_cutoff=_NEAR_DISH
        )
        # The Japanese head of each dish, "鶏の唐揚げ" of "鶏の唐揚げ (karaage fried chicken)".
        heads = ((dish, search_key(dish.split("(")[0].split("（")[0])) for dish in self._by_dish)
        self._heads = [
            (dish, head) for dish, head in heads if len(head) >= 2 and not head.isascii()
        ]

    def __len__(self) -> int:
        return len(self._by_dish)

    def search(self, query: str) -> list[DishMatch]:
        """Sake with a listed dish matching the query, best dish first, each sake once."""
        best: dict[str, tuple[bool, float]] = {}

        def offer(dish: str, exact: bool, score: float) -> None:
            old = best.get(dish)
            if old is None or (exact, score) > old:
                best[dish] = (exact, score)

        for number, variant in enumerate(spelling_variants(query)):
            # The spelling the person typed wins a tie with one we substituted.
            discount = 1.0 if number == 0 else _VARIANT_DISCOUNT
            compact = variant.replace(" ", "")
            for dish, head in self._heads:
                if head in compact and head != compact:
                    offer(dish, True, _INSIDE_SCORE * discount)
            for hit in self._index.search(variant):
                offer(hit.key, hit.exact, hit.score * discount)
        ranked = sorted(best.items(), key=lambda kv: (not kv[1][0], -kv[1][1]))
        seen: set[int] = set()
        found: list[DishMatch] = []
        for dish, (exact, score) in ranked:
            for sake_id, why in self._by_dish[dish]:
                if sake_id not in seen:
                    seen.add(sake_id)
                    found.append(DishMatch(sake_id, dish, why, score, exact))
        return found


def spelling_variants(query: str) -> list[str]:
    """The query as typed, plus the query with each known dish word in its other spellings."""
    text = " ".join(words(query))
    variants = [text] if text else []
    for group in DISH_SPELLINGS:
        keys = [search_key(spelling) for spelling in group]
        for key in keys:
            if _contains(text, key):
                variants += [_replace(text, key, other) for other in keys if other != key]
    return list(dict.fromkeys(v for v in variants if v))


def detect_families(query: str) -> list[DishFamily]:
    """The dish families whose words the query holds, in the table's order.

    A word inside a longer matched word does not count: "ice cream" is a dessert, not
    cream, and 麻婆豆腐 is a spicy dish more than a tofu one.
    """
    found = words(query)
    compact = "".join(found)
    matched = [
        (family, key)
        for family in DISH_FAMILIES
        for key in (search_key(word) for word in family.words)
        if _names(key, found, compact)
    ]
    keys = {key for _, key in matched}
    kept = [f for f, key in matched if not any(key != k and key in k for k in keys)]
    return [f for f in DISH_FAMILIES if f in kept]


def _names(key: str, found: list[str], compact: str) -> bool:
    if not key:
        return False
    if not key.isascii():
        return key in compact  # Japanese has no spaces to respect: 唐揚げ定食 is 唐揚げ
    if len(found) > 1 and key in compact and any(key.startswith(w) for w in found):
        return True  # a family word of several words: "fish and chips", "ice cream"
    for word in found:
        if word == key:
            return True
        if len(key) >= _AFFIX_MIN_LENGTH and (word.startswith(key) or word.endswith(key)):
            return True
        if min(len(word), len(key)) >= _NEAR_MIN_LENGTH and fuzz.ratio(word, key) >= _NEAR_WORD:
            return True
    return False


def _contains(text: str, key: str) -> bool:
    return key in text.split(" ") if key.isascii() else key in text


def _replace(text: str, key: str, other: str) -> str:
    if key.isascii():
        return " ".join(other if word == key else word for word in text.split(" "))
    return text.replace(key, f" {other} " if other.isascii() else other).strip()
