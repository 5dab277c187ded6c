"""Matching what OCR read off a label to the catalog, with a confidence.

Every sake here is invented: the matcher must work for a catalog it has never seen.
"""

from __future__ import annotations

import random

import pytest

from sakesensei.engines.vision.label_confidence import (
    FEATURE_NAMES,
    THRESHOLD,
    ConfidenceFeatures,
    confidence,
    fit_coefficients,
    precision_at,
)
from sakesensei.engines.vision.label_match import LabelEntry, LabelIndex
from sakesensei.engines.vision.reading import ReadLine

CATALOG = [
    LabelEntry(
        1,
        "雲海桜 純米 玉栄",
        "うんかいざくら じゅんまい たまさかえ",
        "Unkaizakura Junmai Tamasakae",
        "純米",
        "雲海酒造",
        "Unkai Shuzo",
    ),
    LabelEntry(
        2,
        "雲海桜 純米吟醸 無濾過生原酒 玉栄",
        None,
        "Unkaizakura Junmai Ginjo Muroka Namagenshu Tamasakae",
        "純米吟醸",
        "雲海酒造",
        "Unkai Shuzo",
    ),
    LabelEntry(
        3,
        "雲海桜 純米大吟醸 二割三分",
        None,
        "Unkaizakura Junmai Daiginjo Niwari Sanbu",
        "純米大吟醸",
        "雲海酒造",
        "Unkai Shuzo",
    ),
    LabelEntry(
        4,
        "雲海桜 純米大吟醸 50",
        None,
        "Unkaizakura Junmai Daiginjo 50",
        "純米大吟醸",
        "雲海酒造",
        "Unkai Shuzo",
    ),
    LabelEntry(
        5,
        "鳳鳴川 特別純米 辛口",
        None,
        "Homeigawa Tokubetsu Junmai Karakuchi",
        "特別純米",
        "鳳鳴酒造店",
        "Homei Shuzoten",
    ),
    LabelEntry(
        6,
        "鳳鳴川 大吟醸 千年",
        None,
        "Homeigawa Daiginjo Sennen",
        "大吟醸",
        "鳳鳴酒造店",
        "Homei Shuzoten",
    ),
    LabelEntry(
        7, "澤之月 本醸造", None, "Sawanotsuki Honjozo", "本醸造", "澤之月酒造", "Sawanotsuki Shuzo"
    ),
    LabelEntry(
        8,
        "光龍 純米吟醸 雄町",
        None,
        "Kōryū Junmai Ginjo Omachi",
        "純米吟醸",
        "光龍醸造",
        "Koryu Jozo",
    ),
    LabelEntry(
        9,
        "光龍 純米吟醸 山田錦",
        None,
        "Kōryū Junmai Ginjo Yamada Nishiki",
        "純米吟醸",
        "光龍醸造",
        "Koryu Jozo",
    ),
    LabelEntry(
        10,
        "ほしかげ 生酛 純米",
        None,
        "Hoshikage Kimoto Junmai",
        "純米",
        "星影酒造",
        "Hoshikage Shuzo",
    ),
]


def lines(*texts: str | tuple[str, float]) -> list[ReadLine]:
    """Horizontal lines top to bottom; a (text, size) pair sets the glyph size (default 40)."""
    out = []
    y = 0.0
    for item in texts:
        text, size = (item, 40.0) if isinstance(item, str) else item
        out.append(ReadLine(text, 0.95, (10.0, y, 10.0 + size * len(text), y + size)))
        y += size * 1.3
    return out


@pytest.fixture(scope="module")
def index() -> LabelIndex:
    return LabelIndex(CATALOG)


def best(index: LabelIndex, read: list[ReadLine]) -> int:
    match = index.match(read)
    assert match.candidates, "no candidates"
    return match.candidates[0].sake_id


@pytest.mark.parametrize(
    ("read", "sake_id"),
    [
        (lines(("雲海桜", 120), "純米", "玉栄", ("雲海酒造株式会社", 20)), 1),
        (lines(("雲海桜", 120), "純米吟醸", "無濾過生原酒", "玉栄", ("雲海酒造株式会社", 20)), 2),
        (lines(("雲海桜", 120), "純米大吟醸", "二割三分"), 3),
        (lines(("雲海桜", 120), "純米大吟醸", "50"), 4),
        (lines(("鳳鳴川", 120), "特別純米", "辛口"), 5),
        (lines(("鳳鳴川", 120), "大吟醸", "千年"), 6),
        (lines(("光龍", 120), "純米吟醸", "雄町"), 8),
        (lines(("光龍", 120), "純米吟醸", "山田錦"), 9),
    ],
)
def test_the_right_sake_among_siblings_of_one_brand(
    index: LabelIndex, read: list[ReadLine], sake_id: int
) -> None:
    assert best(index, read) == sake_id


def test_a_printed_grade_tells_siblings_apart_when_the_name_does_not(index: LabelIndex) -> None:
    # 純米 is inside 純米吟醸: the label that says more must not go to the shorter name.
    assert best(index, lines(("雲海桜", 120), "純米吟醸無濾過生原酒玉栄")) == 2
    assert best(index, lines(("雲海桜", 120), "純米玉栄")) == 1


def test_chinese_character_forms_from_the_ocr_model(index: LabelIndex) -> None:
    read = lines(("云海樱", 120), "纯米吟酿", "无滤过生原酒", "玉荣")
    assert best(index, read) == 2
    assert best(index, lines(("光龙", 120), "纯米吟酿", "山田锦")) == 9


def test_old_and_new_kanji_forms(index: LabelIndex) -> None:
    assert best(index, lines(("沢之月", 120), "本醸造")) == 7
    assert best(index, lines(("光竜", 120), "純米吟醸", "雄町")) == 8


def test_misread_and_dropped_characters(index: LabelIndex) -> None:
    assert best(index, lines(("雲海", 120), "純米大吟", "二割三")) == 3
    assert best(index, lines(("ほしかけ", 120), "生もと純米")) == 10


def test_boilerplate_does_not_count(index: LabelIndex) -> None:
    # 精米歩合50% must not make this the sibling named 50.
    read = lines(
        ("雲海桜", 120),
        "純米大吟醸",
        "二割三分",
        ("アルコール分16度 精米歩合50%", 16),
        ("原材料名 米(国産)・米こうじ(国産)", 16),
        ("内容量720ml 製造年月2024.03", 16),
        ("製造者 雲海酒造株式会社 新潟県長岡市本町1-2-3", 16),
        ("お酒は20歳になってから", 16),
    )
    match = index.match(read)
    assert match.candidates[0].sake_id == 3
    assert "精米" not in match.read_text and "720" not in match.read_text
    assert match.read_text.startswith("雲海桜")


@pytest.mark.parametrize(
    ("read", "sake_id"),
    [
        (lines(("UNKAIZAKURA", 100), "JUNMAI DAIGINJO", "50", ("Unkai Shuzo Co., Ltd.", 16)), 4),
        (lines(("UNKAIZAKURA", 100), "JUNMAI DAIGINJO", "NIWARI SANBU"), 3),
        (lines(("KORYU", 100), "Junmai Ginjo", "Omachi", ("Alc. 16% 720ml", 14)), 8),
        (lines(("Kōryū", 100), "JUNMAI GINJO", "YAMADA NISHIKI"), 9),
        (lines(("HOMEIGAWA", 100), "Tokubetsu Junmai", "Karakuchi", ("Product of Japan", 14)), 5),
    ],
)
def test_romaji_only_export_labels(index: LabelIndex, read: list[ReadLine], sake_id: int) -> None:
    assert best(index, read) == sake_id


def test_romaji_split_or_misspelt_by_ocr(index: LabelIndex) -> None:
    assert best(index, lines(("HOMEI GAWA", 100), "Daigin jo", "Sennen")) == 6
    assert best(index, lines(("UNKAIZAKLRA", 100), "JUNMAI", "TAMASAKAE")) == 1


def test_vertical_columns_are_read_right_to_left(index: LabelIndex) -> None:
    columns = [
        ReadLine("玉栄", 0.9, (20, 300, 60, 400)),
        ReadLine("雲海桜", 0.9, (300, 20, 420, 400)),
        ReadLine("純米", 0.9, (150, 100, 190, 200)),
    ]
    match = index.match(columns)
    assert match.read_text == "雲海桜 純米 玉栄"
    assert match.candidates[0].sake_id == 1


def test_candidates_are_scored_best_first_within_the_limit(index: LabelIndex) -> None:
    match = index.match(lines(("雲海桜", 120), "純米"), limit=3)
    scores = [c.score for c in match.candidates]
    assert len(scores) == 3
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert 0.0 <= match.confidence <= 1.0


def test_confidence_is_high_for_a_clear_label(index: LabelIndex) -> None:
    read = lines(("雲海桜", 120), "純米吟醸", "無濾過生原酒", "玉栄", ("雲海酒造", 20))
    assert index.match(read).confidence >= THRESHOLD


@pytest.mark.parametrize(
    "read",
    [
        lines("hello world", "the quick brown fox"),
        lines(("富士山", 120), "東京タワー"),
        lines(("アルコール分15度", 16), ("内容量720ml", 16)),
        [],
    ],
)
def test_confidence_is_low_when_the_text_matches_nothing(
    index: LabelIndex, read: list[ReadLine]
) -> None:
    assert index.match(read).confidence < 0.3


@pytest.mark.parametrize(
    "read",
    [
        lines(("光龍", 120)),  # two sake of this brand, nothing else to tell them apart
        lines(("光龍", 120), "純米吟醸"),
        lines(("KORYU", 100), "JUNMAI GINJO"),
    ],
)
def test_confidence_is_low_when_siblings_tie(index: LabelIndex, read: list[ReadLine]) -> None:
    match = index.match(read)
    assert {c.sake_id for c in match.candidates[:2]} == {8, 9}
    assert match.confidence < THRESHOLD


def test_nothing_read_gives_no_candidates(index: LabelIndex) -> None:
    match = index.match([])
    assert match.candidates == [] and match.confidence == 0.0 and match.read_text == ""


def test_boosts_raise_the_sake_users_chose_for_this_label(index: LabelIndex) -> None:
    read = lines(("光龍", 120), "純米吟醸")
    unboosted = index.match(read)
    other = next(c.sake_id for c in unboosted.candidates[:2] if c.sake_id != 9)
    assert index.match(read, boosts={9: 0.2}).candidates[0].sake_id == 9
    assert index.match(read, boosts={other: 0.2}).candidates[0].sake_id == other


def test_a_boost_brings_in_a_sake_the_text_alone_would_not(index: LabelIndex) -> None:
    match = index.match(lines(("光龍", 120)), boosts={10: 1.0})
    assert 10 in {c.sake_id for c in match.candidates}


def test_features_are_exposed_for_calibration(index: LabelIndex) -> None:
    match = index.match(lines(("雲海桜", 120), "純米", "玉栄"))
    vector = match.features.vector()
    assert len(vector) == len(FEATURE_NAMES)
    assert all(0.0 <= v <= 1.0 for v in vector)
    assert confidence(match.features) == pytest.approx(match.confidence)


def _invented_catalog(size: int, seed: int) -> list[LabelEntry]:
    """Random brands from random kanji, with the product words real names use."""
    rng = random.Random(seed)
    kanji = "山川海月花雪風鶴亀松竹梅泉光龍鳳桜菊白黒金銀天地水森谷峰里宮城浦岡島田野原"
    words = [
        "純米",
        "純米吟醸",
        "純米大吟醸",
        "本醸造",
        "辛口",
        "生原酒",
        "無濾過",
        "山田錦",
        "雄町",
        "五百万石",
        "50",
        "60",
        "しぼりたて",
        "ひやおろし",
    ]
    grades = ["純米", "純米吟醸", "純米大吟醸", "本醸造", "特別純米", "普通酒"]
    out = []
    for i in range(size):
        brand = "".join(rng.choice(kanji) for _ in range(rng.choice((2, 2, 3))))
        name = " ".join([brand, *rng.sample(words, rng.randint(0, 3))])
        out.append(LabelEntry(1000 + i, name, None, None, rng.choice(grades), f"{brand}酒造", None))
    return out


def test_an_index_of_twenty_thousand_still_finds_the_one_on_the_label() -> None:
    index = LabelIndex(CATALOG + _invented_catalog(20_000, seed=5))
    assert len(index) == 20_000 + len(CATALOG)
    assert best(index, lines(("雲海桜", 120), "純米大吟醸", "二割三分", ("雲海酒造", 20))) == 3
    assert best(index, lines(("鳳鳴川", 120), "特別純米", "辛口")) == 5
    assert best(index, lines(("KORYU", 100), "Junmai Ginjo", "Yamada Nishiki")) == 9


def test_fit_coefficients_learns_which_way_a_feature_points() -> None:
    rng = random.Random(3)
    vectors, right = [], []
    for _ in range(400):
        margin = rng.random()
        vectors.append((0.5, margin, 0.5, 0.5, 0.9))
        right.append(rng.random() < margin)
    intercept, coefficients = fit_coefficients(vectors, right)
    assert coefficients[FEATURE_NAMES.index("margin")] > 1.0
    sure = ConfidenceFeatures(0.5, 0.95, 0.5, 0.5, 0.9)
    unsure = ConfidenceFeatures(0.5, 0.05, 0.5, 0.5, 0.9)
    assert confidence(sure, intercept, coefficients) > confidence(unsure, intercept, coefficients)


def test_precision_at_the_threshold() -> None:
    precision, reach = precision_at([0.9, 0.8, 0.75, 0.2], [True, True, False, True])
    assert precision == pytest.approx(2 / 3)
    assert reach == pytest.approx(2 / 3)
