"""How the built-in sommelier reads a message, piece by piece: language, numbers, ratings,
dates, limits, names in any script, dishes and facts. Pure functions, no database."""

from __future__ import annotations

from datetime import date

import pytest

from sakesensei.agent.builtin.dates import period, tasting_day
from sakesensei.agent.builtin.facts import constraints_from, facts_from
from sakesensei.agent.builtin.language import detect_language
from sakesensei.agent.builtin.numbers import find_rating, parse_number
from sakesensei.agent.builtin.romaji import to_romaji
from sakesensei.agent.builtin.slots import extract
from sakesensei.agent.builtin.text import normalise, pieces
from sakesensei.agent.builtin.topics import find_dish

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("辛口で3000円以下", "ja"),
        ("獺祭", "ja"),
        ("純米大吟醸 山口県", "ja"),
        ("something fruity under 2000 yen", "en"),
        ("dassai", "en"),
        ("is ふなぐち any good?", "en"),
        ("Quiero un sake dulce", "other"),
        ("Je voudrais un saké sec", "other"),
        ("Ich möchte einen trockenen Sake, bitte", "other"),
        ("추천해 주세요", "other"),
        ("请推荐一款日本酒", "other"),
        ("🍶🍶", None),
        ("4500", None),
    ],
)
def test_language(message: str, language: str | None) -> None:
    assert detect_language(normalise(message)) == language


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3000", 3000),
        ("3,000", 3000),
        ("三千", 3000),
        ("3千", 3000),
        ("1万5千", 15000),
        ("二千五百", 2500),
    ],
)
def test_numbers(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("message", "stars"),
    [
        ("獺祭45を飲んだ、星4", 4),
        ("★★★☆☆", 3),
        ("★5", 5),
        ("rated it 5", 5),
        ("four stars", 4),
        ("8/10", 4),
        ("5点満点中4点", 4),
        ("星四つ", 4),
        ("3.5 stars", None),
        ("獺祭45", None),
    ],
)
def test_ratings(message: str, stars: int | None) -> None:
    found = find_rating(normalise(message).kana)
    assert (found[0] if found else None) == stars


def test_days_and_periods() -> None:
    assert tasting_day("昨日飲んだ", TODAY) == date(2026, 11, 29)
    assert tasting_day("3 days ago", TODAY) == date(2026, 11, 27)
    assert tasting_day("11月20日に", TODAY) == date(2026, 11, 20)
    assert tasting_day("12/24", TODAY) == date(2025, 12, 24), "a day not yet come is last year's"
    assert period("先月飲んだのは", TODAY) == (date(2026, 10, 1), date(2026, 10, 31))
    assert period("what did i drink last week", TODAY) == (date(2026, 11, 23), date(2026, 11, 29))
    assert period("今年", TODAY) == (date(2026, 1, 1), TODAY)
    assert period("おすすめは", TODAY) is None


def test_limits_in_japanese() -> None:
    c = extract(normalise("新潟の純米吟醸で2000円台、甘くないやつを3本"))
    assert (c.price_min, c.price_max) == (2000, 2999)
    assert c.prefectures == ["新潟県"] and c.categories == ["純米吟醸"]
    assert c.sweetness_max == 2 and c.count == 3


def test_limits_in_english() -> None:
    c = extract(normalise("something fruity under $20 from Tohoku for a beginner, no sparkling"))
    assert c.price_max == 3000 and c.converted_from == "$20"
    assert c.regions == ["Tohoku"] and "fruity" in c.aromas
    assert c.experience == "beginner" and c.avoid_tags == ["スパークリング"]


@pytest.mark.parametrize(
    ("message", "sweetness"),
    [
        ("辛口が好き", (None, 2)),
        ("超辛口", (None, 1)),
        ("甘いのは苦手", (None, 2)),
        ("not too sweet", (None, 3)),
        ("I don't like dry sake", (3, None)),
        ("sweet please", (4, None)),
        ("辛い料理に合う", (None, None)),
    ],
)
def test_sweetness(message: str, sweetness: tuple[int | None, int | None]) -> None:
    c = extract(normalise(message))
    assert (c.sweetness_min, c.sweetness_max) == sweetness


def test_grade_words_inside_other_words_are_not_grades() -> None:
    c = extract(normalise("吟醸香が苦手"))
    assert c.categories == [] and c.avoid_aromatic


def test_dishes_are_read_with_their_phrase() -> None:
    assert find_dish(normalise("鯛の刺身に合う酒")).shown == "鯛の刺身"  # type: ignore[union-attr]
    assert find_dish(normalise("what goes with fried chicken?")).shown == "fried chicken"  # type: ignore[union-attr]
    assert find_dish(normalise("いかがですか")) is None
    assert find_dish(normalise("辛いお酒がいい"), [(0, 5)]) is None


def test_kana_to_romaji() -> None:
    assert to_romaji("だっさい") == "dassai"
    assert to_romaji("じゅうよんだい") == "juuyondai"
    assert to_romaji("しゃらく") == "sharaku"
    assert to_romaji("いっちょらい") == "itchorai"


def test_facts_round_trip_into_limits() -> None:
    said = extract(normalise("甘いのは苦手で、スパークリングも好きじゃない。予算は3000円"))
    facts = facts_from(said, budget_said=True)
    assert {(f.key, f.value) for f in facts} == {
        ("sweetness", "prefers dry"),
        ("budget", "budget 3000 yen"),
        ("dislikes.sparkling", "dislikes sparkling"),
    }
    back = constraints_from((f.key, f.value) for f in facts)
    assert back.sweetness_max == 2 and back.price_max == 3000
    assert back.avoid_tags == ["スパークリング"]


def test_pieces_join_back_to_the_answer() -> None:
    answer = "辛口・3,000円以下のお酒を3本選びました。\n1. **Dassai 45** (獺祭 純米大吟醸 45): dry."
    parts = pieces(answer)
    assert "".join(parts) == answer
    assert len(parts) > 8
