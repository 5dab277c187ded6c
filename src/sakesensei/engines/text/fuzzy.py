"""A typo-tolerant text index: built once from records, queried many times.

Every text is reduced with domain.spelling.search_key, so kanji variants, kana and romaji
meet on one form. A query term matches a record exactly (a substring of a name, or a word
of its prose) or, failing that, by a near spelling of one of its name words ("dasai" for
"dassai"). Records must match every term; exact matches rank before near ones.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from sakesensei.domain.spelling import search_key

K = TypeVar("K")

_SPLIT = re.compile(r"[\s()（）・/,、。.!?:;\"'「」『』\[\]【】<>&+~〜—–-]+")

# Below these lengths a near spelling is more often another word than a typo.
_MIN_FUZZY_LATIN = 4
_MIN_FUZZY_OTHER = 3
_MIN_INFIX_LATIN = 3
FUZZY_CUTOFF = 80.0
# A near match never outranks the same field matched exactly.
_FUZZY_DISCOUNT = 0.9


def words(text: str) -> list[str]:
    """The searchable words of a text, each reduced to its search key."""
    return [key for key in (search_key(part) for part in _SPLIT.split(text)) if key]


@dataclass(frozen=True, slots=True)
class TextField:
    """One text of a record: names get substring and typo matching, prose whole words only."""

    text: str
    weight: float = 1.0
    fuzzy: bool = True


@dataclass(frozen=True, slots=True)
class Hit(Generic[K]):
    key: K
    score: float  # 0-100, after field weights
    exact: bool


class FuzzyIndex(Generic[K]):
    """Records in the order given; that order breaks ties between equal scores."""

    def __init__(
        self, records: Iterable[tuple[K, Sequence[TextField]]], near_cutoff: float = FUZZY_CUTOFF
    ) -> None:
        self._near_cutoff = near_cutoff
        self._keys: list[K] = []
        self._names: list[tuple[tuple[str, float], ...]] = []
        word_weights: dict[str, dict[int, float]] = {}
        near_weights: dict[str, dict[int, float]] = {}
        for index, (key, fields) in enumerate(records):
            self._keys.append(key)
            names: list[tuple[str, float]] = []
            for f in fields:
                found = words(f.text)
                if f.fuzzy:
                    compact = "".join(found)
                    if compact:
                        names.append((compact, f.weight))
                        found = [*found, compact]
                for word in found:
                    _keep_max(word_weights, word, index, f.weight)
                    if f.fuzzy:
                        _keep_max(near_weights, word, index, f.weight)
            self._names.append(tuple(names))
        self._vocab = sorted(word_weights)
        self._word_weights = word_weights
        self._near_vocab = list(near_weights)
        self._near_weights = near_weights

    def __len__(self) -> int:
        return len(self._keys)

    def search(self, query: str) -> list[Hit[K]]:
        """Records matching every word of the query, best first."""
        terms = list(dict.fromkeys(words(query)))
        if not terms:
            return []
        combined: dict[int, list[tuple[float, bool]]] | None = None
        for term in terms:
            matches = self._match(term)
            if combined is None:
                combined = {i: [m] for i, m in matches.items()}
            else:
                combined = {i: [*ms, matches[i]] for i, ms in combined.items() if i in matches}
            if not combined:
                return []
        assert combined is not None
        ranked = sorted(
            (
                (not all(e for _, e in ms), -sum(s for s, _ in ms) / len(ms), i)
                for i, ms in combined.items()
            )
        )
        return [Hit(self._keys[i], -neg, not near) for near, neg, i in ranked]

    def _match(self, term: str) -> dict[int, tuple[float, bool]]:
        """Record index -> (score, exact) for one term."""
        best: dict[int, tuple[float, bool]] = {}

        def offer(index: int, score: float, exact: bool) -> None:
            old = best.get(index)
            if old is None or (exact, score) > (old[1], old[0]):
                best[index] = (score, exact)

        # One or two Latin letters inside a word are noise ("a" is in nearly every romaji
        # name); they still match as the start of a word below. A lone kanji is meaningful.
        if not (term.isascii() and len(term) < _MIN_INFIX_LATIN):
            for index, names in enumerate(self._names):
                for compact, weight in names:
                    if term in compact:
                        place = (
                            100.0 if compact == term else 97.0 if compact.startswith(term) else 93.0
                        )
                        offer(index, place * weight, True)
        start = bisect_left(self._vocab, term)
        for word in self._vocab[start:]:
            if not word.startswith(term):
                break
            place = 100.0 if word == term else 95.0
            for index, weight in self._word_weights[word].items():
                offer(index, place * weight, True)
        if _fuzzy_allowed(term):
            near = process.extract(
                term,
                self._near_vocab,
                scorer=fuzz.ratio,
                score_cutoff=self._near_cutoff,
                limit=None,
            )
            for word, score, _ in near:
                for index, weight in self._near_weights[word].items():
                    offer(index, score * weight * _FUZZY_DISCOUNT, False)
        return best


def _fuzzy_allowed(term: str) -> bool:
    return len(term) >= (_MIN_FUZZY_LATIN if term.isascii() else _MIN_FUZZY_OTHER)


def _keep_max(table: dict[str, dict[int, float]], word: str, index: int, weight: float) -> None:
    row = table.setdefault(word, {})
    if weight > row.get(index, 0.0):
        row[index] = weight
