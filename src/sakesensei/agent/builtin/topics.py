"""Dishes and sake terms named in a message: "鯛の刺身に合う", "what is hiyaoroshi?"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from sakesensei.agent.builtin.foods import EXTRA_FOODS, unnamed_dish
from sakesensei.agent.builtin.text import Text, boundaries, is_kana, tokenize, word_list
from sakesensei.agent.builtin.vocabulary import Found, find_words
from sakesensei.domain.dishes import DISH_FAMILIES, DISH_SPELLINGS
from sakesensei.services.glossary import Glossary

Span = tuple[int, int]

# Dishes people name that no family lists word for word, and how to read the general ones.
_MORE_DISHES = (
    "焼き鳥|やきとり|餃子|ぎょうざ|ギョーザ|鍋|湯豆腐|冷奴|冷やっこ|枝豆|焼き魚|塩辛|生牡蠣|カキフライ|"
    "天ぷら|寿司|お寿司|刺身|お刺身|ステーキ|焼肉|ハンバーグ|パスタ|ピザ|カレー|麻婆豆腐|キムチ|"
    "しゃぶしゃぶ|すき焼き|唐揚げ|からあげ|とんかつ|ラーメン|うどん|そば|漬物|チョコ|ケーキ|"
    "和菓子|鯛|マグロ|まぐろ|鮪|サーモン|鮭|うなぎ|鰻|たこ焼き|お好み焼き|焼きそば|おでん|牡蠣|"
    "ホタテ|帆立|カニ|蟹|エビ|海老|イカ|いか|タコ|たこ|ぶり|ブリ|さば|サバ|鯖|あじ|アジ|いわし|"
    "秋刀魚|さんま|ふぐ|河豚|白身魚|鶏肉|豚肉|牛肉|ジビエ|生ハム|チーズ|肉じゃが|"
    "sushi|sashimi|tempura|karaage|yakitori|ramen|steak|pizza|pasta|cheese|curry|burger|"
    "burgers|bbq|oysters|oyster|salmon|tuna|chicken|pork|beef|fish|seafood|crab|shrimp|"
    "prawns|lobster|dumplings|gyoza|tacos|salad|dessert|chocolate|fried chicken|sea bream|"
    "yellowtail|eel|unagi|okonomiyaki|takoyaki|gyudon|oden|sukiyaki|shabu shabu|tonkatsu|"
    "udon|soba|edamame|tofu|kimchi|spicy food|thai food|indian food|chinese food|"
    "italian food|french food|japanese food|barbecue|roast|lamb|duck|scallops|clams|"
    "mussels|ham|prosciutto|nachos|fries|wings|hot pot|nabe|mackerel|squid|octopus|"
    "charcuterie|cold cuts|salami|sausage|sausages|bacon|pâté|pate|terrine|"
    "サラミ|ソーセージ|ウインナー|ベーコン|ハム|辛い料理|辛いもの|もつ鍋|水炊き|煮魚|手羽先|串焼き"
)
_GENERAL = {
    "肉": "焼肉",
    "肉料理": "焼肉",
    "魚": "焼き魚",
    "魚料理": "焼き魚",
    "海鮮": "刺身",
    "和食": "煮物",
    "中華": "餃子",
    "中華料理": "餃子",
    "イタリアン": "ピザ",
    "フレンチ": "チーズ",
    "洋食": "ハンバーグ",
    "エスニック": "カレー",
    "おつまみ": "枝豆",
    "サラミ": "生ハム",
    "ソーセージ": "生ハム",
    "ウインナー": "生ハム",
    "ベーコン": "生ハム",
    "ハム": "生ハム",
    "charcuterie": "cured ham",
    "cold cuts": "cured ham",
    "salami": "cured ham",
    "sausage": "cured ham",
    "sausages": "cured ham",
    "bacon": "cured ham",
    "terrine": "cured ham",
    "pate": "cured ham",
    "pâté": "cured ham",
    "meat": "steak",
    "fish": "grilled fish",
    "seafood": "shellfish",
    "japanese food": "nimono",
    "chinese food": "gyoza",
    "italian food": "pizza",
    "french food": "cheese",
    "indian food": "curry",
    "thai food": "thai",
}
# Words that are dishes only sometimes: いか is also "how about" (いかが), ぶり is in 久しぶり.
_TOO_EAGER = frozenset(
    word_list(
        "揚げ 辛い cream roast tart pie いか イカ たこ タコ あじ アジ さば サバ ぶり ブリ そば "
        "フライ date"
    )
)
# "デザートみたいな甘い酒" describes a sake, it names no dish; "麻婆豆腐みたいな辛い料理"
# still names food.
_SIMILE = re.compile(r"(?:みたい|のよう|っぽ|風の|系の)")
_FOOD_AFTER_SIMILE = re.compile(r"料理|食べ物|たべもの|もの|おかず|ご飯|ごはん|つまみ")
_STOP_EN = frozenset(
    word_list(
        "a an the my our some with for and or to of in on at this that tonight today dinner lunch "
        "goes go pair pairs pairing match matches sake what which good best drink drinks eat "
        "eating having serve serving alongside cook cooking making made i we im i'm"
    )
)
_DISH_PARTICLES = frozenset({"の"})


@lru_cache(maxsize=1)
def _dish_table() -> dict[str, tuple[str, ...]]:
    words: list[str] = [w for family in DISH_FAMILIES for w in family.words]
    words += [w for group in DISH_SPELLINGS for w in group]
    words += _MORE_DISHES.split("|")
    words += EXTRA_FOODS.split("|")
    words += list(_GENERAL)
    # 揚げ and フライ alone are too eager inside other words; their dishes are listed whole.
    words = [w for w in words if w not in _TOO_EAGER]
    return {"dish": tuple(dict.fromkeys(words))}


@dataclass(frozen=True, slots=True)
class Dish:
    text: str  # what to hand to recommend_for_dish
    shown: str  # the dish as the user wrote it
    start: int
    end: int


def find_dish(text: Text, taken: Iterable[Span] = ()) -> Dish | None:
    """The first dish the message names, widened to the phrase around it (鯛の刺身)."""
    found = [
        f
        for f in find_words(text.kana, _dish_table(), taken)
        if not _SIMILE.match(text.kana[f.end : f.end + 6])
        or _FOOD_AFTER_SIMILE.search(text.kana[f.end : f.end + 14])
    ]
    if not found:
        span = unnamed_dish(text, taken)
        if span is None:
            return None
        shown = text.norm[span[0] : span[1]].strip()
        return Dish(text=shown[:100], shown=shown[:100], start=span[0], end=span[1])
    first = found[0]
    last = found[-1]
    if text.kana[first.start : last.end].isascii() or first.spelling.isascii():
        start, end = _english_phrase(text, first, last)
    else:
        start, end = _japanese_phrase(text, first, last)
    shown = text.norm[start:end].strip(" 、。,.!?")
    general = _GENERAL.get(shown.lower()) or _GENERAL.get(first.spelling.lower())
    query = f"{shown} {general}" if general and general not in shown else shown
    return Dish(text=query[:100], shown=shown[:100], start=start, end=end)


def _english_phrase(text: Text, first: Found, last: Found) -> Span:
    start, end = first.start, last.end
    before = list(re.finditer(r"[a-z'-]+", text.low[:start]))
    for m in reversed(before[-2:]):
        if m.group() in _STOP_EN or text.low[m.end() : start].strip(" ") not in ("", "-"):
            break
        start = m.start()
    return start, end


def _japanese_phrase(text: Text, first: Found, last: Found) -> Span:
    tokens = tokenize(text.norm)
    start, end = first.start, last.end
    # Widen left over nouns joined by の (鯛の刺身, 鶏の唐揚げ), right over nouns (唐揚げ定食).
    before = [m for m in tokens if m.end <= start]
    while before:
        m = before[-1]
        if m.pos in ("名詞", "接頭辞") or (m.surface in _DISH_PARTICLES and len(before) > 1):
            if m.surface in _DISH_PARTICLES and before[-2].pos != "名詞":
                break
            start = m.begin
            before.pop()
        else:
            break
    for m in (m for m in tokens if m.begin >= end):
        if m.pos != "名詞" or m.begin != end:
            break
        end = m.end
    return start, end


# Spellings of glossary entries too common in a request to count as asking about the term.
_QUIET = frozenset(
    {
        "生", "なま", "もと", "moto", "酛", "合", "kan", "かん", "蔵", "kura", "brewery",
        "sake brewery", "酒蔵", "tasting", "sommelier", "dry", "sweet", "light", "rich", "acid",
        "grades", "starter", "yeast", "rice", "sake rice", "aroma", "cup", "flask", "warm sake",
        "hot sake", "chilled", "cold sake", "room temperature", "polishing", "premium sake",
        "new", "aged", "cloudy", "sparkling", "unfiltered", "fruity aroma",
    }
)  # fmt: skip


_EDGE_BEFORE = frozenset("とやのはがをもにで、。,. 「『（(")
_EDGE_AFTER = frozenset("とやのはがをもにで、。,. 」』）)?？!！っ")
_MIN_KANA_TERM = 4


def _kana_word(kana: str, start: int, end: int) -> bool:
    """A term typed in kana (せいまいぶあい): Sudachi cuts kana oddly, so a long enough
    spelling with a particle or an edge on each side stands as a word."""
    word = kana[start:end]
    if len(word) < _MIN_KANA_TERM or not all(is_kana(ch) for ch in word):
        return False
    before = kana[start - 1] if start > 0 else " "
    after = kana[end] if end < len(kana) else " "
    return before in _EDGE_BEFORE and after in _EDGE_AFTER


@dataclass(frozen=True, slots=True)
class TermHit:
    term: str  # the glossary entry's headword
    shown: str
    start: int
    end: int


@lru_cache(maxsize=4)
def _term_table(glossary: Glossary) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for entry in glossary.entries:
        spellings = []
        for spelling in entry.spellings():
            s = spelling.strip()
            if not s or s.lower() in _QUIET:
                continue
            if len(s) == 1 and s not in ("燗", "麹", "糀", "枡"):
                continue
            if s.isascii() and len(s) < 4 and s.lower() not in ("smv", "koji", "kan"):
                continue
            spellings.append(s)
        table[entry.term] = tuple(spellings)
    return table


def find_terms(text: Text, glossary: Glossary, taken: Iterable[Span] = ()) -> list[TermHit]:
    """The glossary terms the message names, in order, outside the spans already taken.

    A Japanese term must stand as whole words: 冷や is no term inside 冷やして.
    """
    hits = list(find_words(text.kana, _term_table(glossary), taken))
    if any(not h.spelling.isascii() for h in hits):
        cuts = boundaries(text.norm)
        hits = [
            h
            for h in hits
            if h.spelling.isascii()
            or (h.start in cuts and h.end in cuts)
            or _kana_word(text.kana, h.start, h.end)
        ]
    return [TermHit(h.concept, text.norm[h.start : h.end], h.start, h.end) for h in hits]
