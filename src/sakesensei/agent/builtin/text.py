"""Normalising a message and cutting it into words: NFKC, everyday kanji, Sudachi tokens.

The Sudachi dictionary loads once per process, on first use; each thread gets its own
tokenizer over it, since a tokenizer keeps state between calls.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sakesensei.domain.spelling import fold, new_kanji, to_hiragana

_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACES = re.compile(r"[ \t\u3000]+")
_LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")


@dataclass(frozen=True, slots=True)
class Morpheme:
    surface: str
    lemma: str  # the dictionary form: 飲ん -> 飲む
    pos: str  # the first part-of-speech field: 名詞, 動詞, 助詞, ...
    begin: int
    end: int


@dataclass(frozen=True, slots=True)
class Text:
    """A message as the sommelier reads it."""

    raw: str
    norm: str  # NFKC, everyday kanji, no control characters, single spaces
    low: str  # norm folded: lower case, accents dropped
    kana: str  # low with katakana as hiragana (same length as low)

    def latin_words(self) -> list[str]:
        return _LATIN_WORD.findall(self.low)


def word_list(text: str) -> list[str]:
    """The words of a space-separated list written as one string, for long vocabularies."""
    return text.split()


def normalise(message: str) -> Text:
    cleaned = _CONTROL.sub(" ", message)
    norm = _SPACES.sub(" ", new_kanji(unicodedata.normalize("NFKC", cleaned))).strip()
    low = _fold_keep_length(norm)
    return Text(raw=message, norm=norm, low=low, kana=to_hiragana(low))


def _fold_keep_length(text: str) -> str:
    """fold() character by character, so offsets in the folded text match the original."""
    out = []
    for ch in text:
        folded = fold(ch)
        out.append(folded if len(folded) == 1 else ch.lower() if len(ch.lower()) == 1 else ch)
    return "".join(out)


class _Tokenizers:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dictionary: Any = None
        self._local = threading.local()

    def get(self) -> Any:
        tokenizer = getattr(self._local, "tokenizer", None)
        if tokenizer is None:
            from sudachipy import (  # type: ignore[import-untyped]
                Dictionary,
                SplitMode,
            )

            with self._lock:
                if self._dictionary is None:
                    self._dictionary = Dictionary()
                tokenizer = self._dictionary.tokenizer(mode=SplitMode.C)
            self._local.tokenizer = tokenizer
        return tokenizer


_TOKENIZERS = _Tokenizers()
# Sudachi refuses very long inputs; messages are capped well below this before parsing.
_MAX_TOKENIZE = 8000


def tokenize(text: str) -> list[Morpheme]:
    if not text.strip():
        return []
    return list(_tokenize(text[:_MAX_TOKENIZE]))


@lru_cache(maxsize=512)
def _tokenize(text: str) -> tuple[Morpheme, ...]:
    morphemes = _TOKENIZERS.get().tokenize(text)
    return tuple(
        Morpheme(
            surface=m.surface(),
            lemma=m.dictionary_form(),
            pos=m.part_of_speech()[0],
            begin=m.begin(),
            end=m.end(),
        )
        for m in morphemes
    )


def boundaries(text: str) -> frozenset[int]:
    """The offsets where a Sudachi token starts or ends (0 and len(text) included)."""
    cuts = {0, len(text)}
    for m in tokenize(text):
        cuts.add(m.begin)
        cuts.add(m.end)
    return frozenset(cuts)


def lemmas(text: str) -> set[str]:
    return {m.lemma for m in tokenize(text)}


def kana_pattern(pattern: str) -> re.Pattern[str]:
    """A pattern for Text.kana: its katakana folded to hiragana like the text's."""
    return re.compile(to_hiragana(pattern))


def is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or ch == "ー"


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆"


def has_japanese(text: str) -> bool:
    return any(is_kana(ch) or is_han(ch) for ch in text)


# Answers stream in pieces about a phrase long: Japanese is cut after particles and
# punctuation, other text after each word.
_JA_BREAK_POS = frozenset({"助詞", "補助記号", "助動詞"})
_MAX_JA_PIECE = 12


def pieces(answer: str) -> list[str]:
    """The answer cut into word- or phrase-sized pieces that join back to it exactly."""
    out: list[str] = []
    for chunk in re.findall(r"\S+\s*|\s+", answer):
        if len(chunk) > _MAX_JA_PIECE and has_japanese(chunk):
            out.extend(_japanese_pieces(chunk))
        else:
            out.append(chunk)
    return [p for p in out if p]


def _japanese_pieces(line: str) -> list[str]:
    out: list[str] = []
    current = ""
    last = 0
    for m in tokenize(line):
        current += line[last : m.end]
        last = m.end
        if m.pos in _JA_BREAK_POS or len(current) >= _MAX_JA_PIECE or m.surface.endswith(" "):
            out.append(current)
            current = ""
    current += line[last:]
    if current:
        out.append(current)
    return out
