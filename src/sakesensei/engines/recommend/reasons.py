"""The reasons behind each part of a pick's score, in Japanese and English.

Built only for the picks a person sees, from the arrays the score came from, so a reason
never claims what the score did not count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sakesensei.domain.catalog import AROMA_JA
from sakesensei.domain.regions import REGION_NAMES_JA
from sakesensei.domain.users import Experience, Preferences
from sakesensei.engines.recommend.crowd import Crowd
from sakesensei.engines.recommend.features import (
    CATEGORIES,
    HIGH_ABV,
    ODD_STYLES,
    PRICE_BANDS,
    CatalogFeatures,
)
from sakesensei.engines.recommend.history import History
from sakesensei.engines.recommend.scoring import Parts

# A personal signal this strong is worth a sentence even when no neighbour rated the sake.
PERSONAL_REASON_FROM = 0.3


@dataclass(frozen=True, slots=True)
class Reason:
    ja: str
    en: str


def short_prefecture(name: str) -> str:
    """高知県 -> 高知, 東京都 -> 東京; 北海道 stays whole."""
    if name == "北海道" or len(name) < 3:
        return name
    return name[:-1] if name[-1] in "県府都" else name


def preference_reasons(
    features: CatalogFeatures, row: int, preferences: Preferences, parts: Parts
) -> list[Reason]:
    found: list[Reason] = []
    wished = preferences.sweetness
    sweetness = features.sweetness[row]
    if math.isnan(sweetness):
        found.append(Reason("甘辛度は不明", "sweetness not published"))
    else:
        value = int(sweetness)
        pair = f"{value} vs あなたの{wished}", f"{value} vs your {wished}"
        if abs(value - wished) <= 2:
            found.append(Reason(f"近い甘辛度 ({pair[0]})", f"close to your sweetness ({pair[1]})"))
        else:
            word = ("甘め", "sweeter") if value > wished else ("辛め", "drier")
            found.append(
                Reason(f"好みより{word[0]} ({pair[0]})", f"{word[1]} than you like ({pair[1]})")
            )
    price = features.price[row]
    if math.isnan(price):
        found.append(Reason("価格は不明", "price not known"))
    elif preferences.budget_yen is not None and price > preferences.budget_yen:
        # Only a sake the user asked about (a scanned label) is scored over budget.
        found.append(
            Reason(
                f"予算{preferences.budget_yen:,}円を超える ({price:,.0f}円)",
                f"over your {preferences.budget_yen:,} yen budget (¥{price:,.0f})",
            )
        )
    elif preferences.budget_yen is not None:
        found.append(
            Reason(
                f"予算{preferences.budget_yen:,}円以内 ({price:,.0f}円)",
                f"within your {preferences.budget_yen:,} yen (¥{price:,.0f})",
            )
        )
    elif price <= parts.price_cap:
        found.append(Reason(f"手頃な{price:,.0f}円", f"affordable at ¥{price:,.0f}"))
    else:
        found.append(Reason(f"少し贅沢な{price:,.0f}円", f"a treat at ¥{price:,.0f}"))
    found += _approachability(features, row, preferences, parts)
    return found


def _approachability(
    features: CatalogFeatures, row: int, preferences: Preferences, parts: Parts
) -> list[Reason]:
    if preferences.experience is Experience.ADVANCED:
        return []
    sake = features.items[row].sake
    found: list[Reason] = []
    odd = [t for t in sake.tags if t in ODD_STYLES]
    if odd:
        styles = "・".join(odd)
        found.append(
            Reason(
                f"最初の一本には個性的なスタイル ({styles})",
                f"an unusual style ({', '.join(odd)}) to try once you know the basics",
            )
        )
    if preferences.experience is not Experience.BEGINNER:
        return found
    if features.acidity[row] >= 5:
        found.append(Reason("酸がかなり強め", "sharp acidity for a first bottle"))
    if features.body[row] >= 5:
        found.append(Reason("とても濃醇", "very full-bodied for a first bottle"))
    if sake.abv is not None and sake.abv >= HIGH_ABV:
        found.append(
            Reason(f"アルコール度数が高め ({sake.abv:g}%)", f"strong ({sake.abv:g}% alcohol)")
        )
    if parts.penalty[row] == 0:
        found.append(Reason("初めてでも飲みやすい一本", "easy to enjoy for a first bottle"))
    return found


def history_reasons(
    features: CatalogFeatures, row: int, preferences: Preferences, history: History, parts: Parts
) -> list[Reason]:
    found: list[Reason] = []
    source = int(parts.like_source[row])
    if source >= 0 and parts.like[row] > 0:
        name = features.items[int(history.positions[source])].sake.name
        rating = int(history.ratings[source])
        found.append(
            Reason(
                f"あなたが{rating}をつけた「{name}」に似ています",
                f"like {name}, which you rated {rating}",
            )
        )
    liked = [a for a in features.items[row].sake.flavor.aroma if a in preferences.liked_aromas][:2]
    if liked:
        ja = "・".join(AROMA_JA.get(a, a) for a in liked)
        en = " and ".join(liked)
        plural = "aromas" if len(liked) > 1 else "aroma"
        found.append(Reason(f"好みの香り: {ja}", f"the {en} {plural} you like"))
    source = int(parts.dislike_source[row])
    if source >= 0 and parts.dislike[row] > 0:
        name = features.items[int(history.positions[source])].sake.name
        rating = int(history.ratings[source])
        found.append(
            Reason(
                f"{rating}をつけた「{name}」に近いタイプ",
                f"close to {name}, which you rated {rating}",
            )
        )
    return found


def collaborative_reasons(
    features: CatalogFeatures, row: int, crowd: Crowd, history: History, parts: Parts
) -> list[Reason]:
    found: list[Reason] = []
    sake_id = int(features.ids[row])
    if crowd.model is not None and parts.personal is not None:
        neighbours = crowd.model.neighbour_rating(history.rated, sake_id)
        if neighbours is not None:
            mean, _ = neighbours
            found.append(
                Reason(
                    f"あなたと好みが近い人の評価は{mean:.1f}",
                    f"people who rate like you gave it {mean:.1f}",
                )
            )
        elif parts.personal[row] >= PERSONAL_REASON_FROM:
            found.append(
                Reason(
                    "評価の傾向が似た人に好まれています",
                    "liked by people whose ratings resemble yours",
                )
            )
    count = int(crowd.count[row])
    if count > 0:
        mean = float(crowd.mean[row])
        people = "person" if count == 1 else "people"
        found.append(
            Reason(
                f"{count}人の平均評価{mean:.1f}", f"rated {mean:.1f} on average by {count} {people}"
            )
        )
    return found


def diversity_reasons(features: CatalogFeatures, row: int, parts: Parts) -> list[Reason]:
    found: list[Reason] = []
    if parts.new_category[row]:
        category = CATEGORIES[int(features.category[row])]
        found.append(Reason(f"初めての種類: {category}", f"a new category for you: {category}"))
    prefecture = short_prefecture(features.items[row].brewery.prefecture)
    if parts.new_region[row]:
        region = features.regions[int(features.region[row])]
        region_ja = REGION_NAMES_JA.get(region, region)
        found.append(
            Reason(
                f"初めての地域: {prefecture} ({region_ja})", f"a new region for you: {prefecture}"
            )
        )
    elif parts.new_prefecture[row]:
        found.append(Reason(f"初めての県: {prefecture}", f"a new prefecture for you: {prefecture}"))
    if parts.new_band[row]:
        band = PRICE_BANDS[int(features.band[row])]
        found.append(Reason(f"初めての価格帯: {band.ja}", f"a new price range for you: {band.en}"))
    return found


WILD_CARD = Reason("冒険枠: いつもと違う一本", "a wild card: something different from your usual")
