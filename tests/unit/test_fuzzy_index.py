"""The typo-tolerant text index: exact matches first, near spellings after, every word needed."""

from __future__ import annotations

import pytest

from sakesensei.engines.text.fuzzy import FuzzyIndex, TextField, words

RECORDS = [
    (
        1,
        [
            TextField("獺祭 純米大吟醸 45"),
            TextField("だっさい"),
            TextField("Dassai Junmai Daiginjo 45"),
        ],
    ),
    (2, [TextField("久保田 千寿"), TextField("くぼた せんじゅ"), TextField("Kubota Senju")]),
    (
        3,
        [
            TextField("八海山 特別本醸造"),
            TextField("はっかいさん"),
            TextField("Hakkaisan Tokubetsu Honjozo"),
        ],
    ),
    (
        4,
        [
            TextField("大洋盛"),
            TextField("Taiyozakari"),
            TextField("A dry junmai with a long finish.", 0.35, fuzzy=False),
        ],
    ),
]


@pytest.fixture(scope="module")
def index() -> FuzzyIndex[int]:
    return FuzzyIndex(RECORDS)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("獺祭", 1),
        ("だっさい", 1),
        ("ダッサイ", 1),
        ("DASSAI", 1),
        ("ｄａｓｓａｉ", 1),
        ("久保田", 2),
        ("kubota", 2),
        ("Kubota Senju", 2),
        ("kubota senjyu", 2),
        ("八海山", 3),
        ("hakkaisan", 3),
        ("はっかいさん", 3),
    ],
)
def test_every_script_finds_the_record_exactly(
    index: FuzzyIndex[int], query: str, expected: int
) -> None:
    hits = index.search(query)
    assert hits[0].key == expected and hits[0].exact


@pytest.mark.parametrize(
    ("query", "expected"), [("dasai", 1), ("hakaisan", 3), ("kubotta", 2), ("ださい", 1)]
)
def test_typos_are_forgiven_but_marked_near(
    index: FuzzyIndex[int], query: str, expected: int
) -> None:
    hits = index.search(query)
    assert [h.key for h in hits] == [expected]
    assert not hits[0].exact and 70 <= hits[0].score < 100


def test_exact_matches_rank_before_near_ones() -> None:
    index = FuzzyIndex([(1, [TextField("Dassi")]), (2, [TextField("Dassai")])])
    assert [(h.key, h.exact) for h in index.search("dassai")] == [(2, True), (1, False)]


def test_every_word_must_match(index: FuzzyIndex[int]) -> None:
    assert [h.key for h in index.search("dassai 45")] == [1]
    assert index.search("dassai senju") == []


def test_prose_matches_whole_words_only_and_never_by_near_spelling(index: FuzzyIndex[int]) -> None:
    assert [h.key for h in index.search("finish")] == [4]
    assert [h.key for h in index.search("fin")] == [4]  # the start of a word
    assert index.search("finsh") == []  # prose takes no typos: common words would match anything
    assert index.search("inish") == []  # nor the inside of a word


def test_weights_order_equal_matches() -> None:
    index = FuzzyIndex([(1, [TextField("junmai", 0.35, fuzzy=False)]), (2, [TextField("Junmai")])])
    assert [h.key for h in index.search("junmai")] == [2, 1]


def test_short_latin_terms_match_word_starts_not_insides() -> None:
    index = FuzzyIndex([(1, [TextField("Dassai")]), (2, [TextField("Asahi")])])
    assert [h.key for h in index.search("as")] == [2]


def test_nothing_to_search_for_finds_nothing(index: FuzzyIndex[int]) -> None:
    assert index.search("") == [] and index.search("!!! ・・・") == []
    assert index.search("zzzzzzzz") == []


def test_words_fold_scripts_and_split_on_punctuation() -> None:
    assert words("Dassai・ダッサイ (45)") == ["dassai", "だっさい", "45"]
