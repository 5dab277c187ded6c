"""Sake grades (特定名称 and 普通酒), style tags, and how real files write them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from sakesensei.domain.spelling import fold

# Longest first, so that 純米大吟醸 is not read as 大吟醸.
GRADES: tuple[str, ...] = (
    "純米大吟醸",
    "大吟醸",
    "純米吟醸",
    "吟醸",
    "特別純米",
    "純米",
    "特別本醸造",
    "本醸造",
    "普通酒",
)
OTHER = "other"
CATEGORIES: frozenset[str] = frozenset((*GRADES, OTHER))

GRADE_ROMAJI: dict[str, str] = {
    "純米大吟醸": "Junmai Daiginjo",
    "大吟醸": "Daiginjo",
    "純米吟醸": "Junmai Ginjo",
    "吟醸": "Ginjo",
    "特別純米": "Tokubetsu Junmai",
    "純米": "Junmai",
    "特別本醸造": "Tokubetsu Honjozo",
    "本醸造": "Honjozo",
    "普通酒": "Futsushu",
    OTHER: "Other",
}

# Style tags and every spelling we accept for each.
STYLE_TAGS: dict[str, tuple[str, ...]] = {
    "スパークリング": ("スパークリング", "発泡", "sparkling", "awa", "泡"),
    "にごり": ("にごり", "ニゴリ", "濁り", "nigori", "おりがらみ", "滓がらみ"),
    "生酛": ("生酛", "生もと", "きもと", "キモト", "kimoto"),
    "山廃": ("山廃", "山卸廃止酛", "やまはい", "yamahai"),
    "古酒": ("古酒", "長期熟成", "熟成古酒", "koshu", "aged"),
    "生酒": ("生酒", "本生", "nama", "namazake"),
    "生詰": ("生詰", "namazume"),
    "ひやおろし": ("ひやおろし", "冷やおろし", "hiyaoroshi"),
    "原酒": ("原酒", "genshu"),
    "無濾過": ("無濾過", "無ろ過", "muroka"),
    "樽酒": ("樽酒", "taruzake"),
    "貴醸酒": ("貴醸酒", "kijoshu"),
    "低アルコール": ("低アルコール", "低アル", "low alcohol"),
    "季節限定": ("季節限定", "seasonal"),
    "木桶仕込み": ("木桶仕込み", "木桶", "kioke"),
}

# Styles that change how a sake tastes; 季節限定 and 木桶仕込み do not, for a drinker.
TASTE_STYLES: tuple[str, ...] = (
    "スパークリング",
    "にごり",
    "生酛",
    "山廃",
    "古酒",
    "生酒",
    "貴醸酒",
    "低アルコール",
    "原酒",
    "樽酒",
)

_ROMAJI_GRADE_WORDS: tuple[tuple[str, str], ...] = (
    (r"tokubetsu[\s_-]*junmai", "特別純米"),
    (r"tokubetsu[\s_-]*honj[yo]?o?u?z[yo]?o?u?", "特別本醸造"),
    (r"junmai[\s_-]*daigin[jy]+o?u?", "純米大吟醸"),
    (r"junmai[\s_-]*gin[jy]+o?u?", "純米吟醸"),
    (r"daigin[jy]+o?u?", "大吟醸"),
    (r"gin[jy]+o?u?", "吟醸"),
    (r"honj[yo]?o?u?z[yo]?o?u?", "本醸造"),
    (r"junmai", "純米"),
    (r"futs?u[\s_-]*shu", "普通酒"),
    (r"futs?u", "普通酒"),
)


@dataclass(frozen=True, slots=True)
class ParsedCategory:
    """A category as stored: the grade (or 'other'), style tags found in it, the raw text."""

    category: str
    tags: tuple[str, ...]
    original: str | None  # kept only when the text was not a plain grade


@lru_cache(maxsize=4096)
def normalize_tag(raw: str) -> str:
    """Map a style word in any common spelling to its tag; unknown words come back trimmed."""
    text = unicodedata.normalize("NFKC", raw).strip()
    folded = fold(text)
    for tag, spellings in STYLE_TAGS.items():
        if text in spellings or folded in spellings:
            return tag
    return text


@lru_cache(maxsize=4096)
def parse_category(raw: str) -> ParsedCategory:
    """Read a category as real files write it.

    純米酒 -> 純米; 吟醸酒 -> 吟醸; 山廃純米 -> 純米 with tag 山廃; Junmai Ginjo -> 純米吟醸;
    a text with no grade in it -> 'other' with the original text kept.
    """
    original = unicodedata.normalize("NFKC", raw).strip()
    text = fold(original)
    tags: list[str] = []
    # 生酛 must be taken out before 生酒 could match its first character.
    for tag, spellings in sorted(STYLE_TAGS.items(), key=lambda kv: -max(map(len, kv[1]))):
        for spelling in sorted(spellings, key=len, reverse=True):
            if spelling.isascii():
                pattern = rf"(?<![a-z]){re.escape(spelling)}(?![a-z])"
                if re.search(pattern, text):
                    text = re.sub(pattern, " ", text)
                    tags.append(tag)
                    break
            elif spelling in text:
                text = text.replace(spelling, " ")
                tags.append(tag)
                break
    for pattern, grade in _ROMAJI_GRADE_WORDS:
        text = re.sub(rf"(?<![a-z]){pattern}(?![a-z])", grade, text)
    compact = re.sub(r"[\s・/,、()（）\[\]「」-]+", "", text)
    if compact.endswith("酒") and compact != "普通酒":
        compact = compact[:-1]
    if compact in ("普通", "普通酒"):
        compact = "普通酒"
    found = next((g for g in GRADES if g in compact), None)
    plain = found is not None and compact == found and not tags
    if found is None:
        return ParsedCategory(OTHER, tuple(dict.fromkeys(tags)), original or None)
    return ParsedCategory(found, tuple(dict.fromkeys(tags)), None if plain else original)
