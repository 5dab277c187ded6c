"""Label text as OCR reads it: character forms, kana, company forms and boilerplate."""

from __future__ import annotations

import pytest

from sakesensei.engines.vision.label_text import (
    CHINESE_FORMS,
    brewery_core,
    brewery_core_romaji,
    clean_line,
    japanese_forms,
    match_key,
    read_grade,
    romaji_words,
)


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("纯米吟酿", "純米吟醸"),
        ("純米吟釀", "純米吟醸"),
        ("樱正宗", "桜正宗"),
        ("小泽酒造", "小沢酒造"),
        ("泷自慢", "滝自慢"),
        ("大关", "大関"),
        ("白鹤", "白鶴"),
        ("丰盃", "豊盃"),
        ("伯乐星", "伯楽星"),
        ("东洋美人", "東洋美人"),
        ("华鸠", "華鳩"),
        ("长龙", "長竜"),
        ("滋贺县", "滋賀県"),
        ("玉荣", "玉栄"),
        ("龟泉", "亀泉"),
        ("凤凰美田", "鳳凰美田"),
        ("广岛", "広島"),
        ("无滤过生原酒", "無濾過生原酒"),
        ("山田锦", "山田錦"),
    ],
)
def test_chinese_character_forms_meet_the_japanese_ones(read: str, printed: str) -> None:
    assert match_key(read) == match_key(printed)


def test_chinese_forms_are_a_table_of_single_characters() -> None:
    assert len(CHINESE_FORMS) > 300
    assert all(len(a) == 1 and len(b) == 1 and a != b for a, b in CHINESE_FORMS.items())


def test_display_form_fixes_chinese_forms_but_keeps_variants_as_printed() -> None:
    assert japanese_forms("冨田酒造 純米吟釀") == "冨田酒造 純米吟醸"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("櫻正宗", "桜正宗"),
        ("澤乃井", "沢乃井"),
        ("龍力", "竜力"),
        ("萬寿", "万寿"),
        ("冩樂", "写楽"),
        ("冨田", "富田"),
        ("濵田", "浜田"),
        ("ＤＡＳＳＡＩ　４５", "dassai45"),
        ("ダッサイ", "だっさい"),
        ("ﾀﾞｯｻｲ", "だっさい"),
        ("だっさい", "たつさい"),  # small kana full size, voicing marks dropped
        ("スパークリング", "スパ一クリング"),  # a kanji 一 read for the long-vowel mark
        ("Jūyondai", "JUYONDAI"),
        ("Houhai", "hohai"),
    ],
)
def test_spellings_that_reduce_to_one_key(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


def test_kanji_that_differ_stay_apart() -> None:
    assert match_key("千寿") != match_key("百寿")
    assert match_key("純米吟醸") != match_key("純米大吟醸")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Jūyondai", ["juyondai"]),
        ("KUBOTA Senju", ["kubota", "senju"]),
        ("Kiku-Masamune", ["kiku", "masamune"]),
        ("Daiginjou", ["daiginjo"]),
        ("獺祭 45", ["45"]),
    ],
)
def test_romaji_words(text: str, words: list[str]) -> None:
    assert romaji_words(text) == words


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("冨田酒造有限会社", "冨田"),
        ("株式会社小澤酒造", "小澤"),
        ("(株)桝田酒造店", "桝田"),
        ("㈱丸山酒造場", "丸山"),
        ("今西清兵衛商店", "今西清兵衛"),
        ("久保本家酒造", "久保"),
        ("合名会社寺田本家", "寺田"),
        ("宮泉銘醸", "宮泉"),
        ("飛良泉本舗", "飛良泉"),
        ("関谷醸造", "関谷"),
        ("旭酒造", "旭酒造"),  # one character is too little to read a brewery by
        ("月桂冠", "月桂冠"),
    ],
)
def test_company_forms_and_trade_suffixes_come_off_brewery_names(name: str, core: str) -> None:
    assert brewery_core(name) == core


@pytest.mark.parametrize(
    ("romaji", "words"),
    [
        ("Tomita Shuzo", ["tomita"]),
        ("Asahi Shuzo Co., Ltd.", ["asahi"]),
        ("Sekiya Jozo", ["sekiya"]),
        ("Nishida Shuzoten", ["nishida"]),
        ("Gekkeikan", ["gekkeikan"]),
        ("Fukumitsuya Brewery", ["fukumitsuya"]),
    ],
)
def test_company_words_come_off_brewery_romaji(romaji: str, words: list[str]) -> None:
    assert brewery_core_romaji(romaji) == words


@pytest.mark.parametrize(
    "line",
    [
        "アルコール分15度以上16度未満",
        "アルコール分 17度",
        "精米歩合50%",
        "精米 歩合 60%",
        "原材料名 米(国産)・米こうじ(国産)・醸造アルコール",
        "内容量720ml",
        "製造年月 2024.03",
        "製造年月2025年8月",
        "お酒は20歳になってから",
        "20歳未満の者の飲酒は法律で禁止されています",
        "妊娠中や授乳期の飲酒は胎児・乳児の発育に悪影響を与えるおそれがあります",
        "保存方法 冷暗所に保存してください",
        "要冷蔵",
        "山口県岩国市周東町獺越2167-4",
        "Alc. 16% by vol.",
        "ALC. 15.5% BY VOL.",
        "720 mL",
        "1.8L",
        "Product of Japan",
        "Sake",
        "JAPANESE SAKE",
        "Rice wine",
        "Rice polishing ratio 50%",
        "Ingredients: rice, rice koji",
        # what OCR makes of the same lines
        "精米歩50%",
        "精米少合70%",
        "アルコー分",
        "原材科名米·米麹",
        "アル」ル分15度以上16度未満",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    assert clean_line(line) == ""


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("製造者 株式会社旭酒造 山口県岩国市周東町", "旭酒造"),
        ("冨田酒造有限会社滋賀県長浜市", "冨田酒造"),
        ("純米吟醸 精米歩合50%", "純米吟醸"),
        ("Brewed by Asahi Shuzo Co., Ltd.", "Asahi Shuzo"),
        ("製造元 株式会社旭酒造山口県岩国市お酒は20歳になってから", "旭酒造"),
    ],
)
def test_boilerplate_is_cut_out_of_a_line_that_holds_more(line: str, kept: str) -> None:
    assert clean_line(line) == kept


@pytest.mark.parametrize(
    "line",
    ["獺祭 純米大吟醸 45", "松の司 AZOLLA 50", "玉乃光 備前雄町100%", "二割三分", "清酒 ひこ孫"],
)
def test_product_words_and_numbers_stay(line: str) -> None:
    assert match_key(clean_line(line)) == match_key(line)


def test_chinese_forms_are_fixed_before_boilerplate_is_looked_for() -> None:
    assert clean_line("精米步合60%") == ""
    assert clean_line("纯米吟酿") == "純米吟醸"


@pytest.mark.parametrize(
    ("key", "latin", "grade"),
    [
        ("純米大吟醸", "", "純米大吟醸"),
        ("純米吟醸無濾過生原酒", "", "純米吟醸"),
        ("純米吟", "", "純米吟醸"),  # OCR dropped the last character
        ("特別純米酒", "", "特別純米"),
        ("", "JUNMAI DAIGINJO", "純米大吟醸"),
        ("", "JUNMAIDAIGINJO", "純米大吟醸"),
        ("", "Jvnmai Ginjo", "純米吟醸"),
        ("", "TOKUBETSU JUNMAI", "特別純米"),
        ("", "Junmaishu", "純米"),
        ("", "HITAKAMI GINJO", "吟醸"),  # not daiginjo, for all "kamiginjo" resembles it
        ("", "KODAI GINJO", "吟醸"),
        ("八海山", "", None),
    ],
)
def test_the_grade_a_label_states(key: str, latin: str, grade: str | None) -> None:
    assert read_grade(match_key(key), romaji_words(latin)) == grade
