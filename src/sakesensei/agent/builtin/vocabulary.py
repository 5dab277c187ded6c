"""The words people use for what they want in a sake, in Japanese and English.

Each table maps a concept to its spellings. Japanese spellings are matched inside the
message (katakana folded to hiragana); ASCII spellings match whole words only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from sakesensei.domain.spelling import to_hiragana


def _split(spellings: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in spellings.split("|") if s.strip())


DRY = _split(
    "辛口|からくち|カラクチ|辛め|辛く|甘さ控えめ|甘さひかえめ|辛い酒|辛いお酒|辛いの|辛いやつ|辛い日本酒|ドライ|キレのある|キレがある|淡麗辛口|大辛口|"
    "dry|drier|driest|dryer|karakuchi|crisp"
)
VERY_DRY = _split("超辛|超辛口|大辛口|極辛|bone dry|bone-dry|very dry|super dry|extra dry|chokara")
SWEET = _split(
    "甘口|あまくち|甘め|甘い|甘く|甘いの|甘いお酒|甘い酒|甘酸っぱい|スイート|デザート酒|"
    "sweet|sweeter|sweetest|sweetish|amakuchi|dessert sake"
)
MEDIUM = _split("中口|バランス|medium|balanced|in between|middle")

# Grades, longest first; abbreviations shops use (純吟, 純大) included.
GRADE_WORDS: tuple[tuple[str, str], ...] = (
    ("純米大吟醸", "純米大吟醸"),
    ("純大", "純米大吟醸"),
    ("junmai daiginjo", "純米大吟醸"),
    ("junmai daiginjou", "純米大吟醸"),
    ("junmai-daiginjo", "純米大吟醸"),
    ("特別本醸造", "特別本醸造"),
    ("tokubetsu honjozo", "特別本醸造"),
    ("特別純米", "特別純米"),
    ("tokubetsu junmai", "特別純米"),
    ("純米吟醸", "純米吟醸"),
    ("純吟", "純米吟醸"),
    ("junmai ginjo", "純米吟醸"),
    ("junmai ginjou", "純米吟醸"),
    ("junmai-ginjo", "純米吟醸"),
    ("大吟醸", "大吟醸"),
    ("daiginjo", "大吟醸"),
    ("daiginjou", "大吟醸"),
    ("dai ginjo", "大吟醸"),
    ("本醸造", "本醸造"),
    ("honjozo", "本醸造"),
    ("honjouzou", "本醸造"),
    ("吟醸", "吟醸"),
    ("ginjo", "吟醸"),
    ("ginjou", "吟醸"),
    ("純米", "純米"),
    ("junmai", "純米"),
    ("普通酒", "普通酒"),
    # Typed in kana: じゅんまいぎんじょう.
    ("じゅんまいだいぎんじょう", "純米大吟醸"),
    ("とくべつほんじょうぞう", "特別本醸造"),
    ("とくべつじゅんまい", "特別純米"),
    ("じゅんまいぎんじょう", "純米吟醸"),
    ("だいぎんじょう", "大吟醸"),
    ("ほんじょうぞう", "本醸造"),
    ("ぎんじょう", "吟醸"),
    ("じゅんまい", "純米"),
    ("ふつうしゅ", "普通酒"),
    ("futsushu", "普通酒"),
    ("futsu-shu", "普通酒"),
    ("table sake", "普通酒"),
)

STYLE_WORDS: dict[str, tuple[str, ...]] = {
    "スパークリング": _split(
        "スパークリング|発泡|泡|しゅわしゅわ|シュワシュワ|炭酸|sparkling|bubbly|fizzy|bubbles|awa"
    ),
    "にごり": _split("にごり|ニゴリ|濁り|おりがらみ|nigori|cloudy|unfiltered cloudy|milky"),
    "生酒": _split("生酒|生原酒|本生|なま酒|生の酒|nama|namazake|unpasteurised|unpasteurized"),
    "原酒": _split("原酒|genshu|undiluted|cask strength"),
    "山廃": _split("山廃|やまはい|ヤマハイ|yamahai"),
    "生酛": _split("生酛|生もと|きもと|キモト|kimoto"),
    "古酒": _split("古酒|熟成酒|長期熟成|熟成した|aged sake|aged|koshu|vintage"),
    "ひやおろし": _split("ひやおろし|冷やおろし|秋あがり|hiyaoroshi|autumn release"),
    "無濾過": _split("無濾過|無ろ過|muroka|unfiltered"),
    "貴醸酒": _split("貴醸酒|kijoshu"),
    "低アルコール": _split(
        "低アルコール|低アル|アルコール低め|度数低め|度数が低い|low alcohol|low-alcohol|lower "
        "alcohol|light alcohol"
    ),
}

AROMA_WORDS: dict[str, tuple[str, ...]] = {
    "fruity": _split("フルーティ|フルーティー|果実|フルーツ|果物|fruity|fruit|fruits|fruitier"),
    "floral": _split("花の香り|花のような|フローラル|floral|flowery|flower"),
    "apple": _split("りんご|リンゴ|林檎|apple|apples"),
    "pear": _split("洋梨|梨|pear|pears"),
    "melon": _split("メロン|melon"),
    "banana": _split("バナナ|banana"),
    "peach": _split("桃|もも|ピーチ|peach"),
    "citrus": _split(
        "柑橘|シトラス|レモン|ゆず|柚子|グレープフルーツ|citrus|lemon|lime|yuzu|grapefruit"
    ),
    "grape": _split("ぶどう|ブドウ|葡萄|マスカット|grape|grapes|muscat"),
    "tropical": _split("トロピカル|パイナップル|マンゴー|tropical|pineapple|mango"),
    "rice": _split("お米の|米の旨味|米の味|米らしい|ricey|rice-forward|rice driven|rice-driven"),
    "umami": _split("旨味|うまみ|旨み|旨口|うま口|コクのある|umami|savory|savoury"),
    "nutty": _split("ナッツ|ナッティ|nutty|nuts"),
    "lactic": _split("乳酸|ヨーグルト|クリーミー|lactic|yogurt|yoghurt|creamy"),
    "honey": _split("はちみつ|蜂蜜|ハチミツ|honey"),
    "caramel": _split("キャラメル|カラメル|caramel"),
    "mineral": _split("ミネラル|mineral|minerally"),
    "woody": _split("木の香り|木香|樽香|woody|oaky|cedar"),
    "herbal": _split("ハーブ|herbal|herby"),
    "earthy": _split("土っぽい|earthy"),
}
# "Fruity" to a drinker covers every fruit the catalog tags.
AROMA_FAMILIES: dict[str, tuple[str, ...]] = {
    "fruity": (
        "fruity",
        "apple",
        "pear",
        "melon",
        "banana",
        "peach",
        "citrus",
        "grape",
        "tropical",
    ),
}
FRAGRANT = _split(
    "華やか|はなやか|香り高い|香りが良い|香りがいい|香りの良い|香りのいい|香りが強い|香りの強い|"
    "吟醸香|aromatic|fragrant|perfumed|perfumy|strong aroma|big aroma|aroma"
)
WINE_LIKE = _split(
    "ワインみたい|ワインのよう|ワインっぽい|ワイン好き|白ワイン|ワイン系|"
    "wine-like|like wine|like a wine|like white wine|white wine|wine lover|winey|vinous"
)
LIGHT_BODY = _split(
    "軽い|軽め|軽やか|すっきり|スッキリ|淡麗|飲みやすい|light|lighter|clean|refreshing|easy to "
    "drink|easy-drinking|smooth"
)
RICH_BODY = _split(
    "濃い|濃いめ|濃醇|コク|どっしり|しっかり|重め|rich|richer|full-bodied|full bodied|heavy|"
    "bold|robust"
)

WARM = _split(
    "燗|熱燗|ぬる燗|お燗|燗酒|燗で|温めて|あたためて|温かい|あったかい|温めた|ホット|"
    "あつかん|ぬるかん|かんざけ|warm|warmed|hot sake|heated|atsukan|nurukan|kanzake|okan"
)
CHILLED = _split("冷酒|冷やして|キンキン|冷たい|冷えた|chilled|cold|ice cold|on ice|icy")
ROOM_TEMPERATURE = _split("常温|room temperature|room temp")

BEGINNER = _split(
    "初心者|初めて|はじめて|入門|日本酒デビュー|あまり飲まない|あまり飲んだことがない|飲み慣れていない|"
    "慣れていない|詳しくない|よく分からない|よくわからない|"
    "beginner|beginners|newbie|new to sake|first time|first-timer|never had sake|never tried sake|"
    "starter|novice|not an expert|don't know much|dont know much|お酒に弱い|お酒が弱い|"
    "あまり飲めない|"
    "doesn't usually drink|doesnt usually drink|doesn't really drink|rarely drink|not a big "
    "drinker|"
    "don't drink much|dont drink much|doesn't drink much|light drinker"
)
ADVANCED = _split(
    "上級者|玄人|通好み|日本酒通|詳しい|マニアック|connoisseur|expert|advanced|geeky|sake nerd"
)

OCCASIONS: dict[str, tuple[str, ...]] = {
    "gift": _split(
        "プレゼント|贈り物|ギフト|お土産|手土産|贈答|お歳暮|お中元|父の日|母の日|お祝いに贈|"
        "gift|present|souvenir|for my boss|for my father|for my dad|for my mom"
    ),
    "celebration": _split(
        "乾杯|お祝い|祝い|パーティ|パーティー|誕生日|記念日|お正月|正月|宴会|"
        "celebration|celebrate|celebrating|party|toast|birthday|anniversary|new year"
    ),
    "summer": _split("夏|暑い日|暑い|バーベキュー|summer|hot day|hot weather|bbq"),
    "winter": _split("冬|寒い日|寒い夜|寒い|温まり|winter|cold night|cold evening|chilly"),
    "everyday": _split(
        "晩酌|普段飲み|毎日|日常|家飲み|デイリー|everyday|every day|daily|weeknight|at home"
    ),
    "date": _split("デート|date night|romantic"),
    "aperitif": _split("食前酒|アペリティフ|aperitif|apéritif|before dinner"),
    "dessert": _split("食後酒|デザートと|dessert wine|after dinner|nightcap"),
}

CHEAP = _split(
    "安い|安く|安め|安価|安上がり|手頃|お手頃|リーズナブル|コスパ|節約|お財布に優しい|"
    "cheap|cheaper|cheapest|affordable|inexpensive|budget|value|bargain|low price|not expensive"
)
# 安い in kana, but not the やすい of 飲みやすい or わかりやすい (after a verb stem).
CHEAP_KANA = re.compile(r"(?<![きぎしじちにびみりけげせぜねべめれ])やす(?:い|く|め|すぎ)")
EXPENSIVE = _split("expensive|pricey|pricy|高価|お高い|値段が高い|高すぎ")
PREMIUM = _split(
    "高級|高い酒|高価|贅沢|ちょっといい|特別な|奮発|プレミアム|"
    "premium|luxury|luxurious|splurge|high-end|high end|fancy|special|top shelf|top-shelf"
)

# A sake word in the message: "sake" alone tells us the topic, not a constraint.
SAKE_WORDS = _split("日本酒|お酒|酒|清酒|おさけ|にほんしゅ|sake|nihonshu|seishu|ポン酒")
OTHER_DRINKS = _split(
    "ワイン|ビール|焼酎|ウイスキー|ウィスキー|ハイボール|カクテル|チューハイ|梅酒|"
    "wine|beer|shochu|whisky|whiskey|cocktail|vodka|gin|rum|tequila|highball"
)

NEGATION_AFTER = re.compile(
    to_hiragana(
        r"^(?:の|な|なの|なのは|なお酒|な酒|いの|いのは|いお酒|い酒|いやつ|すぎ|過ぎ|口|め|系|酒|のお酒|"
        r"お酒|系のお酒)?(?:は|が|も|とか)?\s*"
        r"(?:じゃ|では|でも|で)?(?:ない|なく|あまり|あんまり|苦手|嫌い|きらい|嫌|いや|だめ|ダメ|駄目|ng|無理|好きじゃ|好きでは|好きではない|"
        r"遠慮|避け|以外|パス|得意じゃ|得意ではない|いらない|要らない|飲めない|ちょっと)"
    )
)
_ASKING_TAIL = re.compile(r"(?:か|かな|かしら|の?[?？]|ですか|でしょうか)")
NEGATION_BEFORE = re.compile(
    r"(?:\bnot\b|\bno\b|n't|\bnever\b|\bwithout\b|\bavoid\b|\bhate\b|\bdislike\b|\bdetest\b|"
    r"\bnothing\b|\bnot a fan of\b|\bnot into\b|\bless\b|\banything but\b|\bexcept\b|\bno more\b|"
    r"\bdon't like\b|\bdont like\b|\bdo not like\b|\bcan't stand\b|\bcannot stand\b|\bcan't do\b|"
    r"\bsick of\b|\btired of\b|\bnot big on\b)"
    r"(?:\s+(?:too|very|so|really|overly|a|an|the|any|much|of|that|those|such)\b)*\s*$"
)


@dataclass(frozen=True, slots=True)
class Found:
    concept: str
    spelling: str
    start: int
    end: int


_LATIN = re.compile(r"[a-z0-9]")


@cache
def _compiled(
    spellings: tuple[str, ...],
) -> tuple[re.Pattern[str] | None, dict[str, tuple[tuple[str, str], ...]]]:
    """The spellings made ready to search: one pattern for the English ones (whole words),
    and the Japanese ones with their searched forms, by the form's first character (a
    message has few of them: most forms need no search at all). The tables are fixed, so
    each is made once."""
    ascii_ones = sorted((s.lower() for s in spellings if s.isascii()), key=len, reverse=True)
    pattern = (
        re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, ascii_ones)) + r")(?![a-z0-9])")
        if ascii_ones
        else None
    )
    by_first: dict[str, list[tuple[str, str]]] = {}
    for spelling in spellings:
        if not spelling.isascii():
            form = to_hiragana(spelling.lower())
            by_first.setdefault(form[:1], []).append((spelling, form))
    return pattern, {first: tuple(forms) for first, forms in by_first.items()}


def find_words(
    kana: str, table: dict[str, tuple[str, ...]], taken: Iterable[tuple[int, int]] = ()
) -> Iterator[Found]:
    """Each concept of the table the text names, with where; spans in `taken` are skipped.

    `kana` is the message folded to lower case with katakana as hiragana.
    """
    blocked = list(taken)
    hits: list[Found] = []
    chars = set(kana)
    latin = _LATIN.search(kana) is not None
    for concept, spellings in table.items():
        pattern, by_first = _compiled(spellings)
        if pattern is not None and latin:
            for m in pattern.finditer(kana):
                hits.append(Found(concept, m.group(1), m.start(1), m.end(1)))
        # In the table's order, so that of two spellings found at the same place the same
        # one wins each time.
        for first, forms in by_first.items():
            if first not in chars:
                continue
            for spelling, form in forms:
                start = kana.find(form)
                while start != -1:
                    hits.append(Found(concept, spelling, start, start + len(form)))
                    start = kana.find(form, start + 1)
    # Longest first, so 超辛口 wins over 辛口 and a spelling inside a taken span is dropped.
    hits.sort(key=lambda f: (-(f.end - f.start), f.start))
    kept: list[Found] = []
    for hit in hits:
        if any(hit.start < e and s < hit.end for s, e in blocked):
            continue
        kept.append(hit)
        blocked.append((hit.start, hit.end))
    kept.sort(key=lambda f: f.start)
    yield from kept


def negated(kana: str, start: int, end: int) -> bool:
    """Whether the words right after (Japanese) or before (English) deny the span."""
    after = kana[end : end + 14].lstrip()
    m = NEGATION_AFTER.match(after)
    if m is not None:
        # 甘いお酒ないかな / 甘いのない？ ask whether there is one: a request, not a denial.
        asking = after[m.end() - 2 : m.end()] == "ない" and _ASKING_TAIL.match(after[m.end() :])
        if not asking:
            return True
    before = kana[max(0, start - 40) : start]
    return NEGATION_BEFORE.search(before) is not None


def contains_any(kana: str, spellings: Iterable[str]) -> bool:
    return any(True for _ in find_words(kana, {"x": tuple(spellings)}))
