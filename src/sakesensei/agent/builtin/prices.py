"""Prices as people ask for them: 3000円以下, 2000円台, "under ¥3,000", "about $20"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sakesensei.agent.builtin.constraints import Constraints
from sakesensei.agent.builtin.numbers import NUMBER, parse_number
from sakesensei.agent.builtin.text import Text
from sakesensei.services.catalog_filters import MAX_PRICE

Span = tuple[int, int]

YEN_PER_DOLLAR = 150
YEN_PER_EURO = 160

_YEN_UNIT = r"(?:円|えん|yen|jpy|¥)"
_RANGE = re.compile(
    r"(?:¥\s*)?("
    + NUMBER
    + r")\s*"
    + _YEN_UNIT
    + r"?\s*(?:~|〜|-|–|から|to|and)\s*(?:¥\s*)?("
    + NUMBER
    + r")\s*(?:円|えん|yen|jpy)"
)
_BETWEEN = re.compile(r"between\s*¥?\s*(" + NUMBER + r")\s*(?:yen)?\s*and\s*¥?\s*(" + NUMBER + r")")
_MAX_AFTER = re.compile(
    r"(?:¥\s*)?(" + NUMBER + r")\s*(?:円|えん|yen|jpy)\s*((?:くらい|ぐらい|程度)(?:まで|以下|以内)|"
    r"以下|まで|以内|未満|くらい|ぐらい|位|程度|前後|台|"
    r"or less|or under|or below|max|maximum|tops|at most|and under|and below|budget|以上|から|"
    r"超え|より上|"
    r"or more|and up|and above|plus|\+)?"
)
_MAX_BEFORE = re.compile(
    r"(under|below|less than|cheaper than|max|maximum|up to|upto|within|no more than|at most|"
    r"not more than|budget of|budget is|budget|around|about|roughly|approximately|near|over|"
    r"above|more than|at least|from|予算は?|予算が)\s*(?::|=|of|is|around|about)?\s*(?:¥\s*)?("
    + NUMBER
    + r")\s*(k|千|万)?\s*(?:円|えん|yen|jpy)?"
)
_YEN_SIGN = re.compile(r"¥\s*(" + NUMBER + r")")
_FOREIGN = re.compile(
    r"(?:\$\s*("
    + NUMBER
    + r")|("
    + NUMBER
    + r")\s*(?:dollars|usd|bucks)|€\s*("
    + NUMBER
    + r")|("
    + NUMBER
    + r")\s*(?:euros?|eur))"
)
_MIN_WORDS = frozenset(
    {"以上", "から", "超え", "より上", "or more", "and up", "and above", "plus", "+"}
)
_AROUND_WORDS = frozenset(
    {
        "くらい",
        "ぐらい",
        "位",
        "程度",
        "前後",
        "around",
        "about",
        "roughly",
        "approximately",
        "near",
    }
)
_MIN_BEFORE = frozenset({"over", "above", "more than", "at least", "from"})


def _yen(value: float | None, scale: str | None = None) -> int | None:
    if value is None:
        return None
    if scale in ("k", "千"):
        value *= 1000
    elif scale == "万":
        value *= 10_000
    # A "budget of 3" means nothing in yen; amounts under 100 are no price.
    if value < 100 and scale is None:
        return None
    return min(int(value), MAX_PRICE)


def read_prices(text: Text, c: Constraints, taken: list[Span]) -> None:
    low = text.kana
    for m in _FOREIGN.finditer(low):
        dollars = m.group(1) or m.group(2)
        euros = m.group(3) or m.group(4)
        amount = parse_number(dollars or euros or "")
        if amount:
            rate = YEN_PER_DOLLAR if dollars else YEN_PER_EURO
            c.price_max = min(int(amount * rate), MAX_PRICE)
            c.converted_from = ("$" if dollars else "€") + f"{amount:g}"
            taken.append(m.span())
            return
    for pattern in (_BETWEEN, _RANGE):
        ranged = pattern.search(low)
        if ranged is not None:
            low_yen = _yen(parse_number(ranged.group(1)))
            high_yen = _yen(parse_number(ranged.group(2)))
            if low_yen is not None and high_yen is not None and low_yen <= high_yen:
                c.price_min, c.price_max = low_yen, high_yen
                taken.append(ranged.span())
                return
    for m in _MAX_BEFORE.finditer(low):
        amount = _yen(parse_number(m.group(2)), m.group(3))
        if amount is None or overlaps(m.span(), taken):
            continue
        word = m.group(1)
        _apply(
            c,
            amount,
            "min" if word in _MIN_BEFORE else "around" if word in _AROUND_WORDS else "max",
        )
        taken.append(m.span())
        return
    for m in _MAX_AFTER.finditer(low):
        amount = _yen(parse_number(m.group(1)))
        if amount is None or overlaps(m.span(), taken):
            continue
        word = m.group(2) or ""
        if word == "台":
            c.price_min, c.price_max = amount, amount + _band(amount) - 1
        else:
            _apply(
                c,
                amount,
                "min" if word in _MIN_WORDS else "around" if word in _AROUND_WORDS else "max",
            )
        taken.append(m.span())
        return
    sign = _YEN_SIGN.search(low)
    if sign is not None and not overlaps(sign.span(), taken):
        amount = _yen(parse_number(sign.group(1)))
        if amount is not None:
            _apply(c, amount, "max")
            taken.append(sign.span())


def _band(amount: int) -> int:
    """2000円台 is 2000-2999; 10000円台 is 10000-19999."""
    band: int = 10 ** (len(str(amount)) - 1)
    return band


def _apply(c: Constraints, amount: int, how: str) -> None:
    if how == "min":
        c.price_min = amount
    elif how == "around":
        c.price_min, c.price_max = amount // 2, amount
    else:
        c.price_max = amount


def overlaps(span: Span, taken: Iterable[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)
