"""Folding of the many ways one word is typed: full-width forms, accents, case."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """NFKC and lower case, with accents dropped from Latin letters only (ō -> o; ご stays ご)."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        if "\u00c0" <= ch <= "\u024f":
            ch = unicodedata.normalize("NFKD", ch)[0]
        out.append(ch)
    return "".join(out).lower().strip()


# Old and variant kanji forms folded to the everyday form, so 櫻 finds 桜 and 澤 finds 沢.
_KANJI_VARIANTS = str.maketrans(
    {
        "櫻": "桜",
        "澤": "沢",
        "眞": "真",
        "國": "国",
        "壽": "寿",
        "藏": "蔵",
        "髙": "高",
        "﨑": "崎",
        "嶋": "島",
        "邊": "辺",
        "邉": "辺",
        "濱": "浜",
        "廣": "広",
        "與": "与",
        "榮": "栄",
        "龜": "亀",
        "萬": "万",
        "齋": "斎",
        "齊": "斉",
        "醉": "酔",
        "圓": "円",
        "會": "会",
        "惠": "恵",
        "實": "実",
        "德": "徳",
        "黑": "黒",
        "淸": "清",
        "來": "来",
        "祿": "禄",
        "寶": "宝",
        "寳": "宝",
        "龍": "竜",
        "釀": "醸",
        "戶": "戸",
        "縣": "県",
        "驛": "駅",
        "辨": "弁",
        "氣": "気",
        "鐵": "鉄",
        "舊": "旧",
        "傳": "伝",
        "聯": "連",
    }
)

_ROMAJI_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"), ("jy", "j"), ("sy", "sh"))


def new_kanji(text: str) -> str:
    """Old and variant kanji forms as their everyday form (櫻 -> 桜), nothing else changed."""
    return text.translate(_KANJI_VARIANTS)


def to_hiragana(text: str) -> str:
    """Katakana to hiragana, leaving every other character alone."""
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)


@lru_cache(maxsize=1 << 16)
def search_key(text: str) -> str:
    """The form both stored names and queries are reduced to before they are compared.

    獺祭, だっさい, ダッサイ and DASSAI each reduce to a form that matches the stored record's
    name, reading or romaji: NFKC, lower case, katakana as hiragana, old kanji as new,
    romaji long vowels collapsed, and spaces and punctuation dropped.
    """
    folded = to_hiragana(fold(text)).translate(_KANJI_VARIANTS)
    kept = "".join(ch for ch in folded if ch.isalnum() or ch == "ー")
    for long, short in _ROMAJI_LONG_VOWELS:
        kept = kept.replace(long, short)
    return kept
