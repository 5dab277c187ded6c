"""What a message asks of a sake: price, sweetness, grade, style, place, aroma, body,
temperature, occasion, experience and how many, each read in Japanese or English."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sakesensei.agent.builtin import vocabulary as v
from sakesensei.agent.builtin.constraints import Constraints
from sakesensei.agent.builtin.language import COMMON_ENGLISH
from sakesensei.agent.builtin.numbers import NUMBER, english_number, parse_number
from sakesensei.agent.builtin.places import find_places, near_prefecture
from sakesensei.agent.builtin.prices import overlaps, read_prices
from sakesensei.agent.builtin.text import Text
from sakesensei.domain.prefectures import PREFECTURES, normalize_prefecture
from sakesensei.domain.regions import normalize_region

Span = tuple[int, int]

CHEAP_YEN = 1500
PREMIUM_YEN = 3000
MODERATE_YEN = 3000
MAX_PICKS = 5


# "一本2千円" is a price per bottle, not a count.
_COUNT_JA = re.compile(
    r"(" + NUMBER + r")\s*(?:本|つ|個|種類|銘柄|選)"
    r"(?!\s*(?:あたり|当たり)?\s*(?:\d|[一二三四五六七八九十千万]+円))"
)
_COUNT_EN = re.compile(
    r"\b(\d+|one|two|three|four|five|a couple|couple|a few|few|several)\s+"
    r"(?:bottles|options|picks|sakes|suggestions|recommendations|choices|ideas|of them|more|"
    r"different)\b"
    r"|\btop\s+(\d+|three|five)\b"
)


def _sweetness(text: Text, c: Constraints, taken: list[Span]) -> None:
    kana = text.kana
    very = list(v.find_words(kana, {"very_dry": v.VERY_DRY}, taken))
    dry = list(v.find_words(kana, {"dry": v.DRY}, [*taken, *((f.start, f.end) for f in very)]))
    sweet = list(v.find_words(kana, {"sweet": v.SWEET}, taken))
    medium = list(v.find_words(kana, {"medium": v.MEDIUM}, taken))
    wants_dry = wants_sweet = False
    gentle = False
    for f in [*very, *dry]:
        if v.negated(kana, f.start, f.end):
            wants_sweet = True
        else:
            wants_dry = True
    for f in sweet:
        if v.negated(kana, f.start, f.end):
            wants_dry = True
            gentle = gentle or _too(kana, f.start, f.end)
        else:
            wants_sweet = True
    if wants_dry and not wants_sweet:
        c.sweetness_max = 1 if very and not gentle else 3 if gentle else 2
    elif wants_sweet and not wants_dry:
        # "Not dry" asks for less than "sweet" does.
        c.sweetness_min = 4 if any(not v.negated(kana, f.start, f.end) for f in sweet) else 3
    elif medium and not (wants_dry or wants_sweet):
        c.sweetness_min, c.sweetness_max = 2, 4
    for f in [*very, *dry, *sweet, *medium]:
        taken.append((f.start, f.end))


def _too(kana: str, start: int, end: int) -> bool:
    before = kana[max(0, start - 12) : start]
    after = kana[end : end + 6]
    return "too " in before or "overly" in before or "すぎ" in after or "過ぎ" in after


def _grades(text: Text, c: Constraints, taken: list[Span]) -> None:
    table: dict[str, tuple[str, ...]] = {}
    for spelling, grade in v.GRADE_WORDS:
        table.setdefault(grade, ())
        table[grade] = (*table[grade], spelling)
    for f in v.find_words(text.kana, table, taken):
        target = c.avoid_categories if v.negated(text.kana, f.start, f.end) else c.categories
        if f.concept not in target:
            target.append(f.concept)
        taken.append((f.start, f.end))
    if re.search(r"吟醸系|ginjo[- ]class|ginjo-style|ginjo types?", text.kana):
        for grade in ("純米大吟醸", "大吟醸", "純米吟醸", "吟醸"):
            if grade not in c.categories:
                c.categories.append(grade)


def _styles(text: Text, c: Constraints, taken: list[Span]) -> None:
    for f in v.find_words(text.kana, v.STYLE_WORDS, taken):
        target = c.avoid_tags if v.negated(text.kana, f.start, f.end) else c.tags
        if f.concept not in target:
            target.append(f.concept)
        taken.append((f.start, f.end))


def _places(text: Text, c: Constraints, taken: list[Span]) -> None:
    kana = text.kana
    for name, romaji, _ in PREFECTURES:
        short = name if name == "北海道" else name[:-1]
        for spelling in (name, short):
            start = kana.find(spelling)
            if start != -1 and not overlaps((start, start + len(spelling)), taken):
                if name not in c.prefectures:
                    c.prefectures.append(name)
                taken.append((start, start + len(spelling)))
                break
        m = re.search(rf"(?<![a-z]){romaji.lower()}(?![a-z])", kana)
        if m is not None and not overlaps(m.span(), taken) and name not in c.prefectures:
            c.prefectures.append(name)
            taken.append(m.span())
    # Sake districts, old provinces and cities: 灘, 越後, Tosa, Sendai.
    for prefecture, start, end in find_places(kana):
        if not overlaps((start, end), taken) and prefecture not in c.prefectures:
            c.prefectures.append(prefecture)
            taken.append((start, end))
    words = re.finditer(
        r"東北|関東|北陸|甲信越|東海|近畿|関西|中国地方|四国|九州|中部|"
        r"(?<![a-z])(tohoku|touhoku|kanto|hokuriku|koshinetsu|tokai|kinki|kansai|chugoku|shikoku|"
        r"kyushu|chubu)(?![a-z])",
        kana,
    )
    for m in words:
        region = normalize_region(m.group().replace("地方", ""))
        if region and region not in c.regions and not overlaps(m.span(), taken):
            c.regions.append(region)
            taken.append(m.span())
    # 北海道 is a prefecture and a region; the prefecture says it.
    if "Hokkaido" in c.regions and "北海道" in c.prefectures:
        c.regions.remove("Hokkaido")
    c.prefectures = [p for p in c.prefectures if normalize_prefecture(p)]


def _misspelt_place(kana: str, c: Constraints, taken: list[Span]) -> None:
    """A word close to a romaji place name ("from niigta") that is no English word."""
    for m in re.finditer(r"[a-z]+", kana):
        if m.group() in COMMON_ENGLISH or overlaps(m.span(), taken):
            continue
        prefecture = near_prefecture(m.group())
        if prefecture is not None:
            c.prefectures.append(prefecture)
            taken.append(m.span())
            return


def _aromas(text: Text, c: Constraints, taken: list[Span]) -> None:
    kana = text.kana
    for f in v.find_words(kana, v.AROMA_WORDS, taken):
        taken.append((f.start, f.end))
        if v.negated(kana, f.start, f.end):
            if f.concept in ("fruity", "floral"):
                c.avoid_aromatic = True
            continue
        for aroma in v.AROMA_FAMILIES.get(f.concept, (f.concept,)):
            if aroma not in c.aromas:
                c.aromas.append(aroma)
    for f in v.find_words(kana, {"wine": v.WINE_LIKE}, taken):
        taken.append((f.start, f.end))
        for aroma in ("grape", "citrus", "apple", "tropical"):
            if aroma not in c.aromas:
                c.aromas.append(aroma)
    for f in v.find_words(kana, {"fragrant": v.FRAGRANT}, taken):
        taken.append((f.start, f.end))
        if v.negated(kana, f.start, f.end) or _strong_dislike(kana, f.end):
            c.avoid_aromatic = True
        elif f.spelling != "aroma":
            for aroma in ("fruity", "floral", "apple", "melon", "pear"):
                if aroma not in c.aromas:
                    c.aromas.append(aroma)


def _strong_dislike(kana: str, end: int) -> bool:
    return bool(
        re.match(r"\s*(?:の|な)?(?:は|が)?\s*(?:苦手|嫌|だめ|ダメ|no)", kana[end : end + 8])
    )


def _body_temperature_occasion(text: Text, c: Constraints, taken: list[Span]) -> None:
    kana = text.kana
    for f in v.find_words(kana, v.OCCASIONS, taken):
        if f.concept not in c.occasions:
            c.occasions.append(f.concept)
        taken.append((f.start, f.end))
    for concept, words in (("warm", v.WARM), ("chilled", v.CHILLED), ("room", v.ROOM_TEMPERATURE)):
        for f in v.find_words(kana, {concept: words}, taken):
            if not v.negated(kana, f.start, f.end):
                c.temperature = c.temperature or concept
            taken.append((f.start, f.end))
    for concept, words in (("light", v.LIGHT_BODY), ("rich", v.RICH_BODY)):
        for f in v.find_words(kana, {concept: words}, taken):
            if not v.negated(kana, f.start, f.end):
                c.body = c.body or concept
            taken.append((f.start, f.end))
    if list(v.find_words(kana, {"b": v.BEGINNER}, taken)):
        c.experience = "beginner"
    elif list(v.find_words(kana, {"a": v.ADVANCED}, taken)):
        c.experience = "advanced"
    cheap = [(f.start, f.end) for f in v.find_words(kana, {"cheap": v.CHEAP}, taken)]
    cheap += [m.span() for m in v.CHEAP_KANA.finditer(kana) if not overlaps(m.span(), taken)]
    for start, end in cheap:
        if not v.negated(kana, start, end):
            c.cheap = True
        else:
            c.premium = True
    if list(v.find_words(kana, {"premium": v.PREMIUM}, taken)):
        c.premium = True
    for f in v.find_words(kana, {"expensive": v.EXPENSIVE}, taken):
        if v.negated(kana, f.start, f.end) and c.price_max is None:
            c.price_max = MODERATE_YEN


def _count(text: Text, c: Constraints) -> None:
    m = _COUNT_JA.search(text.kana)
    value: float | None = None
    if m is not None:
        value = parse_number(m.group(1))
    else:
        e = _COUNT_EN.search(text.kana)
        if e is not None:
            word = e.group(1) or e.group(2) or ""
            value = float(word) if word.isdigit() else english_number(word)
    if value is not None and 1 <= value <= 20:
        c.count = min(int(value), MAX_PICKS)


def extract(text: Text, taken: Iterable[Span] = ()) -> Constraints:
    """The constraints a message states; spans in `taken` (names) are not read."""
    spans = list(taken)
    c = Constraints()
    read_prices(text, c, spans)
    _places(text, c, spans)
    # Aromas first: 吟醸香 is an aroma, not the grade 吟醸.
    _aromas(text, c, spans)
    _grades(text, c, spans)
    _styles(text, c, spans)
    _body_temperature_occasion(text, c, spans)
    _sweetness(text, c, spans)
    _count(text, c)
    if not c.prefectures and not c.regions:
        # Last, so that no word another table knows (kimoto) is taken for a place.
        _misspelt_place(text.kana, c, spans)
    if c.cheap and c.price_max is None:
        c.price_max = CHEAP_YEN
    if c.premium and c.price_min is None and c.price_max is None:
        c.price_min = PREMIUM_YEN
    return c
