"""The synthetic label photos: what the labels say, deterministic sets, every style, tiers that
differ, photo sizes in range, and a sake without romaji getting a Japanese label."""

from __future__ import annotations

import os
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from sakesensei.engines.vision.label_art import make_label_set, render_label
from sakesensei.engines.vision.label_fonts import FontSet, MissingFonts, find_label_fonts
from sakesensei.engines.vision.label_type import column_cells
from sakesensei.engines.vision.label_words import (
    LabelSpec,
    company_name,
    export_words,
    house_name,
    japanese_words,
)

DASSAI = LabelSpec(
    1, "獺祭 純米大吟醸 45", "旭酒造", "山口県", "純米大吟醸", 16.0, 45, 720,
    "Dassai Junmai Daiginjo 45", "Asahi Shuzo", "岩国市",
    "だっさい じゅんまいだいぎんじょう よんじゅうご", "獺祭",
)  # fmt: skip
SHICHIHONYARI = LabelSpec(
    2, "七本鎗 純米 玉栄", "冨田酒造", "滋賀県", "純米", 15.5, 60, 720,
    "Shichihonyari Junmai Tamasakae", "Tomita Shuzo", "長浜市",
    "しちほんやり じゅんまい たまさかえ", "七本鎗",
)  # fmt: skip
MASUMI = LabelSpec(
    3, "特撰 真澄 本醸造", "宮坂醸造", "長野県", "本醸造", 15.0, 70, 1800,
    "Tokusen Masumi Honjozo", "Miyasaka Jozo", "諏訪市", "とくせん ますみ ほんじょうぞう", "真澄",
)  # fmt: skip
NO_ROMAJI = LabelSpec(4, "架空乃雫", "架空酒造", "長野県", "純米吟醸")
SPECS = (DASSAI, SHICHIHONYARI, MASUMI, NO_ROMAJI)


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    try:
        return find_label_fonts()
    except MissingFonts as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{exc} (CI=true: missing label fonts are a failure)")
        pytest.skip(str(exc))


def _fingerprint(photo: Image.Image) -> tuple[tuple[int, int], bytes]:
    return photo.size, photo.tobytes()


# --- what the labels say -------------------------------------------------------------------


def test_the_brand_is_the_lead_word_of_the_name_past_rank_words() -> None:
    words = japanese_words(MASUMI, random.Random(0))
    assert words.brand == ("真澄",)
    assert words.name_rest == ("特撰", "本醸造")


def test_a_brand_of_two_words_stays_whole() -> None:
    spec = LabelSpec(
        5, "川中島 幻舞 純米吟醸 雄町", "酒千蔵野", "長野県", "純米吟醸", brand="川中島 幻舞"
    )
    assert japanese_words(spec, random.Random(0)).brand == ("川中島", "幻舞")


def test_the_grade_is_added_only_when_the_name_lacks_it() -> None:
    assert japanese_words(DASSAI, random.Random(0)).grade is None
    assert japanese_words(NO_ROMAJI, random.Random(0)).grade == "純米吟醸"


def test_a_brewery_keeps_one_company_form_on_every_label() -> None:
    company = company_name("旭酒造")
    assert company == company_name("旭酒造")
    assert "旭酒造" in company
    assert company.replace("旭酒造", "") in ("株式会社", "合資会社", "有限会社", "合名会社")
    assert company_name("株式会社一ノ蔵") == "株式会社一ノ蔵"
    assert house_name("株式会社小澤酒造") == "小澤"


def test_the_small_print_says_what_the_law_asks_for() -> None:
    lines = japanese_words(DASSAI, random.Random(3)).small_print
    assert any(line.startswith("アルコール分") for line in lines)
    assert "精米歩合45%" in lines
    assert any(line.startswith("原材料名 米") and "醸造アルコール" not in line for line in lines)
    assert any("山口県岩国市" in line for line in lines)
    honjozo = japanese_words(MASUMI, random.Random(3)).small_print
    assert any("醸造アルコール" in line for line in honjozo)


def test_an_export_label_sets_the_brand_romaji_large_and_the_grade_apart() -> None:
    dassai = export_words(DASSAI, random.Random(0))
    assert dassai is not None
    assert (dassai.brand, dassai.grade, dassai.name_rest) == ("DASSAI", "JUNMAI DAIGINJO", "45")
    assert any("japan" in line.lower() for line in dassai.small_print)
    masumi = export_words(MASUMI, random.Random(0))
    assert masumi is not None
    assert (masumi.brand, masumi.name_rest) == ("MASUMI", "Tokusen")
    assert export_words(NO_ROMAJI, random.Random(0)) is None


def test_a_column_counts_a_short_number_as_one_cell() -> None:
    assert column_cells("アルコール分15度") == 8
    assert column_cells("精米歩合60%", spacing=0.5) == 5 + 0.5 * 4


def test_no_japanese_font_is_an_error_naming_the_script(tmp_path: Path) -> None:
    with pytest.raises(MissingFonts, match=r"scripts/ensure-fonts\.sh"):
        find_label_fonts([tmp_path])


def test_font_collections_use_their_japanese_face(fonts: FontSet) -> None:
    collections = [f for f in fonts.all if f.path.suffix.lower() in (".ttc", ".otc")]
    assert all(" JP" in f.name for f in collections)
    assert fonts.print and fonts.latin


# --- the photos ----------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_photos(fonts: FontSet) -> None:
    first = list(make_label_set(SPECS, "clean", 3, 7, fonts))
    again = list(make_label_set(SPECS, "clean", 3, 7, fonts))
    other = list(make_label_set(SPECS, "clean", 3, 8, fonts))
    assert [s for _, s in first] == [s for _, s in again]
    assert [_fingerprint(p) for p, _ in first] == [_fingerprint(p) for p, _ in again]
    assert [_fingerprint(p) for p, _ in first] != [_fingerprint(p) for p, _ in other]


def test_every_five_labels_hold_two_vertical_two_horizontal_and_one_export(
    fonts: FontSet,
) -> None:
    samples = [s for _, s in make_label_set(SPECS[:3], "clean", 5, 1, fonts)]
    assert Counter(s.style for s in samples) == {"vertical": 2, "horizontal": 2, "export": 1}
    assert all(s.style == "export" for s in samples if s.brand.isascii())


def test_each_sake_comes_round_before_any_comes_twice(fonts: FontSet) -> None:
    ids = [s.sake_id for _, s in make_label_set(SPECS, "clean", 8, 2, fonts)]
    assert sorted(ids[:4]) == sorted(ids[4:]) == [1, 2, 3, 4]


def test_clean_photos_are_800_to_1400_pixels_on_the_long_side(fonts: FontSet) -> None:
    for photo, sample in make_label_set(SPECS, "clean", 4, 3, fonts):
        assert sample.tier == "clean"
        assert 795 <= max(photo.size) <= 1405
        assert photo.mode == "RGB"


def test_hard_photos_show_the_same_labels_but_differ_from_clean(fonts: FontSet) -> None:
    clean = list(make_label_set(SPECS, "clean", 2, 2, fonts))
    hard = list(make_label_set(SPECS, "hard", 2, 2, fonts))
    for (clean_photo, clean_sample), (hard_photo, hard_sample) in zip(clean, hard, strict=True):
        assert hard_sample.tier == "hard"
        assert (hard_sample.sake_id, hard_sample.style, hard_sample.font) == (
            clean_sample.sake_id,
            clean_sample.style,
            clean_sample.font,
        )
        assert 900 <= max(hard_photo.size) <= 4000
        small = (64, 64)
        a = np.asarray(clean_photo.resize(small), dtype=np.float32)
        b = np.asarray(hard_photo.resize(small), dtype=np.float32)
        assert float(np.abs(a - b).mean()) > 10  # a shelf, a turn, other light: not a copy


def test_a_sake_without_romaji_gets_a_japanese_label_instead_of_an_export_one(
    fonts: FontSet,
) -> None:
    photo, sample = render_label(NO_ROMAJI, "export", "clean", fonts)
    assert sample.style in ("vertical", "horizontal")
    assert sample.brand == "架空乃雫"
    assert photo.size[0] > 0
