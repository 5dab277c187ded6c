"""Turning what a reader typed into catalog filters, or a message that says how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from sakesensei.domain.catalog import AROMAS, SCALE_RANGE
from sakesensei.domain.catalog_queries import SakeFilter
from sakesensei.domain.errors import InvalidInput
from sakesensei.domain.grades import CATEGORIES, GRADE_ROMAJI, OTHER, parse_category
from sakesensei.domain.prefectures import normalize_prefecture
from sakesensei.domain.regions import REGION_PREFECTURES, known_regions, normalize_region
from sakesensei.domain.spelling import fold

MAX_LIMIT = 100
# Deep pages are never useful to a person and a huge OFFSET only costs the database.
MAX_OFFSET = 10_000
MAX_PRICE = 10_000_000


@dataclass(frozen=True, slots=True)
class SakeCriteria:
    """A sake search as asked for: every field optional, in any spelling people use."""

    text: str | None = None
    categories: Sequence[str] = ()
    prefectures: Sequence[str] = ()
    regions: Sequence[str] = ()
    brewery_id: int | None = None
    price_min: int | None = None
    price_max: int | None = None
    sweetness_min: int | None = None
    sweetness_max: int | None = None
    aromas: Sequence[str] = ()


def check_paging(limit: int, offset: int, max_limit: int = MAX_LIMIT) -> None:
    if not 1 <= limit <= max_limit:
        raise InvalidInput(f"limit must be between 1 and {max_limit}, not {limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(f"offset must be between 0 and {MAX_OFFSET}, not {offset}")


def places(prefectures: Sequence[str], regions: Sequence[str]) -> frozenset[str] | None:
    """The official prefecture names asked for; empty for "anywhere", None for "nowhere".

    Given both, a sake must be in one of the prefectures and one of the regions, so
    新潟 with region 東北 finds nothing, honestly, rather than ignoring one of them.
    """
    chosen = frozenset(_prefecture(p) for p in prefectures if p.strip())
    in_regions = frozenset(p for r in regions if r.strip() for p in REGION_PREFECTURES[_region(r)])
    if chosen and in_regions:
        return (chosen & in_regions) or None
    return chosen or in_regions


def _prefecture(raw: str) -> str:
    name = normalize_prefecture(raw)
    if name is not None:
        return name
    if normalize_region(raw) is not None:
        raise InvalidInput(f"{raw!r} is a region, not a prefecture: filter with region={raw}")
    raise InvalidInput(
        f"there is no prefecture called {raw!r}; write it as 新潟, 新潟県 or Niigata"
    )


def _region(raw: str) -> str:
    region = normalize_region(raw)
    if region is None:
        raise InvalidInput(f"there is no region called {raw!r}; use one of {known_regions()}")
    return region


def category(raw: str) -> str:
    text = raw.strip()
    if text in CATEGORIES:
        return text
    parsed = parse_category(text)
    if parsed.category != OTHER and not parsed.tags:
        return parsed.category
    grades = ", ".join(f"{g} ({r})" for g, r in GRADE_ROMAJI.items() if g != OTHER)
    if parsed.tags:
        raise InvalidInput(
            f"{raw!r} is a style, not a grade: search for it with q={parsed.tags[0]}, "
            f"or filter by one of the grades {grades}"
        )
    raise InvalidInput(f"{raw!r} is not a grade of sake; use one of {grades}")


def aroma(raw: str) -> str:
    word = fold(raw).replace(" ", "-")
    if word in AROMAS:
        return word
    close = difflib.get_close_matches(word, sorted(AROMAS), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise InvalidInput(
        f"{raw!r} is not an aroma we tag{hint}; use one of {', '.join(sorted(AROMAS))}"
    )


def _check_range(name: str, low: int | None, high: int | None, bounds: tuple[int, int]) -> None:
    for label, value in ((f"{name}_min", low), (f"{name}_max", high)):
        if value is not None and not bounds[0] <= value <= bounds[1]:
            raise InvalidInput(f"{label} must be between {bounds[0]} and {bounds[1]}, not {value}")
    if low is not None and high is not None and low > high:
        raise InvalidInput(f"{name}_min ({low}) is above {name}_max ({high}); swap them")


def sake_filter(criteria: SakeCriteria) -> SakeFilter | None:
    """The filter for these criteria; None when they rule every sake out (新潟 in 東北)."""
    _check_range("price", criteria.price_min, criteria.price_max, (0, MAX_PRICE))
    _check_range("sweetness", criteria.sweetness_min, criteria.sweetness_max, SCALE_RANGE)
    # Every value is checked before deciding nothing can match, so a typo is still reported.
    categories = frozenset(category(c) for c in criteria.categories if c.strip())
    aromas = frozenset(aroma(a) for a in criteria.aromas if a.strip())
    chosen = places(criteria.prefectures, criteria.regions)
    if chosen is None:
        return None
    return SakeFilter(
        categories=categories,
        prefectures=chosen,
        brewery_id=criteria.brewery_id,
        price_min=criteria.price_min,
        price_max=criteria.price_max,
        sweetness_min=criteria.sweetness_min,
        sweetness_max=criteria.sweetness_max,
        aromas=aromas,
    )
