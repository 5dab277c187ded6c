"""Food people pair sake with beyond the dish tables, and dishes no table knows at all.

"ホヤに合う日本酒" names a food by its place in the sentence even when no list holds the
word: whatever stands before に合う, or after "goes with", is taken as the dish, unless it
is a pronoun, a question word or the sake itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sakesensei.agent.builtin.language import COMMON_ENGLISH
from sakesensei.agent.builtin.text import Text, tokenize
from sakesensei.agent.builtin.vocabulary import SAKE_WORDS

Span = tuple[int, int]

# Everyday foods and holiday dishes; words that are also something else (いくら "how much",
# うに inside ように, ナッツ the aroma) are left out or written only in kanji.
EXTRA_FOODS = (
    "ホヤ|あん肝|白子|数の子|雲丹|明太子|鮎|豚汁|もつ煮|卵焼き|だし巻き|納豆|松茸|筍|七面鳥|"
    "ローストビーフ|ローストチキン|フライドチキン|ハンバーガー|サンドイッチ|春巻き|小籠包|焼売|"
    "シュウマイ|チャーハン|炒飯|刺盛り|串揚げ|鶏皮|ホルモン|煮卵|肉豆腐|茄子|揚げ出し豆腐|"
    "turkey|thanksgiving dinner|christmas dinner|roast chicken|grilled chicken|venison|burrito|"
    "sandwich|sandwiches|hot dog|fried rice|noodles|dim sum|risotto|paella|caviar|foie gras|"
    "olives|popcorn|chips|mushrooms|eggs|omelette|quiche|hummus|falafel|kebab|meatballs|"
    "chowder|brisket|pulled pork|sea urchin|uni|roe|tamagoyaki|sausage rolls|fish and chips"
)

_BEFORE_JA = re.compile(r"([^\s、。,.!?！？]{1,12}?)(?:に|と)(?:合う|あう|合わせ|あわせ)")
_AFTER_EN = re.compile(
    r"(?:go(?:es)? (?:well |nicely )?with|pairs? (?:well |nicely )?with|to drink with|"
    r"drink with|serve with|goes alongside|to go with)\s+"
    r"(?:a |an |the |my |our |some |this |that )?([a-z][a-z' -]{1,30}?)\s*(?:[?.!,]|$|tonight|"
    r"for dinner|at dinner)"
)
_NOT_FOOD_JA = re.compile(
    r"^(?:何|なに|どれ|どんな|これ|それ|あれ|この|その|どの|料理|食べ物|食事|ご飯|ごはん|"
    r"甘口|辛口|好み|私|僕|俺|友達|友人|家族|彼女|彼氏|妻|夫|両親|父|母|上司|同僚|仲間|恋人|"
    r"気分|季節|雰囲気|予算|場面|シーン|今日|今夜|みんな|天気|天候|気温|夜|日)$"
)


def unnamed_dish(text: Text, taken: Iterable[Span] = ()) -> Span | None:
    """Where a food no table knows stands in a pairing question, if one does."""
    blocked = list(taken)
    kana = text.kana
    m = _BEFORE_JA.search(kana)
    if m is not None:
        end = m.end(1)
        start = _noun_start(text.norm, m.start(1), end)
        word = kana[start:end]
        if word and not _NOT_FOOD_JA.match(word) and _free((start, end), blocked, word):
            return start, end
    e = _AFTER_EN.search(kana)
    if e is not None:
        start, end = e.span(1)
        words = kana[start:end].split()
        if any(w not in COMMON_ENGLISH for w in words) and _free((start, end), blocked, ""):
            return start, end
    return None


def _noun_start(norm: str, earliest: int, end: int) -> int:
    """Where the nouns just before `end` begin: "今夜はホヤに" gives the start of ホヤ."""
    start = end
    for m in reversed([t for t in tokenize(norm) if t.end <= end]):
        if m.end != start or m.pos not in ("名詞", "接頭辞") or m.begin < earliest:
            break
        start = m.begin
    return start


def _free(span: Span, blocked: list[Span], word: str) -> bool:
    if any(span[0] < e and s < span[1] for s, e in blocked):
        return False
    # "お酒に合う料理" asks the other way round; 酒蒸し is still food.
    return word not in SAKE_WORDS and not word.endswith("酒")
