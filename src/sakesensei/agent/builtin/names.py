"""Finding the sake and breweries a message names, in kanji, kana or romaji.

A lexicon is built from the catalog (once per catalog version): each brand ("獺祭"), its
reading ("だっさい") and romaji ("dassai"), distinctive product words ("萬寿"), and brewery
names. A mention found this way is only a lead: the sommelier still asks the search tools,
and names only what they return.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from sakesensei.agent.builtin.language import COMMON_ENGLISH
from sakesensei.agent.builtin.places import place_word
from sakesensei.agent.builtin.romaji import to_romaji
from sakesensei.agent.builtin.text import Text, boundaries, is_han, word_list
from sakesensei.agent.builtin.vocabulary import GRADE_WORDS, STYLE_WORDS
from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.domain.catalog_queries import CatalogVersion
from sakesensei.domain.grades import OTHER, parse_category
from sakesensei.domain.prefectures import normalize_prefecture
from sakesensei.domain.regions import normalize_region
from sakesensei.domain.spelling import fold, new_kanji, search_key, to_hiragana
from sakesensei.services.catalog_cache import CatalogSnapshot

# A word in the names of this many breweries' sake is a kind of sake, not a name.
_GENERIC_BREWERIES = 3
_MIN_LATIN_KEY = 4
_MIN_KANA_KEY = 3
# A misspelt romaji name must be this long and this close to a known one.
_MIN_NEAR = 5
_NEAR_SCORE = 86.0
_BREWERY_SUFFIXES = re.compile(
    r"(酒造場|酒造店|酒造本店|酒造|醸造店|醸造|銘醸|本店|本家|商店|酒類製造|清酒|本舗|酒造研究所|"
    r"shuzojo|shuzoten|shuzo|jozoten|jozo|meijo|honten|honke|shoten|honpo)$"
)
_GENERIC_WORDS = frozenset(
    search_key(w)
    for w in (
        *(g for g, _ in GRADE_WORDS),
        *(s for spellings in STYLE_WORDS.values() for s in spellings),
        *word_list(
            "特撰 超特撰 上撰 佳撰 精撰 金撰 本醸造 純米酒 吟醸酒 限定 生 辛口 超辛口 大辛口 "
            "甘口 生原酒 "
            "無濾過生原酒 火入 火入れ 中取り 直汲み しぼりたて sake shu label raberu nama josen "
            "karakuchi chokarakuchi okarakuchi tokusen seishu junmaishu ginjoshu namagenshu "
            "shiboritate nakadori jikagumi muroka hiire kimoto yamahai jikomi tokubetsu special "
            "sparkling gold silver black white red blue cup one time machine wine organic nature "
            "premium vintage bottle kura yuki tsuki hana kaze yama"
        ),
    )
)
# Common English words that are also some sake's romaji; never read as a name.
_ENGLISH_CLASH = frozenset(
    word_list(
        "kid bon jun ken ku bi gen sai uroko taka kure zen en rin raku mori nara saga mie hime "
        "tomoe otori dodan iwai beshi yuyu"
    )
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A sake or brewery name in a message."""

    kind: str  # "sake" or "brewery"
    query: str  # what to hand to search_sake / get_brewery_info
    surface: str  # as the user wrote it
    start: int
    end: int
    sake_ids: frozenset[int] = frozenset()
    brewery_ids: frozenset[int] = frozenset()


@dataclass
class _Entry:
    kind: str
    canonical: str  # the brand or brewery name in the catalog's own script
    sake_ids: set[int] = field(default_factory=set)
    brewery_ids: set[int] = field(default_factory=set)


@dataclass
class Lexicon:
    japanese: dict[str, _Entry]  # kana-folded form -> entry
    latin: dict[str, _Entry]  # search_key of romaji -> entry
    # Words of each brand's sake names, for "獺祭 45" and "kubota manju" after a brand.
    brand_words: dict[str, set[str]]
    # Romaji names that are also English words ("Kid"): a name only before a word of it.
    clash: dict[str, _Entry] = field(default_factory=dict)

    def find(self, text: Text) -> list[Mention]:
        found = self._japanese_mentions(text) + self._latin_mentions(text)
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Mention] = []
        for mention in found:
            if any(mention.start < k.end and k.start < mention.end for k in kept):
                continue
            kept.append(mention)
        return kept

    def _japanese_mentions(self, text: Text) -> list[Mention]:
        if not any(ord(ch) > 0x2FFF for ch in text.kana):
            return []
        cuts = boundaries(text.norm)
        hits: list[Mention] = []
        for form, entry in self.japanese.items():
            start = text.kana.find(form)
            while start != -1:
                end = start + len(form)
                if _aligned(form, start, end, cuts, text.kana):
                    hits.append(self._mention(entry, text, start, end))
                start = text.kana.find(form, start + 1)
        return hits

    def _latin_mentions(self, text: Text) -> list[Mention]:
        words = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[a-z0-9]+", text.low)]
        hits: list[Mention] = []
        for i in range(len(words)):
            for n in (4, 3, 2, 1):
                if i + n > len(words):
                    continue
                key = search_key("".join(w for w, _, _ in words[i : i + n]))
                entry = self.latin.get(key)
                if entry is not None:
                    hits.append(self._mention(entry, text, words[i][1], words[i + n - 1][2]))
                    break
            else:
                clash = self._clash(words, i)
                if clash is not None:
                    hits.append(self._mention(clash, text, words[i][1], words[i][2]))
        if not hits:
            hits = self._near_latin(text, words)
        return hits

    def _clash(self, words: list[tuple[str, int, int]], i: int) -> _Entry | None:
        """A name that is also an English word ("Kid"), when a word of its sake follows:
        "Kid Junmai Ginjo"."""
        entry = self.clash.get(search_key(words[i][0]))
        if entry is None or i + 1 >= len(words) or words[i][2] + 1 != words[i + 1][1]:
            return None
        following = search_key(words[i + 1][0])
        return entry if following in self.brand_words.get(entry.canonical, set()) else None

    def _near_latin(self, text: Text, words: list[tuple[str, int, int]]) -> list[Mention]:
        """A misspelt romaji name ("dasai"), only for words that are no English word."""
        hits = []
        for word, start, end in words:
            if len(word) < _MIN_NEAR or word in COMMON_ENGLISH or not word.isalpha():
                continue
            if _is_place(word):  # "Tokyo" is no misspelt "Toyo"
                continue
            best = process.extractOne(
                search_key(word), list(self.latin), scorer=fuzz.ratio, score_cutoff=_NEAR_SCORE
            )
            if best is not None:
                hits.append(self._mention(self.latin[best[0]], text, start, end))
        return hits

    def _mention(self, entry: _Entry, text: Text, start: int, end: int) -> Mention:
        query, end = self._extend(entry, text, end)
        return Mention(
            kind=entry.kind,
            query=query,
            surface=text.norm[start:end],
            start=start,
            end=end,
            sake_ids=frozenset(entry.sake_ids),
            brewery_ids=frozenset(entry.brewery_ids),
        )

    def _extend(self, entry: _Entry, text: Text, end: int) -> tuple[str, int]:
        """The brand plus the words right after it that belong to its sake names."""
        words = self.brand_words.get(entry.canonical)
        if entry.kind != "sake" or not words:
            return entry.canonical, end
        parts = [entry.canonical]
        pattern = re.compile(r"\s*(?:の\s*)?([^\s、。,!?！？()（）「」]+)")
        while len(parts) < 4:
            m = pattern.match(text.norm, end)
            if m is None:
                break
            word = m.group(1)
            key = search_key(word)
            if key in words:
                parts.append(word)
                end = m.end()
                continue
            # "獺祭45を" reads as one chunk: take the longest known prefix of it.
            prefix = next(
                (word[:n] for n in range(len(word), 0, -1) if search_key(word[:n]) in words), None
            )
            if prefix is None or (len(search_key(prefix)) < 2 and not prefix.isdigit()):
                break
            parts.append(prefix)
            end = m.start(1) + len(prefix)
            break
        return " ".join(parts), end


_PARTICLE_BEFORE = frozenset("とやのはがをもにで、。,. 「『（(")
_PARTICLE_AFTER = frozenset("とやのはがをもにで、。,. 」』）)?？!！っ")


def _aligned(form: str, start: int, end: int, cuts: frozenset[int], text: str) -> bool:
    # Kana and short names must stand as whole words: くれ is no name inside くれる.
    if len(form) >= 3 and all(is_han(ch) or not ch.isalpha() for ch in form):
        return True
    if start in cuts and end in cuts:
        return True
    # Sudachi cuts an all-kana message oddly; a particle on each side marks a word too.
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return len(form) >= 3 and before in _PARTICLE_BEFORE and after in _PARTICLE_AFTER


def _ja_form(text: str) -> str:
    return to_hiragana(fold(new_kanji(text)))


def _brand_index(tokens: list[str]) -> int:
    for i, token in enumerate(tokens):
        if search_key(token) not in _GENERIC_WORDS:
            return i
    return 0


def _romaji_brand(romaji: str | None) -> str | None:
    if not romaji:
        return None
    first = romaji.split()[0]
    return first if search_key(first) not in _GENERIC_WORDS else None


def build_lexicon(snapshot: CatalogSnapshot) -> Lexicon:
    japanese: dict[str, _Entry] = {}
    latin: dict[str, _Entry] = {}
    clash: dict[str, _Entry] = {}
    brand_words: dict[str, set[str]] = defaultdict(set)
    word_breweries: dict[str, set[int]] = defaultdict(set)
    items = list(snapshot.sakes.values())

    for item in items:
        for word in _name_words(item):
            word_breweries[word].add(item.sake.brewery_id)
    generic = {w for w, b in word_breweries.items() if len(b) >= _GENERIC_BREWERIES}

    def entry(table: dict[str, _Entry], key: str, kind: str, canonical: str) -> _Entry | None:
        if not key or key in _GENERIC_WORDS or key in generic or key.isdigit():
            return None
        if place_word(key):  # 土佐 alone is the province, even though 土佐しらぎく is a brand
            return None
        found = table.get(key)
        if found is None:
            found = table[key] = _Entry(kind, canonical)
        elif found.kind != kind and kind == "sake":
            found.kind = "sake"  # a brand named after its brewery (新政) is asked about as sake
            found.canonical = canonical
        return found

    for item in items:
        sake_id = item.sake.id
        if sake_id is None:
            continue
        tokens = item.sake.name.split()
        at = _brand_index(tokens)
        brand = tokens[at]
        readings = (item.sake.reading or "").split()
        reading = readings[at] if len(readings) == len(tokens) else (readings[:1] or [""])[0]
        brand_words[brand].update(_name_words(item))
        keys_ja = [_ja_form(brand)]
        if len(reading) >= _MIN_KANA_KEY:
            keys_ja.append(_ja_form(reading))
        for key in keys_ja:
            if len(key) >= 2:
                e = entry(japanese, key, "sake", brand)
                if e is not None:
                    e.sake_ids.add(sake_id)
                    e.brewery_ids.add(item.sake.brewery_id)
        latin_keys = {search_key(to_romaji(reading))} if reading else set()
        romaji_brand = _romaji_brand(item.sake.romaji)
        if romaji_brand:
            latin_keys.add(search_key(romaji_brand))
        for key in latin_keys:
            if key in _ENGLISH_CLASH:
                e = entry(clash, key, "sake", brand)
                if e is not None:
                    e.sake_ids.add(sake_id)
                    e.brewery_ids.add(item.sake.brewery_id)
            elif len(key) >= _MIN_LATIN_KEY and key.isascii():
                e = entry(latin, key, "sake", brand)
                if e is not None:
                    e.sake_ids.add(sake_id)
                    e.brewery_ids.add(item.sake.brewery_id)
        _add_product_words(japanese, latin, item, tokens, at, generic)

    for brewery in snapshot.breweries.values():
        if brewery.id is None:
            continue
        for key, is_latin in _brewery_forms(brewery.name, brewery.romaji):
            e = entry(latin if is_latin else japanese, key, "brewery", brewery.name)
            if e is not None:
                e.brewery_ids.add(brewery.id)
    return Lexicon(japanese, latin, dict(brand_words), clash)


def _name_words(item: SakeWithBrewery) -> set[str]:
    sake = item.sake
    words = set()
    for text in (sake.name, sake.reading or "", sake.romaji or ""):
        for token in text.split():
            key = search_key(token)
            if key:
                words.add(key)
    return words


def _add_product_words(
    japanese: dict[str, _Entry],
    latin: dict[str, _Entry],
    item: SakeWithBrewery,
    tokens: list[str],
    at: int,
    generic: set[str],
) -> None:
    """Distinctive words after the brand (萬寿, 磨き二割三分) name a sake on their own."""
    sake_id = item.sake.id
    if sake_id is None:
        return
    brand = tokens[at]
    for token in tokens[at + 1 :]:
        key = _ja_form(token)
        skey = search_key(token)
        if _kind_word(token):
            continue
        if skey in _GENERIC_WORDS or skey in generic or skey.isdigit() or len(key) < 2:
            continue
        if not any(is_han(ch) for ch in token) and len(key) < _MIN_KANA_KEY:
            continue
        table = latin if token.isascii() else japanese
        form = skey if token.isascii() else key
        if token.isascii() and (len(form) < 5 or form in _ENGLISH_CLASH):
            continue
        found = table.get(form)
        if found is None:
            found = table[form] = _Entry("sake", f"{brand} {token}")
        found.sake_ids.add(sake_id)
        found.brewery_ids.add(item.sake.brewery_id)


def _kind_word(token: str) -> bool:
    """A word that names a kind of sake (にごり酒, 純米酒, 生原酒) rather than one sake."""
    parsed = parse_category(token)
    return bool(parsed.tags) or parsed.category != OTHER


def _brewery_forms(name: str, romaji: str | None) -> list[tuple[str, bool]]:
    """(key, is_latin) pairs for a brewery: its name, and its name without 酒造 and the like."""
    forms = [(_ja_form(name), False)]
    short = _BREWERY_SUFFIXES.sub("", name)
    if short != name and len(short) >= 2 and not _is_place(short):
        forms.append((_ja_form(short), False))
    if romaji:
        forms.append((search_key(romaji), True))
        short_latin = _BREWERY_SUFFIXES.sub("", search_key(romaji))
        if (
            short_latin != search_key(romaji)
            and len(short_latin) >= 6
            and not _is_place(short_latin)
            and short_latin not in _ENGLISH_CLASH
        ):
            forms.append((short_latin, True))
    return forms


def _is_place(word: str) -> bool:
    return bool(normalize_prefecture(word) or normalize_region(word) or place_word(word))


class LexiconCache:
    """One lexicon per catalog version, shared by every turn of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: CatalogVersion | None = None
        self._lexicon: Lexicon | None = None

    def get(self, snapshot: CatalogSnapshot) -> Lexicon:
        with self._lock:
            if self._lexicon is None or self._version != snapshot.version:
                self._lexicon = build_lexicon(snapshot)
                self._version = snapshot.version
            return self._lexicon
