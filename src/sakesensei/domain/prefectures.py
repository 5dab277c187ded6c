"""The 47 prefectures of Japan and the ways real files spell them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sakesensei.domain.spelling import fold

# (official name, romaji, region) in the order of the national JIS code.
PREFECTURES: tuple[tuple[str, str, str], ...] = (
    ("北海道", "Hokkaido", "Hokkaido"),
    ("青森県", "Aomori", "Tohoku"),
    ("岩手県", "Iwate", "Tohoku"),
    ("宮城県", "Miyagi", "Tohoku"),
    ("秋田県", "Akita", "Tohoku"),
    ("山形県", "Yamagata", "Tohoku"),
    ("福島県", "Fukushima", "Tohoku"),
    ("茨城県", "Ibaraki", "Kanto"),
    ("栃木県", "Tochigi", "Kanto"),
    ("群馬県", "Gunma", "Kanto"),
    ("埼玉県", "Saitama", "Kanto"),
    ("千葉県", "Chiba", "Kanto"),
    ("東京都", "Tokyo", "Kanto"),
    ("神奈川県", "Kanagawa", "Kanto"),
    ("新潟県", "Niigata", "Chubu"),
    ("富山県", "Toyama", "Chubu"),
    ("石川県", "Ishikawa", "Chubu"),
    ("福井県", "Fukui", "Chubu"),
    ("山梨県", "Yamanashi", "Chubu"),
    ("長野県", "Nagano", "Chubu"),
    ("岐阜県", "Gifu", "Chubu"),
    ("静岡県", "Shizuoka", "Chubu"),
    ("愛知県", "Aichi", "Chubu"),
    ("三重県", "Mie", "Kinki"),
    ("滋賀県", "Shiga", "Kinki"),
    ("京都府", "Kyoto", "Kinki"),
    ("大阪府", "Osaka", "Kinki"),
    ("兵庫県", "Hyogo", "Kinki"),
    ("奈良県", "Nara", "Kinki"),
    ("和歌山県", "Wakayama", "Kinki"),
    ("鳥取県", "Tottori", "Chugoku"),
    ("島根県", "Shimane", "Chugoku"),
    ("岡山県", "Okayama", "Chugoku"),
    ("広島県", "Hiroshima", "Chugoku"),
    ("山口県", "Yamaguchi", "Chugoku"),
    ("徳島県", "Tokushima", "Shikoku"),
    ("香川県", "Kagawa", "Shikoku"),
    ("愛媛県", "Ehime", "Shikoku"),
    ("高知県", "Kochi", "Shikoku"),
    ("福岡県", "Fukuoka", "Kyushu"),
    ("佐賀県", "Saga", "Kyushu"),
    ("長崎県", "Nagasaki", "Kyushu"),
    ("熊本県", "Kumamoto", "Kyushu"),
    ("大分県", "Oita", "Kyushu"),
    ("宮崎県", "Miyazaki", "Kyushu"),
    ("鹿児島県", "Kagoshima", "Kyushu"),
    ("沖縄県", "Okinawa", "Okinawa"),
)

PREFECTURE_NAMES: frozenset[str] = frozenset(name for name, _, _ in PREFECTURES)
ROMAJI_BY_PREFECTURE: dict[str, str] = {name: romaji for name, romaji, _ in PREFECTURES}
REGION_BY_PREFECTURE: dict[str, str] = {name: region for name, _, region in PREFECTURES}

# Older or alternative romanisations seen in the wild.
_ROMAJI_ALIASES = {
    "gumma": "群馬県",
    "kouchi": "高知県",
    "ohita": "大分県",
    "ooita": "大分県",
    "hyougo": "兵庫県",
    "toukyou": "東京都",
    "kyouto": "京都府",
    "oosaka": "大阪府",
    "ousaka": "大阪府",
    "hokkaidou": "北海道",
}
_ROMAJI_SUFFIX = re.compile(r"[\s-]*(prefecture|pref\.?|ken|fu|to|metropolis)$")


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for name, romaji, _ in PREFECTURES:
        lookup[name] = name
        short = name if name == "北海道" else name[:-1]
        lookup[short] = name
        lookup[romaji.lower()] = name
    lookup.update(_ROMAJI_ALIASES)
    return lookup


_LOOKUP = _build_lookup()


@lru_cache(maxsize=1024)
def normalize_prefecture(raw: str) -> str | None:
    """Return the official name for any common spelling, or None if it is no prefecture.

    Accepts 山口県, 山口, Yamaguchi, Yamaguchi-ken, Yamaguchi Prefecture, YAMAGUCHI.
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return None
    if text in _LOOKUP:
        return _LOOKUP[text]
    latin = fold(text)
    if latin in _LOOKUP:
        return _LOOKUP[latin]
    stripped = _ROMAJI_SUFFIX.sub("", latin).strip()
    if stripped in _LOOKUP:
        return _LOOKUP[stripped]
    return None
