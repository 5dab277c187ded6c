"""How real files spell prefectures, grades, style words and names."""

from __future__ import annotations

import pytest

from sakesensei.domain.grades import OTHER, normalize_tag, parse_category
from sakesensei.domain.prefectures import PREFECTURE_NAMES, normalize_prefecture
from sakesensei.domain.spelling import search_key, to_hiragana


@pytest.mark.parametrize(
    "raw",
    [
        "山口県",
        "山口",
        "Yamaguchi",
        "yamaguchi-ken",
        "Yamaguchi Prefecture",
        " ＹＡＭＡＧＵＣＨＩ ",
    ],
)
def test_every_common_spelling_of_a_prefecture_is_read(raw: str) -> None:
    assert normalize_prefecture(raw) == "山口県"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("北海道", "北海道"),
        ("Hokkaido", "北海道"),
        ("東京", "東京都"),
        ("Tokyo-to", "東京都"),
        ("京都", "京都府"),
        ("Kyoto-fu", "京都府"),
        ("Hyōgo", "兵庫県"),
        ("Gumma", "群馬県"),
        ("大阪", "大阪府"),
        ("Kōchi", "高知県"),
    ],
)
def test_prefecture_suffixes_and_macrons(raw: str, expected: str) -> None:
    assert normalize_prefecture(raw) == expected


@pytest.mark.parametrize("raw", ["", "Atlantis", "山口市", "Tokyo Tower", "県"])
def test_a_place_that_is_no_prefecture_is_refused(raw: str) -> None:
    assert normalize_prefecture(raw) is None


def test_there_are_47_prefectures() -> None:
    assert len(PREFECTURE_NAMES) == 47


@pytest.mark.parametrize(
    ("raw", "grade", "tags"),
    [
        ("純米酒", "純米", ()),
        ("吟醸酒", "吟醸", ()),
        ("本醸造酒", "本醸造", ()),
        ("普通酒", "普通酒", ()),
        ("純米大吟醸", "純米大吟醸", ()),
        ("山廃純米", "純米", ("山廃",)),
        ("生酛純米吟醸", "純米吟醸", ("生酛",)),
        ("生もと 特別純米", "特別純米", ("生酛",)),
        ("純米吟醸 生酒", "純米吟醸", ("生酒",)),
        ("純米大吟醸原酒", "純米大吟醸", ("原酒",)),
        ("Junmai Daiginjo", "純米大吟醸", ()),
        ("junmai-ginjo", "純米吟醸", ()),
        ("Tokubetsu Honjozo", "特別本醸造", ()),
        ("Daiginjyo", "大吟醸", ()),
        ("Kimoto Junmai", "純米", ("生酛",)),
        ("futsushu", "普通酒", ()),
    ],
)
def test_categories_become_grades_with_style_tags(
    raw: str, grade: str, tags: tuple[str, ...]
) -> None:
    parsed = parse_category(raw)
    assert (parsed.category, parsed.tags) == (grade, tags)


def test_a_plain_grade_keeps_no_original_text() -> None:
    assert parse_category("純米酒").original is None
    assert parse_category("山廃純米").original == "山廃純米"


@pytest.mark.parametrize(
    ("raw", "tags"), [("にごり酒", ("にごり",)), ("古酒", ("古酒",)), ("特撰", ())]
)
def test_a_category_without_a_grade_is_other_with_its_text(raw: str, tags: tuple[str, ...]) -> None:
    parsed = parse_category(raw)
    assert parsed.category == OTHER
    assert parsed.original == raw
    assert parsed.tags == tags


@pytest.mark.parametrize(
    ("raw", "tag"),
    [("nigori", "にごり"), ("きもと", "生酛"), ("Yamahai", "山廃"), ("発泡", "スパークリング")],
)
def test_style_words_map_to_one_tag(raw: str, tag: str) -> None:
    assert normalize_tag(raw) == tag


def test_kanji_kana_and_romaji_forms_reduce_to_what_is_stored() -> None:
    assert search_key("ダッサイ") == search_key("だっさい") == "だっさい"
    assert search_key("ＤＡＳＳＡＩ") == search_key("Dassai") == "dassai"
    assert search_key("櫻正宗") == search_key("桜正宗")
    assert search_key("Jyuyondai") == search_key("Juyondai")
    assert search_key("Tōyō Bijin") == search_key("Toyo Bijin") == "toyobijin"
    assert to_hiragana("ダッサイ 45") == "だっさい 45"
