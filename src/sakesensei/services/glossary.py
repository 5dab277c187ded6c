"""The sake glossary that ships with the package, looked up by any way a term is written.

精米歩合, せいまいぶあい, seimai buai and "polishing ratio" all find one entry; a question that
names several terms ("冷やと冷酒の違い") finds each of them, in the order they were named.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sakesensei.domain.errors import InvalidInput, NotFound
from sakesensei.domain.spelling import search_key

MAX_QUERY = 200
# Shorter keys would match inside unrelated words ("go" in "gohyakumangoku").
_MIN_CONTAINED_ASCII = 3
_MIN_CONTAINED_OTHER = 2
_TYPO_CUTOFF = 0.84
_SUGGEST_CUTOFF = 0.6


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    term: str
    reading: str
    romaji: str
    english: str
    aliases: tuple[str, ...]
    kind: str  # grade | style | process | temperature | rice | people | measure | serving | taste
    ja: str
    en: str
    related: tuple[str, ...]

    def spellings(self) -> tuple[str, ...]:
        return (self.term, self.reading, self.romaji, self.english, *self.aliases)


class Glossary:
    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        self.entries = list(entries)
        self._by_key: dict[str, list[GlossaryEntry]] = {}
        for entry in self.entries:
            for key in dict.fromkeys(search_key(s) for s in entry.spellings()):
                if key:
                    self._by_key.setdefault(key, []).append(entry)
        # Longest first, so 純米大吟醸 is found before the 純米 and 吟醸 inside it.
        self._contained = sorted(
            (k for k in self._by_key if len(k) >= _min_contained(k)), key=len, reverse=True
        )

    def lookup(self, query: str) -> list[GlossaryEntry]:
        """The entries the query names, best first; NotFound (with suggestions) for none."""
        text = query.strip()
        if not text:
            raise InvalidInput("name a sake term to explain, e.g. 精米歩合, 生酛 or hiyaoroshi")
        if len(text) > MAX_QUERY:
            raise InvalidInput(f"the term is {len(text)} characters; keep it under {MAX_QUERY}")
        key = search_key(text)
        if not key:
            raise InvalidInput(f"{text!r} has no letters to look up; try 精米歩合 or nihonshudo")
        found = self._by_key.get(key) or self._named_in(key) or self._typo(key)
        if found:
            return found
        raise NotFound(self._not_found_message(text, key))

    def _named_in(self, key: str) -> list[GlossaryEntry]:
        taken: list[tuple[int, int]] = []
        hits: list[tuple[int, GlossaryEntry]] = []
        for candidate in self._contained:
            start = key.find(candidate)
            while start != -1:
                end = start + len(candidate)
                if all(end <= s or start >= e for s, e in taken):
                    taken.append((start, end))
                    hits.extend((start, entry) for entry in self._by_key[candidate])
                    break
                start = key.find(candidate, start + 1)
        ordered = [entry for _, entry in sorted(hits, key=lambda h: h[0])]
        return list(dict.fromkeys(ordered))

    def _typo(self, key: str) -> list[GlossaryEntry]:
        close = difflib.get_close_matches(key, self._by_key, n=1, cutoff=_TYPO_CUTOFF)
        return list(self._by_key[close[0]]) if close else []

    def _not_found_message(self, text: str, key: str) -> str:
        close = difflib.get_close_matches(key, self._by_key, n=8, cutoff=_SUGGEST_CUTOFF)
        terms = list(dict.fromkeys(e.term for k in close for e in self._by_key[k]))[:3]
        if terms:
            return f"the glossary has no entry for {text!r}; did you mean {', '.join(terms)}?"
        examples = ", ".join(e.term for e in self.entries[:6])
        return (
            f"the glossary has no entry for {text!r}; it explains {len(self.entries)} terms "
            f"such as {examples}"
        )


def _min_contained(key: str) -> int:
    return _MIN_CONTAINED_ASCII if key.isascii() else _MIN_CONTAINED_OTHER


def _entry(raw: dict[str, object]) -> GlossaryEntry:
    def text(name: str) -> str:
        return str(raw[name])

    def texts(name: str) -> tuple[str, ...]:
        value = raw.get(name, [])
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    return GlossaryEntry(
        term=text("term"),
        reading=text("reading"),
        romaji=text("romaji"),
        english=text("english"),
        aliases=texts("aliases"),
        kind=text("kind"),
        ja=text("ja"),
        en=text("en"),
        related=texts("related"),
    )


@lru_cache(maxsize=1)
def shipped_glossary() -> Glossary:
    """The glossary in sakesensei/data/glossary.json, read once per process on first use."""
    source = resources.files("sakesensei") / "data" / "glossary.json"
    return Glossary(_entry(raw) for raw in json.loads(source.read_text(encoding="utf-8")))
