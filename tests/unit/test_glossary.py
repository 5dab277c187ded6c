"""The shipped glossary: complete enough for a beginner, and found by any way a term is typed."""

from __future__ import annotations

import pytest

from sakesensei.domain.catalog import TEMPERATURES
from sakesensei.domain.errors import InvalidInput, NotFound
from sakesensei.domain.grades import GRADES
from sakesensei.services.glossary import Glossary, GlossaryEntry, shipped_glossary

REQUIRED = (
    "精米歩合",
    "日本酒度",
    "酸度",
    "生酛",
    "山廃",
    "原酒",
    "生酒",
    "生詰",
    "生貯蔵",
    "ひやおろし",
    "冷や",
    "冷酒",
    "燗酒",
    *GRADES,
    "特定名称酒",
    "無濾過",
    "にごり",
    "古酒",
    "山田錦",
    "五百万石",
    "雄町",
    "美山錦",
    "杜氏",
    "蔵元",
    "酒米",
    "麹",
    "酒母",
    "吟醸香",
    "四合瓶",
    "一升瓶",
)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return shipped_glossary()


def _terms(found: list[GlossaryEntry]) -> list[str]:
    return [e.term for e in found]


def test_every_term_a_beginner_meets_is_explained_in_both_languages(glossary: Glossary) -> None:
    terms = {e.term for e in glossary.entries}
    assert len(glossary.entries) >= 40
    assert set(REQUIRED) <= terms
    # Every named serving temperature has an entry of its own (冷や has one too).
    assert {t for t in TEMPERATURES} <= terms
    for entry in glossary.entries:
        assert entry.reading and entry.romaji and entry.english and entry.kind, entry.term
        assert len(entry.ja) >= 30 and len(entry.en) >= 60, entry.term
        assert set(entry.related) <= terms, entry.term
        assert entry.term not in entry.related
    assert len(terms) == len(glossary.entries)  # no term twice


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("精米歩合", ["精米歩合"]),
        ("せいまいぶあい", ["精米歩合"]),
        ("セイマイブアイ", ["精米歩合"]),
        ("SEIMAI BUAI", ["精米歩合"]),
        ("polishing ratio", ["精米歩合"]),
        ("seimaibuwai", ["精米歩合"]),  # a typo
        ("SMV", ["日本酒度"]),
        ("nihonshu-do", ["日本酒度"]),
        ("生もと", ["生酛"]),
        ("Yamahai", ["山廃"]),
        ("冷やおろし", ["ひやおろし"]),
        ("hiyaoroshi", ["ひやおろし"]),
        ("冷や vs 冷酒", ["冷や", "冷酒"]),
        ("冷酒と冷やの違いは？", ["冷酒", "冷や"]),
        ("お燗の温度", ["燗酒"]),
        ("nurukan", ["ぬる燗"]),
        ("熱燗とぬる燗", ["熱燗", "ぬる燗"]),
        ("純米大吟醸って何", ["純米大吟醸"]),  # not 純米 or 吟醸 inside it
        ("junmai daiginjou", ["純米大吟醸"]),
        ("Tokubetsu Honjozo", ["特別本醸造"]),
        ("futsushu", ["普通酒"]),
        ("sake rice", ["酒米"]),
        ("omachi", ["雄町"]),
        ("五百萬石", ["五百万石"]),  # the old form of the kanji
        ("toji", ["杜氏"]),
        ("720ml", ["四合瓶"]),
        ("what is nama sake?", ["生酒"]),
    ],
)
def test_lookup_finds_a_term_written_any_way(
    glossary: Glossary, query: str, terms: list[str]
) -> None:
    assert _terms(glossary.lookup(query)) == terms


def test_an_unknown_term_is_answered_with_suggestions_or_examples(glossary: Glossary) -> None:
    with pytest.raises(NotFound, match="did you mean 純米"):
        glossary.lookup("jummai")
    with pytest.raises(NotFound, match=r"no entry for 'ワイン'; it explains \d+ terms"):
        glossary.lookup("ワイン")


@pytest.mark.parametrize("query", ["", "   ", "!!!", "x" * 201])
def test_nothing_to_look_up_is_invalid_input(glossary: Glossary, query: str) -> None:
    with pytest.raises(InvalidInput):
        glossary.lookup(query)


def test_the_glossary_is_read_once(glossary: Glossary) -> None:
    assert shipped_glossary() is glossary
