"""Checking and ranking sake the tools returned against what the user asked for.

Filters are the hard limits (a sake over budget is never shown); ranking weighs the soft
wishes (occasion, experience, remembered likes) and keeps the picks varied.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from sakesensei.agent.builtin.constraints import Constraints
from sakesensei.agent.tools.records import SakeSummary
from sakesensei.domain.catalog import AROMAS
from sakesensei.domain.regions import REGION_PREFECTURES
from sakesensei.domain.users import BUDGET_RANGE

GINJO = frozenset({"純米大吟醸", "大吟醸", "純米吟醸", "吟醸"})
CHALLENGING = frozenset({"山廃", "生酛", "古酒", "原酒", "貴醸酒"})
AROMATIC = frozenset({"fruity", "floral", "apple", "melon", "pear", "banana", "peach", "tropical"})
WARM_TEMPERATURES = frozenset({"日向燗", "人肌燗", "ぬる燗", "上燗", "熱燗", "飛び切り燗"})
CHILLED_TEMPERATURES = frozenset({"雪冷え", "花冷え", "涼冷え", "冷酒"})
ROOM_TEMPERATURES = frozenset({"冷や", "涼冷え", "常温"})


def places(c: Constraints) -> frozenset[str]:
    """The prefectures asked for (a sake must be in one of them); empty for anywhere."""
    chosen = set(c.prefectures)
    for region in c.regions:
        chosen |= REGION_PREFECTURES.get(region, frozenset())
    return frozenset(chosen)


def fits(s: SakeSummary, c: Constraints, *, soft_body: bool = True) -> bool:
    """Whether a sake keeps every hard limit of the request."""
    price, sweet = s.price_yen, s.taste.sweetness
    if c.price_max is not None and (price is None or price > c.price_max):
        return False
    if c.price_min is not None and (price is None or price < c.price_min):
        return False
    if c.sweetness_max is not None and (sweet is None or sweet > c.sweetness_max):
        return False
    if c.sweetness_min is not None and (sweet is None or sweet < c.sweetness_min):
        return False
    if c.categories and s.category not in c.categories:
        return False
    if s.category in c.avoid_categories:
        return False
    where = places(c)
    if where and s.brewery.prefecture not in where:
        return False
    if c.tags and not set(c.tags) & set(s.tags):
        return False
    if set(c.avoid_tags) & set(s.tags):
        return False
    if c.aromas and not set(c.aromas) & set(s.taste.aroma):
        return False
    if c.avoid_aromatic and loud(s):
        return False
    if not soft_body and c.body is not None:
        body = s.taste.body
        if body is None or (c.body == "light" and body > 2) or (c.body == "rich" and body < 4):
            return False
    return True


def loud(s: SakeSummary) -> bool:
    """A sake whose aroma leads with fruit or flowers: what "strong aroma" means to a drinker."""
    aroma = s.taste.aroma
    return "floral" in aroma or bool(aroma and aroma[0] in AROMATIC)


def score(s: SakeSummary, c: Constraints) -> float:
    """How well a sake meets the soft wishes; higher is better."""
    points = 0.0
    aroma = set(s.taste.aroma)
    tags = set(s.tags)
    price = s.price_yen or 0
    sweet = s.taste.sweetness or 3
    body = s.taste.body or 3
    if c.aromas:
        points += 2.0 * len(aroma & set(c.aromas)) / len(c.aromas) + (
            1.0 if s.taste.aroma and s.taste.aroma[0] in c.aromas else 0.0
        )
    points += 1.0 * len(aroma & set(c.prefer_aromas))
    points += 1.5 if tags & set(c.prefer_tags) else 0.0
    if c.body == "light":
        points += 1.0 if body <= 2 else -0.5 if body >= 4 else 0.0
    elif c.body == "rich":
        points += 1.0 if body >= 4 else -0.5 if body <= 2 else 0.0
    if c.experience == "beginner":
        points += 1.0 if price and price <= 2500 else 0.0
        points += 1.0 if aroma & AROMATIC else 0.0
        points += 0.5 if s.category in GINJO else 0.0
        points -= 1.5 if tags & CHALLENGING else 0.0
    elif c.experience == "advanced":
        points += 1.0 if tags & CHALLENGING or "無濾過" in tags or "生酒" in tags else 0.0
    if c.cheap:
        points += 1.0 if price and price <= 1500 else 0.0
    for occasion in c.occasions:
        points += _occasion(occasion, s, price, sweet, body, aroma, tags)
    points += _typical(s, c)
    # Within the limits, the middle of a sweetness range is a safer bet than its edge.
    if c.sweetness_max is not None and c.sweetness_max <= 2:
        points += 0.3 * (c.sweetness_max - sweet)
    if c.sweetness_min is not None and c.sweetness_min >= 4:
        points += 0.3 * (sweet - c.sweetness_min)
    return points


# With no word on price, a sommelier reaches for an everyday-good bottle first, neither the
# cheapest cup nor a trophy: about this much per 720 ml.
_SWEET_SPOT_YEN = 1800


def _typical(s: SakeSummary, c: Constraints) -> float:
    points = 0.0
    if s.price_yen and s.volume_ml and not c.cheap and c.price_min is None:
        per_bottle = s.price_yen * 720 / s.volume_ml
        points -= 0.6 * abs(math.log(per_bottle / _SWEET_SPOT_YEN))
    if s.category == "other" or s.category == "普通酒":
        points -= 0.2
    return points


def _occasion(
    occasion: str,
    s: SakeSummary,
    price: int,
    sweet: int,
    body: int,
    aroma: set[str],
    tags: set[str],
) -> float:
    if occasion == "gift":
        return (1.5 if s.category in GINJO else 0.0) + (1.0 if 2500 <= price <= 6000 else 0.0)
    if occasion == "celebration":
        return 3.0 if "スパークリング" in tags else 0.5 if s.category in GINJO else 0.0
    if occasion == "summer":
        return (1.0 if sweet <= 3 and body <= 3 else 0.0) + (
            1.0 if aroma & {"citrus", "mineral"} or "スパークリング" in tags else 0.0
        )
    if occasion == "winter":
        warmers = {"山廃", "生酛"} & tags
        return (1.5 if warmers else 0.0) + (1.0 if body >= 3 and s.category not in GINJO else 0.0)
    if occasion == "everyday":
        return 1.5 if price and price <= 2000 else 0.0
    if occasion == "date":
        return 1.5 if aroma & AROMATIC or "スパークリング" in tags else 0.0
    if occasion == "aperitif":
        return 2.0 if "スパークリング" in tags else 1.0 if body <= 2 else 0.0
    if occasion == "dessert":
        return 2.0 if sweet >= 4 else 0.0
    return 0.0


def rank(
    items: Iterable[SakeSummary], c: Constraints, count: int, keep_order: bool = False
) -> list[SakeSummary]:
    """The best `count`, varied: one per brewery first, then one per grade where possible."""
    pool = list(items)
    if keep_order:
        # The tool already ranked these; wishes only break its ties and nudge.
        order = {s.id: i for i, s in enumerate(pool)}
        pool.sort(key=lambda s: (-score(s, c) * 0.5 + order[s.id] * 0.35, s.id))
    else:
        pool.sort(key=lambda s: (-score(s, c), s.price_yen or 0, s.id))
    chosen: list[SakeSummary] = []
    breweries: set[int] = set()
    for s in pool:
        if len(chosen) == count:
            break
        if s.brewery.id not in breweries:
            chosen.append(s)
            breweries.add(s.brewery.id)
    for s in pool:
        if len(chosen) == count:
            break
        if s not in chosen:
            chosen.append(s)
    return chosen


def search_arguments(c: Constraints) -> dict[str, Any]:
    """search_sakes_by_characteristics arguments for the hard limits a search can apply."""
    args: dict[str, Any] = {
        "categories": list(c.categories),
        "prefectures": list(c.prefectures),
        "regions": list(c.regions),
        "price_min": c.price_min,
        "price_max": c.price_max,
        "sweetness_min": c.sweetness_min,
        "sweetness_max": c.sweetness_max,
        "aromas": [a for a in c.aromas if a in AROMAS],
    }
    return {k: v for k, v in args.items() if v not in (None, [])}


def visitor_survey(c: Constraints) -> dict[str, Any]:
    """get_recommendations survey fields that carry a visitor's wishes."""
    survey: dict[str, Any] = {}
    if c.sweetness_max is not None:
        survey["sweetness"] = max(1, c.sweetness_max)
    elif c.sweetness_min is not None:
        survey["sweetness"] = min(5, c.sweetness_min)
    if c.price_max is not None:
        survey["budget_yen"] = min(max(BUDGET_RANGE[0], c.price_max), BUDGET_RANGE[1])
    if c.experience in ("beginner", "intermediate", "advanced"):
        survey["experience"] = c.experience
    liked = [a for a in dict.fromkeys([*c.aromas, *c.prefer_aromas]) if a in AROMAS]
    if liked:
        survey["liked_aromas"] = liked
    if c.avoid_categories:
        survey["avoid_categories"] = list(c.avoid_categories)
    return survey


def relaxations(c: Constraints) -> list[tuple[str, Constraints]]:
    """Gentler versions of a request that found nothing, mildest change first."""
    from dataclasses import replace

    steps: list[tuple[str, Constraints]] = []
    current = replace(c)
    if current.aromas:
        current = replace(current, aromas=[])
        steps.append(("aroma", current))
    if current.body:
        current = replace(current, body=None)
        steps.append(("body", current))
    if current.sweetness_min is not None and current.sweetness_min > 3:
        current = replace(current, sweetness_min=current.sweetness_min - 1)
        steps.append(("sweetness", current))
    if current.sweetness_max is not None and current.sweetness_max < 2:
        current = replace(current, sweetness_max=2)
        steps.append(("sweetness", current))
    # A lower price bound gives way (cheaper is rarely unwelcome); budget, grade and place
    # were asked for in so many words and hold.
    if current.price_min is not None:
        current = replace(current, price_min=None)
        steps.append(("price", current))
    return steps


def temperature_fits(temperatures: Iterable[str], wanted: str | None) -> bool:
    have = set(temperatures)
    if wanted == "warm":
        return bool(have & WARM_TEMPERATURES)
    if wanted == "chilled":
        return bool(have & CHILLED_TEMPERATURES)
    if wanted == "room":
        return bool(have & ROOM_TEMPERATURES)
    return True
