"""Numbers as people type them: 3000, 3,000, 3千, 三千, 1万5千, 3k, and star ratings."""

from __future__ import annotations

import re

_KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_BIG = {"万": 10_000, "萬": 10_000}

# One amount: digits with commas or a decimal point, kanji numerals, or a mix (1万5千).
NUMBER = (
    r"(?:\d[\d,]*(?:\.\d+)?|[〇零一二三四五六七八九十百千])"
    r"(?:[\d,.〇零一二三四五六七八九十百千万萬]*)"
)
_NUMBER_RE = re.compile(NUMBER)

_ENGLISH_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a couple": 2,
    "couple": 2,
    "a few": 3,
    "few": 3,
    "several": 4,
}


def parse_number(text: str) -> float | None:
    """The value of one number in any of the forms above; None if it is not one."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total = 0.0
    section = 0.0  # the part below the current 万
    digits = ""  # Arabic digits waiting for a unit
    pending: float | None = None  # a kanji digit waiting for a unit
    for ch in text:
        if ch.isdigit() or ch == ".":
            digits += ch
            continue
        if digits:
            pending = float(digits)
            digits = ""
        if ch in _KANJI_DIGITS:
            pending = (pending or 0) * 10 + _KANJI_DIGITS[ch] if pending else _KANJI_DIGITS[ch]
        elif ch in _KANJI_UNITS:
            section += (pending if pending is not None else 1) * _KANJI_UNITS[ch]
            pending = None
        elif ch in _KANJI_BIG:
            section += pending or 0
            total += (section or 1) * _KANJI_BIG[ch]
            section = 0
            pending = None
        else:
            return None
    if digits:
        pending = float(digits)
    return total + section + (pending or 0)


def find_numbers(text: str) -> list[tuple[float, int, int]]:
    """Every number in the text with where it stands."""
    found = []
    for m in _NUMBER_RE.finditer(text):
        value = parse_number(m.group())
        if value is not None:
            found.append((value, m.start(), m.end()))
    return found


def english_number(word: str) -> int | None:
    return _ENGLISH_NUMBERS.get(word.lower())


_STAR_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(?:星|ほし|★|☆|評価|れーと|rating|rate|rated|score)\s*(?:は|:|=|を)?\s*("
            + NUMBER
            + r")(?:つ|個)?"
        ),
        "five",
    ),
    (re.compile(r"(" + NUMBER + r")\s*(?:つ星|個星|stars?|点|/\s*5\b|out of 5|of 5)"), "five"),
    (re.compile(r"(" + NUMBER + r")\s*/\s*10\b"), "ten"),
    (
        re.compile(
            r"(?:gave it|give it|giving it|rate it|rated it|i'd say|it's a|its a)\s+(?:a\s+)?("
            + NUMBER
            + r")\b"
        ),
        "five",
    ),
    # ★★★★☆: the filled stars count.
    (re.compile(r"(★{1,5})☆*"), "glyphs"),
)
_OUT_OF = re.compile(r"(\d+)\s*点(?:満点(?:中|で|の|なら)?|中)")
# The score right after "5点満点で" / "10点中", with no word of its own: "5点満点で4".
_SCORE_AFTER = re.compile(
    r"\s*(?:は|だと|なら)?\s*(" + NUMBER + r")(?:点|くらい|かな|です|!|。|、|$)"
)
_WORD_STARS = re.compile(
    r"\b(one|two|three|four|five|a single)\s+stars?\b|\b(one|two|three|four|five)\s+out "
    r"of\s+(?:five|5)\b"
)


def find_rating(low: str) -> tuple[int, int, int] | None:
    """A 1-5 star rating in a (folded, lower-case) message and its span, if it holds one."""
    scale = 5.0
    out_of = _OUT_OF.search(low)
    if out_of is not None:
        scale = float(out_of.group(1))
        after = _SCORE_AFTER.match(low, out_of.end())
        value_after = parse_number(after.group(1)) if after is not None else None
        if after is not None and value_after is not None and 0 < value_after <= scale:
            stars_after = round(value_after * 5 / scale)
            if 1 <= stars_after <= 5:
                return stars_after, out_of.start(), after.end(1)
        # Blank the "N点満点中" out, keeping offsets, so its N is not read as the rating.
        low = low[: out_of.start()] + " " * (out_of.end() - out_of.start()) + low[out_of.end() :]
    for pattern, how in _STAR_PATTERNS:
        m = pattern.search(low)
        if m is None:
            continue
        if how == "glyphs":
            value: float | None = float(len(m.group(1)))
        else:
            value = parse_number(m.group(1))
            if value is not None and (how == "ten" or scale != 5.0):
                value = round(value * 5 / (10.0 if how == "ten" else scale))
        if value is not None and 1 <= value <= 5 and value == int(value):
            return int(value), m.start(), m.end()
    m = _WORD_STARS.search(low)
    if m is not None:
        word = m.group(1) or m.group(2)
        value_word = 1 if word == "a single" else _ENGLISH_NUMBERS[word]
        return value_word, m.start(), m.end()
    return None
