"""What a synthetic sake label says: the brand set large, the grade, the brewery as a company
and the small print the law asks for, in Japanese or (on export labels) in romaji.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass

from sakesensei.domain.grades import GRADE_ROMAJI, GRADES
from sakesensei.domain.prefectures import ROMAJI_BY_PREFECTURE

# Words printed before the brand on some labels (特撰 真澄): never the brand themselves.
RANK_WORDS = frozenset({"超特撰", "特撰", "上撰", "佳撰", "特選", "上選", "極上", "金撰", "優撰"})
_GRADE_ROMAJI = frozenset(
    {"junmai", "junmaishu", "ginjo", "ginjoshu", "daiginjo", "honjozo", "tokubetsu"}
    | {"futsushu", "josen", "tokusen", "chotokusen", "kasen"}
)
_COMPANY_FORMS = ("株式会社", "合資会社", "有限会社", "合名会社")
# Grades brewed with added distilled alcohol, which the ingredient line must name.
_WITH_ALCOHOL = frozenset({"大吟醸", "吟醸", "特別本醸造", "本醸造", "普通酒"})
_SMALL_KANA = set("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_TRADE_ENDINGS = re.compile(
    r"(酒造店|酒造場|酒造|醸造店|醸造元|醸造|本店|商店|酒類製造|本舗|本家|銘醸)$"
)


@dataclass(frozen=True, slots=True)
class LabelSpec:
    """One catalog sake as a label shows it. brand, when given, is the brewery's main brand:
    used as the large word only if the name contains it, else the name's lead word is."""

    sake_id: int
    name: str
    brewery: str
    prefecture: str
    category: str
    abv: float | None = None
    polishing_ratio: int | None = None
    volume_ml: int | None = None
    romaji: str | None = None
    brewery_romaji: str | None = None
    city: str | None = None
    reading: str | None = None
    brand: str | None = None


@dataclass(frozen=True, slots=True)
class LabelWords:
    """The Japanese text of one label."""

    brand: tuple[str, ...]  # the large word(s); a vertical label gives each its own column
    name_rest: tuple[str, ...]  # the rest of the product name, in order
    grade: str | None  # the grade, when the name does not already say it
    brewery: str  # as the front shows it
    company: str  # with its company form, as the maker line shows it
    small_print: tuple[str, ...]
    seal: str  # the two characters of the red stamp: the brewery's house name


@dataclass(frozen=True, slots=True)
class ExportWords:
    """The romaji text of an export label."""

    brand: str  # upper case, e.g. DASSAI
    name_rest: str  # e.g. Sparkling 45
    grade: str | None  # e.g. JUNMAI DAIGINJO
    small_print: tuple[str, ...]


def brand_span(spec: LabelSpec) -> tuple[int, int]:
    """Which words of the name are the brand: [start, end) indexes."""
    words = spec.name.split()
    if spec.brand:
        hint = spec.brand.split()
        for start in range(len(words) - len(hint) + 1):
            if words[start : start + len(hint)] == hint:
                return start, start + len(hint)
    for index, word in enumerate(words):
        if word not in RANK_WORDS and word not in GRADES:
            return index, index + 1
    return 0, 1


def japanese_words(spec: LabelSpec, rng: random.Random) -> LabelWords:
    """The Japanese text of spec's label; rng picks among the ways labels print the same facts."""
    words = spec.name.split()
    start, end = brand_span(spec)
    rest = tuple(words[:start] + words[end:])
    grade = None
    if spec.category in GRADES and spec.category != "普通酒" and spec.category not in spec.name:
        grade = spec.category + ("酒" if spec.category == "純米" and rng.random() < 0.5 else "")
    company = company_name(spec.brewery)
    front = company if rng.random() < 0.5 else spec.brewery
    return LabelWords(
        brand=tuple(words[start:end]),
        name_rest=rest,
        grade=grade,
        brewery=front,
        company=company,
        small_print=_small_print(spec, company, rng),
        seal=house_name(spec.brewery)[:2] or "蔵元",
    )


def house_name(brewery: str) -> str:
    """The brewery without its company form or trade ending: 株式会社小澤酒造 -> 小澤."""
    core = re.sub(r"[(（][株有資名][)）]|㈱|㈲", "", brewery)
    for form in _COMPANY_FORMS:
        core = core.replace(form, "")
    core = core.strip()
    stripped = _TRADE_ENDINGS.sub("", core)
    return stripped or core


def company_name(brewery: str) -> str:
    """The brewery with a company form, the same one for a brewery on every label."""
    if any(form in brewery for form in (*_COMPANY_FORMS, "会社", "組合")):
        return brewery
    pick = zlib.crc32(brewery.encode("utf-8"))
    form = _COMPANY_FORMS[0] if pick % 10 < 7 else _COMPANY_FORMS[1 + pick % 3]
    return f"{brewery}{form}" if pick % 3 == 0 and form == "株式会社" else f"{form}{brewery}"


def _small_print(spec: LabelSpec, company: str, rng: random.Random) -> tuple[str, ...]:
    lines: list[str] = []
    if spec.abv is not None:
        lines.append("アルコール分" + _abv_ja(spec.abv, rng))
    if spec.polishing_ratio is not None:
        lines.append(f"精米歩合{spec.polishing_ratio}%")
    koji = rng.choice(("米こうじ", "米麹"))
    ingredients = f"米(国産)・{koji}(国産)" if rng.random() < 0.7 else f"米・{koji}"
    if spec.category in _WITH_ALCOHOL:
        ingredients += "・醸造アルコール"
    lines.append(f"原材料名 {ingredients}")
    if spec.volume_ml is not None:
        lines.append(f"内容量 {_volume_ja(spec.volume_ml, rng)}")
    maker = rng.choice(("製造者", "製造者", "製造元", "醸造元"))
    lines.append(f"{maker} {company} {spec.prefecture}{spec.city or ''}".strip())
    if rng.random() < 0.5:
        year, month = rng.randint(2023, 2025), rng.randint(1, 12)
        lines.append(rng.choice((f"製造年月 {year}.{month:02d}", f"製造年月 {year}年{month}月")))
    if "生" in spec.name and "生酛" not in spec.name and rng.random() < 0.7:
        lines.append("要冷蔵")
    if rng.random() < 0.3:
        lines.append("お酒は20歳になってから")
    return tuple(lines)


def _abv_ja(abv: float, rng: random.Random) -> str:
    low = int(abv)
    if abv != low or rng.random() < 0.3:
        return rng.choice((f"{low}度以上{low + 1}度未満", f"{abv:g}度"))
    return rng.choice((f"{low}度", f"{low}度", f"{low}%"))


def _volume_ja(volume: int, rng: random.Random) -> str:
    if volume % 1000 == 0 or (volume in (1800, 1500) and rng.random() < 0.5):
        return f"{volume / 1000:g}L"
    return f"{volume}ml" if rng.random() < 0.8 else f"{volume}mL"


def export_words(spec: LabelSpec, rng: random.Random) -> ExportWords | None:
    """The romaji label, or None for a record without romaji."""
    if not spec.romaji:
        return None
    romaji = spec.romaji.split()
    start, end = brand_span(spec)
    words = spec.name.split()
    readings = (spec.reading or "").split()
    skip = start if all(w.lower() in _GRADE_ROMAJI for w in romaji[:start]) else 0
    after = romaji[skip:]
    most = max(1, len(after) - (len(words) - end))
    if readings[start:end]:
        # Reading words mostly match name words one for one; when they do not, the first
        # reading words still say roughly how long the brand is in romaji.
        target = sum(_romaji_length(r) for r in readings[start:end])
        take = min(range(1, most + 1), key=lambda k: abs(len("".join(after[:k])) - target))
    else:
        take = next((k for k in range(1, most) if after[k].lower() in _GRADE_ROMAJI), most)
    brand = " ".join(after[:take]).upper()
    rest = " ".join(romaji[:skip] + after[take:])
    grade_words = GRADE_ROMAJI.get(spec.category, "")
    grade: str | None = None
    match = (
        re.search(rf"\b{re.escape(grade_words)}(?:shu)?\b", rest, re.IGNORECASE)
        if grade_words
        else None
    )
    if match:
        grade = grade_words.upper()
        rest = (rest[: match.start()] + rest[match.end() :]).strip()
        rest = re.sub(r"\s+", " ", rest)
    elif spec.category in GRADES and spec.category != "普通酒":
        grade = grade_words.upper()
    return ExportWords(brand, rest, grade, _export_small_print(spec, rng))


def _export_small_print(spec: LabelSpec, rng: random.Random) -> tuple[str, ...]:
    lines = [rng.choice(("Product of Japan", "PRODUCT OF JAPAN", "Made in Japan"))]
    if spec.abv is not None:
        lines.append(rng.choice((f"Alc. {spec.abv:g}% vol", f"ALC. {spec.abv:g}% BY VOL.")))
    if spec.volume_ml is not None:
        lines.append(rng.choice((f"{spec.volume_ml} ml", f"{spec.volume_ml} mL")))
    if spec.polishing_ratio is not None and rng.random() < 0.6:
        lines.append(f"Rice polishing ratio {spec.polishing_ratio}%")
    alcohol = ", brewer's alcohol" if spec.category in _WITH_ALCOHOL else ""
    if rng.random() < 0.5:
        lines.append(f"Ingredients: rice, rice koji{alcohol}")
    if spec.brewery_romaji:
        company = rng.choice(("", " Co., Ltd.", " Co., Ltd."))
        lines.append(f"Brewed by {spec.brewery_romaji}{company}")
    prefecture = ROMAJI_BY_PREFECTURE.get(spec.prefecture)
    if prefecture:
        lines.append(f"{prefecture}, Japan")
    return tuple(lines)


def _romaji_length(kana: str) -> float:
    """About how many Latin letters a kana reading takes in romaji."""
    length = 0.0
    for char in kana:
        if char in "あいうえおアイウエオんンー":
            length += 1
        elif char in _SMALL_KANA:
            length += 0.5
        else:
            length += 2
    return length
