"""Regions of Japan as people name them (東北, Tohoku, 関西, Hokuriku) and their prefectures."""

from __future__ import annotations

import re
from functools import lru_cache

from sakesensei.domain.prefectures import PREFECTURES, REGION_BY_PREFECTURE
from sakesensei.domain.spelling import search_key

# The region keys of domain.prefectures, with their Japanese names.
REGION_NAMES_JA: dict[str, str] = {
    "Hokkaido": "北海道",
    "Tohoku": "東北",
    "Kanto": "関東",
    "Chubu": "中部",
    "Kinki": "近畿",
    "Chugoku": "中国",
    "Shikoku": "四国",
    "Kyushu": "九州",
    "Okinawa": "沖縄",
}

# Names sake shops and guide books use for parts of Chubu and Kinki; a filter by one of
# these should find what a reader expects, not the whole administrative region.
_SUBREGIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Hokuriku": ("北陸", ("新潟県", "富山県", "石川県", "福井県")),
    "Koshinetsu": ("甲信越", ("山梨県", "長野県", "新潟県")),
    "Tokai": ("東海", ("静岡県", "愛知県", "岐阜県", "三重県")),
}

REGION_PREFECTURES: dict[str, frozenset[str]] = {
    **{
        region: frozenset(name for name, _, r in PREFECTURES if r == region)
        for region in REGION_NAMES_JA
    },
    **{key: frozenset(prefs) for key, (_, prefs) in _SUBREGIONS.items()},
}

# Readings in kana, so that a query typed phonetically still finds its region.
_KANA = {
    "Hokkaido": "ほっかいどう",
    "Tohoku": "とうほく",
    "Kanto": "かんとう",
    "Chubu": "ちゅうぶ",
    "Kinki": "きんき",
    "Chugoku": "ちゅうごく",
    "Shikoku": "しこく",
    "Kyushu": "きゅうしゅう",
    "Okinawa": "おきなわ",
    "Hokuriku": "ほくりく",
    "Koshinetsu": "こうしんえつ",
    "Tokai": "とうかい",
}
_ALIASES = {"kansai": "Kinki", "関西": "Kinki", "かんさい": "Kinki", "上方": "Kinki"}
_SUFFIX = re.compile(r"(region|area|chiho|地方|地域)$")


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    names = {**REGION_NAMES_JA, **{key: ja for key, (ja, _) in _SUBREGIONS.items()}}
    for key, ja in names.items():
        lookup[search_key(key)] = key
        lookup[search_key(ja)] = key
    for key, kana in _KANA.items():
        lookup[search_key(kana)] = key
    for alias, key in _ALIASES.items():
        lookup[search_key(alias)] = key
    return lookup


_LOOKUP = _build_lookup()


@lru_cache(maxsize=256)
def normalize_region(raw: str) -> str | None:
    """The region key (Tohoku, Kinki, Hokuriku, ...) for any common spelling, or None.

    Accepts 東北, 東北地方, とうほく, Tohoku, Tōhoku, touhoku, Tohoku region, 関西, Kansai.
    """
    key = search_key(raw)
    if key in _LOOKUP:
        return _LOOKUP[key]
    stripped = _SUFFIX.sub("", key)
    return _LOOKUP.get(stripped) if stripped else None


def region_of(prefecture: str) -> str | None:
    """The region key of an official prefecture name."""
    return REGION_BY_PREFECTURE.get(prefecture)


def known_regions() -> str:
    """The regions as a person would list them in a message: 東北 (Tohoku), ..."""
    names = {**REGION_NAMES_JA, **{key: ja for key, (ja, _) in _SUBREGIONS.items()}}
    return ", ".join(f"{ja} ({key})" for key, ja in names.items())
