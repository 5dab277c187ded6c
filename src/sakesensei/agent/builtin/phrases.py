"""How the sommelier writes about a sake, a price or a taste, in Japanese and in English.

Every name written here comes from a tool result handed in; nothing is looked up.
"""

from __future__ import annotations

from collections.abc import Sequence

from sakesensei.agent.builtin.constraints import Constraints
from sakesensei.agent.builtin.facts import STYLE_EN
from sakesensei.agent.tools.records import SakeSummary
from sakesensei.domain.catalog import AROMA_JA
from sakesensei.domain.prefectures import ROMAJI_BY_PREFECTURE
from sakesensei.domain.regions import REGION_NAMES_JA

SWEETNESS_JA = {1: "かなり辛口", 2: "辛口", 3: "中口", 4: "やや甘口", 5: "甘口"}
SWEETNESS_EN = {1: "very dry", 2: "dry", 3: "medium", 4: "sweetish", 5: "sweet"}
BODY_JA = {1: "とても軽快", 2: "軽快", 3: "程よいコク", 4: "しっかりしたコク", 5: "濃厚"}
BODY_EN = {1: "very light", 2: "light", 3: "medium-bodied", 4: "full", 5: "rich"}
ACIDITY_JA = {
    1: "酸味は穏やか",
    2: "酸味はやさしめ",
    3: "程よい酸味",
    4: "酸味がしっかり",
    5: "鋭い酸味",
}
ACIDITY_EN = {
    1: "soft acidity",
    2: "gentle acidity",
    3: "moderate acidity",
    4: "lively acidity",
    5: "sharp acidity",
}
REGION_EN = {"Kinki": "Kansai (Kinki)"}
SUBREGION_JA = {"Hokuriku": "北陸", "Koshinetsu": "甲信越", "Tokai": "東海"}


def yen(amount: int | None, lang: str) -> str:
    if amount is None:
        return "価格不明" if lang == "ja" else "price unknown"
    return f"{amount:,}円" if lang == "ja" else f"¥{amount:,}"


def join(items: Sequence[str], lang: str) -> str:
    items = [i for i in items if i]
    if lang == "ja":
        return "、".join(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def prefecture_name(prefecture: str, lang: str) -> str:
    return prefecture if lang == "ja" else ROMAJI_BY_PREFECTURE.get(prefecture, prefecture)


def region_name(region: str, lang: str) -> str:
    if lang == "ja":
        return REGION_NAMES_JA.get(region) or SUBREGION_JA.get(region, region)
    return REGION_EN.get(region, region)


def title(s: SakeSummary, lang: str) -> str:
    if lang == "ja" or not s.romaji:
        return f"**{s.name}**"
    return f"**{s.romaji}** ({s.name})"


def aromas(names: Sequence[str], lang: str, limit: int = 3) -> str:
    chosen = list(names)[:limit]
    if lang == "ja":
        return "・".join(AROMA_JA.get(a, a) for a in chosen)
    return join([a.replace("-", " ") for a in chosen], lang)


def taste(s: SakeSummary, lang: str) -> str:
    t = s.taste
    parts: list[str] = []
    if lang == "ja":
        if t.sweetness:
            parts.append(SWEETNESS_JA[t.sweetness])
        if t.body:
            parts.append(BODY_JA[t.body])
        text = "で".join(parts[:1]) + ("、" + parts[1] if len(parts) > 1 else "")
        if t.aroma:
            text += ("。" if text else "") + f"{aromas(t.aroma, lang)}の香り"
        return text
    if t.sweetness:
        parts.append(SWEETNESS_EN[t.sweetness])
    if t.body:
        parts.append(BODY_EN[t.body])
    text = ", ".join(parts)
    if t.aroma:
        text += ("; " if text else "") + f"notes of {aromas(t.aroma, lang)}"
    return text


def styles(tags: Sequence[str], lang: str) -> str:
    shown = [t for t in tags if t != "季節限定"]
    if lang == "ja":
        return "・".join(shown)
    return ", ".join(STYLE_EN.get(t, t) for t in shown)


def origin(s: SakeSummary, lang: str) -> str:
    b = s.brewery
    if lang == "ja":
        return f"{b.name}・{b.prefecture}"
    return f"{b.romaji or b.name}, {prefecture_name(b.prefecture, lang)}"


def sake_line(s: SakeSummary, lang: str, note: str | None = None) -> str:
    """One sake in a list: name, where from, grade and price, taste, and why."""
    size = f"/{s.volume_ml}ml" if s.volume_ml else ""
    style = styles(s.tags, lang)
    if lang == "ja":
        grade = s.category if s.category != "other" else "その他"
        head = f"{title(s, lang)}（{origin(s, lang)}）{grade}"
        if style:
            head += f"・{style}"
        line = f"{head}、{yen(s.price_yen, lang)}{size}。{taste(s, lang)}。"
    else:
        size_en = f" for {s.volume_ml} ml" if s.volume_ml else ""
        grade = s.category_en
        if style:
            grade += f" ({style})"
        line = (
            f"{title(s, lang)}: {grade} from {origin(s, lang)}, {yen(s.price_yen, lang)}{size_en}. "
            f"{capitalised(taste(s, lang))}."
        )
    if note:
        line += f" {note}"
    return line


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def ask_summary(c: Constraints, lang: str) -> str:
    """The request in a few words, for the first line of an answer."""
    parts: list[str] = []
    ja = lang == "ja"
    if c.sweetness_max is not None and c.sweetness_max <= 2:
        parts.append(("超辛口" if c.sweetness_max == 1 else "辛口") if ja else "dry")
    elif c.sweetness_max is not None:
        parts.append("甘すぎない" if ja else "not too sweet")
    elif c.sweetness_min is not None and c.sweetness_min >= 4:
        parts.append("甘口" if ja else "sweet")
    elif c.sweetness_min is not None:
        parts.append("甘め" if ja else "on the sweet side")
    if "fruity" in c.aromas:
        parts.append("フルーティー" if ja else "fruity")
    elif c.aromas:
        parts.append(aromas(c.aromas, lang) + ("の香り" if ja else " notes"))
    if c.body:
        parts.append(
            ("軽快" if c.body == "light" else "コクのある")
            if ja
            else ("light" if c.body == "light" else "rich")
        )
    if c.tags:
        parts.append(styles(c.tags, lang))
    if c.avoid_tags:
        parts.append(
            ("・".join(c.avoid_tags) + "以外") if ja else "no " + styles(c.avoid_tags, lang)
        )
    if c.avoid_aromatic:
        parts.append("香り控えめ" if ja else "with a quiet aroma")
    if c.categories:
        parts.append(
            "・".join(c.categories) if ja else "/".join(_grade_en(g) for g in c.categories)
        )
    places = [prefecture_name(p, lang) for p in c.prefectures] + [
        region_name(r, lang) for r in c.regions
    ]
    if places and not ja:
        parts.append("from " + " or ".join(places))
    if c.price_min is not None and c.price_max is not None:
        parts.append(
            f"{yen(c.price_min, lang)}〜{yen(c.price_max, lang)}"
            if ja
            else f"{yen(c.price_min, lang)}-{yen(c.price_max, lang)}"
        )
    elif c.price_max is not None:
        parts.append(f"{yen(c.price_max, lang)}以下" if ja else f"under {yen(c.price_max, lang)}")
    elif c.price_min is not None:
        parts.append(f"{yen(c.price_min, lang)}以上" if ja else f"from {yen(c.price_min, lang)}")
    if c.temperature == "warm":
        parts.append("燗向き" if ja else "good warm")
    elif c.temperature == "chilled":
        parts.append("冷やして美味しい" if ja else "good chilled")
    elif c.temperature == "room":
        parts.append("常温向き" if ja else "good at room temperature")
    if ja:
        where = ("・".join(places) + "の") if places else ""
        return where + "・".join(parts) if parts else where.removesuffix("の")
    return ", ".join(parts)


def _grade_en(grade: str) -> str:
    from sakesensei.domain.grades import GRADE_ROMAJI

    return GRADE_ROMAJI.get(grade, grade)


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)
