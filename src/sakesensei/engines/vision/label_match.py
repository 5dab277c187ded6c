"""Which catalog sake a label shows, from the lines OCR read off it.

Two stages. Candidates come from an inverted index of character n-grams (names and
breweries in Japanese) and of romaji words and trigrams, each weighted by how rare it is,
so 純米 or 吟醸 count for little and a brand's characters for much. The best of those are
re-ranked on how much of each name the text holds (brand first, lines in large type
counting more), how much of the text the candidate explains, its grade and its brewery.
A label read as romaji (an export label) is matched on the sake's and brewery's romaji.
The confidence comes from label_confidence; its features ride along on every LabelMatch.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from sakesensei.domain.grades import GRADE_ROMAJI
from sakesensei.engines.vision.label_confidence import (
    NO_FEATURES,
    ConfidenceFeatures,
    confidence,
    confidence_features,
)
from sakesensei.engines.vision.label_text import (
    GENERIC_ROMAJI,
    GENERIC_WORDS,
    LabelLine,
    brewery_core,
    brewery_core_romaji,
    grade_in,
    match_key,
    near_ratio,
    read_grade,
    read_lines,
    romaji_words,
)
from sakesensei.engines.vision.reading import ReadLine

# Stage one: how much each kind of key counts, and how many candidates go on to stage two.
# n: name n-grams, u: single name characters, b: brewery n-grams, w: romaji words,
# t: romaji trigrams, v: brewery romaji words.
_KIND_WEIGHT = {"n": 1.0, "u": 0.3, "b": 0.5, "w": 1.0, "t": 0.15, "v": 0.5}
_SHORTLIST = 150
# Keys in more entries than this say almost nothing and cost the most; they are skipped.
_MIN_POSTINGS_CAP = 2000
_POSTINGS_SHARE_CAP = 0.05
# Matched key weight is divided by the entry's total to this power: long names are not
# buried, nor do short ones win on a single shared word.
_NORM_POWER = 0.5
# Latin words OCR may have misspelt are looked up by near spelling, this many per label.
_NEAR_PROBES = 6
_NEAR_CUTOFF = 80.0

# Stage two: parts of the score (they sum to 1) and word weights.
W_NAME = 0.4
W_EXPLAINED = 0.35
W_GRADE = 0.1
W_BREWERY = 0.15
_BRAND_WEIGHT = 2.0
_BRAND_CANDIDATES = 2  # of a name's leading words that are not grade or class words
_GENERIC_WEIGHT = 0.3
# How much a word found only in small print counts against the same word in the largest type.
_SMALL_PRINT_BRAND = 0.5
_SMALL_PRINT_OTHER = 1.0
_PROFILE_CACHE = 10_000
# The similarity a short word reaches against unrelated text (one of two characters shared).
_CHANCE = 0.3
_CHANCE_LATIN = 0.5  # a few letters of a romaji word turn up in any line of romaji
_CHANCE_BREWERY = 0.5
# Romaji words shorter than this are not looked for inside longer words.
_MIN_INFIX_ROMAJI = 5


@dataclass(frozen=True, slots=True)
class LabelEntry:
    """The texts of one catalog sake that a label may show.

    reading is carried for callers but not matched on: labels seldom print it, and kana
    everywhere on a label (notices, slogans) would match readings by chance.
    """

    sake_id: int
    name: str
    reading: str | None = None
    romaji: str | None = None
    category: str | None = None
    brewery: str | None = None
    brewery_romaji: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    sake_id: int
    score: float  # 0-1


@dataclass(frozen=True, slots=True)
class LabelMatch:
    read_text: str  # the label text kept after boilerplate was dropped, in reading order
    candidates: list[Candidate]  # best first
    confidence: float  # 0-1, calibrated: see label_confidence
    features: ConfidenceFeatures = NO_FEATURES


@dataclass(frozen=True, slots=True)
class _Profile:
    """An entry's texts in the forms stage two compares."""

    words: tuple[tuple[str, float, bool], ...]  # (match key, weight, may be the brand)
    romaji: tuple[tuple[str, float, bool], ...]
    brewery: str  # match key of the brewery's core name
    brewery_romaji: tuple[str, ...]
    grade: str | None
    grams: frozenset[str]  # bigrams and romaji trigrams, for how much text it explains
    singles: frozenset[str]  # its one-character name words
    chars: frozenset[str]  # every character of its Japanese texts


def _grams(key: str, sizes: Iterable[int]) -> list[str]:
    return [key[i : i + n] for n in sizes for i in range(len(key) - n + 1)]


def _romaji_trigrams(word: str) -> list[str]:
    return _grams(f"^{word}$", (3,))


class LabelIndex:
    """Catalog sake searchable by label text; build once per catalog version, query often.

    Safe to share between threads: matching only reads the index, apart from a cache of
    the candidates' compared forms that it replaces whole.
    """

    def __init__(self, entries: Iterable[LabelEntry]) -> None:
        self._entries = list(entries)
        self._row_of = {e.sake_id: i for i, e in enumerate(self._entries)}
        self._profiles: dict[int, _Profile] = {}
        key_ids: dict[str, int] = {}
        memo: dict[tuple[str, str], tuple[int, ...]] = {}

        def ids(kind: str, text: str) -> tuple[int, ...]:
            found = memo.get((kind, text))
            if found is None:
                keys = _entry_keys(kind, text)
                found = tuple(key_ids.setdefault(k, len(key_ids)) for k in keys)
                memo[(kind, text)] = found
            return found

        # Machine ints, not a list of Python ints: 100k names hold millions of keys.
        flat = array("i")
        counts = array("i")
        for entry in self._entries:
            keys: set[int] = set()
            for word in entry.name.split():
                keys.update(ids("n", word))
            if entry.brewery:
                keys.update(ids("b", entry.brewery))
            for word in romaji_words(entry.romaji or ""):
                keys.update(ids("w", word))
            if entry.brewery_romaji:
                keys.update(ids("v", entry.brewery_romaji))
            flat.extend(keys)
            counts.append(len(keys))
        self._key_ids = key_ids
        self._romaji_vocab = [k[2:] for k in key_ids if k.startswith("w:")]
        n = len(self._entries)
        key_of = np.asarray(flat, dtype=np.int32)
        row_of = np.repeat(np.arange(n, dtype=np.int32), np.asarray(counts, dtype=np.int32))
        self._postings: NDArray[np.int32] = row_of[np.argsort(key_of, kind="stable")]
        df = np.bincount(key_of, minlength=len(key_ids))
        self._offsets: NDArray[np.int64] = np.concatenate(([0], np.cumsum(df)))
        kind_weight = np.array([_KIND_WEIGHT[k[0]] for k in key_ids])
        self._cap = max(_MIN_POSTINGS_CAP, int(n * _POSTINGS_SHARE_CAP))
        weight = np.log1p(n / np.maximum(df, 1)) * kind_weight
        self._weight: NDArray[np.float64] = np.where(df <= self._cap, weight, 0.0)
        # Japanese and romaji keys are normalised apart: a label is mostly in one script, and
        # a name's other script should not count against it.
        self._latin: NDArray[np.bool_] = np.array([k[0] in "wtv" for k in key_ids], dtype=bool)
        self._inv_norm: dict[bool, NDArray[np.float64]] = {}
        for latin in (False, True):
            weights = np.where(self._latin[key_of] == latin, self._weight[key_of], 0.0)
            norm = np.bincount(row_of, weights=weights, minlength=n)
            self._inv_norm[latin] = np.maximum(norm, 1.0) ** -_NORM_POWER

    def __len__(self) -> int:
        return len(self._entries)

    def match(
        self,
        lines: Sequence[ReadLine],
        limit: int = 5,
        boosts: Mapping[int, float] | None = None,
    ) -> LabelMatch:
        """The catalog sake the label lines most likely show, best first.

        `boosts` maps sake ids to an amount added to their score (0.1 lifts a sake by a tenth
        of the scale), for sake users chose before for the same label text.
        """
        read = read_lines(lines)
        read_text = " ".join(line.text for line in read)
        boosts = boosts or {}
        rows = self._shortlist(read, boosts)
        if not rows:
            return LabelMatch(read_text, [], 0.0)
        scorer = _Scorer(read)
        # Everything but the explained share first; that share (the costly part) is then
        # added best first, until no candidate left could reach the places that matter.
        partial = []
        for row in rows:
            profile = self._profile(row)
            evidence, score = scorer.partial(profile)
            score += boosts.get(self._entries[row].sake_id, 0.0)
            partial.append((score, row, evidence, profile))
        partial.sort(key=lambda r: (-r[0], r[1]))
        places = max(limit, 2)
        ranked: list[tuple[float, int, _Evidence]] = []
        for score, row, evidence, profile in partial:
            if len(ranked) >= places and score + W_EXPLAINED < ranked[places - 1][0]:
                break
            total = score + W_EXPLAINED * scorer.explained(profile)
            ranked.append((min(1.0, max(0.0, total)), row, evidence))
            ranked.sort(key=lambda r: (-r[0], r[1]))
        size = sum(x.prominence * len(x.key) for x in read)
        ocr = sum(x.score * x.prominence * len(x.key) for x in read) / size if size else 0.0
        best = ranked[0][2]
        features = confidence_features([r[0] for r in ranked], best.name, best.product, ocr)
        candidates = [Candidate(self._entries[r].sake_id, round(s, 4)) for s, r, _ in ranked]
        return LabelMatch(read_text, candidates[:limit], confidence(features), features)

    def _shortlist(self, read: Sequence[LabelLine], boosts: Mapping[int, float]) -> list[int]:
        wanted: dict[int, float] = {}
        for key, weight in self._query_keys(read):
            i = self._key_ids.get(key)
            if i is not None and wanted.get(i, 0.0) < weight:
                wanted[i] = weight
        parts = {False: np.zeros(len(self._entries)), True: np.zeros(len(self._entries))}
        for i, weight in wanted.items():
            if self._weight[i] > 0.0:
                postings = self._postings[self._offsets[i] : self._offsets[i + 1]]
                parts[bool(self._latin[i])][postings] += self._weight[i] * weight
        scores = parts[False] * self._inv_norm[False] + parts[True] * self._inv_norm[True]
        hits = np.flatnonzero(scores)
        if len(hits) > _SHORTLIST:
            hits = hits[np.argpartition(-scores[hits], _SHORTLIST)[:_SHORTLIST]]
        rows = set(hits.tolist())
        rows.update(self._row_of[s] for s in boosts if s in self._row_of)
        return sorted(rows)

    def _query_keys(self, read: Sequence[LabelLine]) -> list[tuple[str, float]]:
        """Index keys of the label text, each with the prominence of its line."""
        keys: list[tuple[str, float]] = []
        probes: list[tuple[float, str]] = []
        for line in read:
            p = line.prominence
            # Romaji is matched by words and trigrams below, not as characters of a name.
            grams = [g for g in _grams(line.key, (1, 2, 3)) if not g.isascii()]
            keys += [(f"n:{g}", p) for g in grams]
            keys += [(f"u:{g}", p) for g in grams if len(g) == 1]
            keys += [(f"b:{g}", p) for g in grams if len(g) > 1]
            words = line.words
            # OCR splits romaji words ("HI OKI") as often as it misreads them.
            joined = [a + b for a, b in pairwise(words)]
            for word in [*words, *joined]:
                keys += [(f"w:{word}", p), (f"v:{word}", p)]
                keys += [(f"t:{g}", p) for g in _romaji_trigrams(word)]
                if len(word) >= 4 and f"w:{word}" not in self._key_ids:
                    probes.append((p * len(word), word))
        for _, word in sorted(probes, reverse=True)[:_NEAR_PROBES]:
            near = process.extract(
                word, self._romaji_vocab, scorer=fuzz.ratio, score_cutoff=_NEAR_CUTOFF, limit=3
            )
            keys += [(f"w:{found}", score / 100.0) for found, score, _ in near]
        return keys

    def _profile(self, row: int) -> _Profile:
        profiles = self._profiles
        profile = profiles.get(row)
        if profile is None:
            if len(profiles) >= _PROFILE_CACHE:
                # Start afresh rather than evict one by one: a new dict is swapped in whole,
                # so threads matching at the same time never see one half-changed.
                profiles = self._profiles = {}
            profile = profiles[row] = _build_profile(self._entries[row])
        return profile


def _entry_keys(kind: str, text: str) -> list[str]:
    """Index keys of one name word ("n"), a brewery ("b", "v") or a romaji word ("w")."""
    if kind == "n":
        key = match_key(text)
        if key.isascii():
            # Latin words of a Japanese name (Sparkling, No.6) are indexed as romaji.
            return [k for word in romaji_words(text) for k in _entry_keys("w", word)]
        grams = [key] if len(key) == 1 else _grams(key, (2, 3))
        return [*(f"n:{g}" for g in grams), *(f"u:{ch}" for ch in key if not ch.isascii())]
    if kind == "b":
        key = match_key(brewery_core(text))
        return [f"b:{g}" for g in _grams(key, (2, 3))]
    if kind == "v":
        return [f"v:{w}" for w in brewery_core_romaji(text)]
    return [f"w:{text}", *(f"t:{g}" for g in _romaji_trigrams(text))]


def _build_profile(entry: LabelEntry) -> _Profile:
    words = [k for k in (match_key(w) for w in entry.name.split()) if k]
    romaji = romaji_words(entry.romaji or "")
    core = match_key(brewery_core(entry.brewery or ""))
    grade = grade_in(match_key(entry.category or "")) or grade_in(match_key(entry.name))
    ja_texts = [*words, match_key(entry.brewery or ""), core, match_key(grade or "")]
    grams = {g for key in ja_texts for g in _grams(key, (2,))}
    grade_romaji = GRADE_ROMAJI.get(grade or "", "")
    for text in (entry.romaji, entry.brewery_romaji, grade_romaji):
        grams.update(_grams("".join(romaji_words(text or "")), (3,)))
    return _Profile(
        words=_weigh(words, GENERIC_WORDS),
        romaji=_weigh(romaji, GENERIC_ROMAJI),
        brewery=core,
        brewery_romaji=tuple(brewery_core_romaji(entry.brewery_romaji or "")),
        grade=grade,
        grams=frozenset(grams),
        singles=frozenset(w for w in words if len(w) == 1),
        chars=frozenset("".join(ja_texts)),
    )


def _weigh(words: Sequence[str], generic: frozenset[str]) -> tuple[tuple[str, float, bool], ...]:
    """Each word with its weight, and whether it may be the brand: one of the first two
    words that are not grade or class words (特撰 白鶴, but also 大吟醸 極醸 喜多屋)."""
    eligible = [w for w in words if w not in generic][:_BRAND_CANDIDATES]
    out = []
    for word in words:
        weight = min(len(word), 6) ** 0.5
        if word in generic:
            weight *= _GENERIC_WEIGHT
        out.append((word, weight, word in eligible))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _NameFound:
    share: float  # weighted share of the name's words found
    rest: float | None  # the same for the words besides the brand; None if there are none
    brand_line: int  # the line the brand was found in, -1 if none


_NOT_FOUND = _NameFound(0.0, None, -1)


@dataclass(frozen=True, slots=True)
class _Evidence:
    name: float  # share of the name found
    product: float  # share of the words that tell it from its brand's other sake


class _Scorer:
    """Stage two for one label: scores candidates, sharing work between siblings."""

    def __init__(self, read: Sequence[LabelLine]) -> None:
        self._read = read
        words = [w for x in read for w in x.words]
        self._grade = read_grade("".join(x.key for x in read if not x.key.isascii()), words)
        self._japanese = any(not x.key.isascii() for x in read)
        self._latin = any(x.words for x in read)
        self._sims: dict[tuple[str, bool], list[float]] = {}
        self._found_cache: dict[tuple[str, bool, bool], tuple[float, int]] = {}
        # The label text as units a candidate may explain: bigrams of Japanese lines and
        # trigrams of romaji ones, each line with its type size.
        self._layout: list[tuple[str, float, int, list[tuple[int, str]]]] = []
        self._text_total = 0.0
        for line in read:
            n = 3 if line.latin and len(line.latin) * 2 > len(line.key) else 2
            grams = [(i, line.key[i : i + n]) for i in range(len(line.key) - n + 1)]
            self._layout.append((line.key, line.prominence, n, grams))
            self._text_total += line.prominence * len(line.key)

    def partial(self, profile: _Profile) -> tuple[_Evidence, float]:
        """What of the candidate the label shows, and its score without the explained share."""
        name = self._name(profile.words, latin=False) if self._japanese else _NOT_FOUND
        if self._latin:
            romaji = self._name(profile.romaji, latin=True)
            if romaji.share > name.share:
                name = romaji
        # Brewery evidence from the line the brand was read in would count the brand twice
        # when the brewery carries the brand's name.
        brewery = self._brewery(profile, name.brand_line)
        grade = _grade_agreement(profile.grade, self._grade)
        # A name that is all brand has nothing else to find: its grade stands in.
        product = grade if name.rest is None else name.rest
        score = W_NAME * name.share + W_GRADE * grade + W_BREWERY * brewery
        return _Evidence(name.share, product), score

    def _similarities(self, word: str, latin: bool) -> list[float]:
        """How well the word appears in each line, then in all lines run together."""
        found = self._sims.get((word, latin))
        if found is None:
            if latin:
                found = [_romaji_similarity(word, x.words) for x in self._read]
                found.append(_romaji_similarity(word, [w for x in self._read for w in x.words]))
            else:
                texts = [x.key for x in self._read]
                found = [near_ratio(word, t) for t in [*texts, "".join(texts)]]
            self._sims[(word, latin)] = found
        return found

    def _found(self, word: str, latin: bool, brand: bool) -> tuple[float, int]:
        """How clearly the word is on the label, weighing type size, and in which line."""
        key = (word, latin, brand)
        found = self._found_cache.get(key)
        if found is None:
            small = _SMALL_PRINT_BRAND if brand else _SMALL_PRINT_OTHER
            chance = _CHANCE_LATIN if latin else _CHANCE
            sims = self._similarities(word, latin)
            *per_line, joined = (_beyond_chance(s, chance) for s in sims)
            # A word wrapped over two lines (or columns) is found in the lines run together.
            found = (joined * small, -1)
            for i, (sim, line) in enumerate(zip(per_line, self._read, strict=True)):
                value = sim * (small + (1.0 - small) * line.prominence)
                if value > found[0]:
                    found = (value, i)
            self._found_cache[key] = found
        return found

    def _name(self, words: Sequence[tuple[str, float, bool]], latin: bool) -> _NameFound:
        """How much of a name the label holds: all of it, and all but the brand.

        The brand is whichever of the words that may be one the label shows best (the one
        set large, as a rule), and counts most.
        """
        brand, (brand_value, brand_line) = max(
            ((i, self._found(w, latin, True)) for i, (w, _, may) in enumerate(words) if may),
            key=lambda found: found[1][0],
            default=(-1, (0.0, -1)),
        )
        total = found = rest_total = rest_found = 0.0
        for i, (word, weight, _) in enumerate(words):
            if i == brand:
                weight *= _BRAND_WEIGHT
                value = brand_value
            else:
                value = self._found(word, latin, False)[0]
                rest_total += weight
                rest_found += weight * value
            total += weight
            found += weight * value
        share = found / total if total else 0.0
        return _NameFound(share, rest_found / rest_total if rest_total else None, brand_line)

    def _brewery(self, profile: _Profile, brand_line: int) -> float:
        lines = [i for i in range(len(self._read)) if i != brand_line]
        best = 0.0
        if profile.brewery:
            sims = self._similarities(profile.brewery, False)
            best = max((sims[i] for i in lines), default=0.0)
        if profile.brewery_romaji and self._latin:
            each = [self._similarities(w, True) for w in profile.brewery_romaji]
            romaji = max((sum(s[i] for s in each) / len(each) for i in lines), default=0.0)
            best = max(best, romaji)
        return _beyond_chance(best, _CHANCE_BREWERY)

    def explained(self, profile: _Profile) -> float:
        """Share of the label text (weighted by type size) made of the candidate's own words.

        Characters inside a bigram of its texts count whole, as do its one-character words;
        other characters it has count half (OCR garbled their neighbours).
        """
        covered = 0.0
        for key, prominence, n, grams in self._layout:
            hit = bytearray(len(key))
            for i, gram in grams:
                if gram in profile.grams:
                    hit[i : i + n] = b"\x02" * n
            for i, ch in enumerate(key):
                if not hit[i]:
                    hit[i] = 2 if ch in profile.singles else 1 if ch in profile.chars else 0
            covered += prominence * sum(hit) / 2
        return covered / self._text_total if self._text_total else 0.0


def _romaji_similarity(word: str, words: Sequence[str]) -> float:
    """How well a romaji word appears among the words of a line, 0-1.

    Compared word by word (and with each pair run together, as OCR splits words), since a
    short word ("jun") sits inside many longer ones; only a long word is also looked for
    inside the line run together, as OCR merges words too (TOKUBETSUJUNMAI).
    """
    if not words:
        return 0.0
    tokens = [*words, *(a + b for a, b in pairwise(words))]
    best = max(fuzz.ratio(word, token) for token in tokens) / 100.0
    if len(word) >= _MIN_INFIX_ROMAJI:
        best = max(best, near_ratio(word, "".join(words)))
    return best


def _beyond_chance(similarity: float, chance: float) -> float:
    """A similarity rescaled so that what a short word scores against stray text is 0."""
    return max(0.0, (similarity - chance) / (1.0 - chance))


def _grade_agreement(grade: str | None, text_grade: str | None) -> float:
    """1 when the label states the candidate's grade, 0 when it states another, 0.5 unknown."""
    if grade is None or text_grade is None:
        return 0.5
    if grade == text_grade:
        return 1.0
    if text_grade in grade:
        return 0.6  # read in part: 大吟醸 of 純米大吟醸
    if any(grade[:i] + grade[i + 1 :] == text_grade for i in range(len(grade))):
        return 0.5  # 純米吟醸 may be 純米大吟醸 with a character lost: it says nothing
    return 0.0
