"""`catalog check`: orphans, near-duplicates and out-of-range values in what is stored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from sakesensei.domain import catalog as c
from sakesensei.domain.catalog import CatalogProblem, Sake, SakeWithBrewery
from sakesensei.domain.grades import CATEGORIES
from sakesensei.domain.prefectures import PREFECTURE_NAMES
from sakesensei.domain.spelling import search_key
from sakesensei.ports import UnitOfWorkFactory

_RANGES: tuple[tuple[str, Callable[[Sake], float | None], tuple[float, float]], ...] = (
    ("abv", lambda s: s.abv, c.ABV_RANGE),
    ("price_yen", lambda s: s.price_yen, c.PRICE_RANGE),
    ("volume_ml", lambda s: s.volume_ml, c.VOLUME_RANGE),
    ("polishing_ratio", lambda s: s.polishing_ratio, c.POLISHING_RANGE),
    ("smv", lambda s: s.smv, c.SMV_RANGE),
    ("acidity", lambda s: s.acidity, c.ACIDITY_RANGE),
    ("sweetness", lambda s: s.flavor.sweetness, c.SCALE_RANGE),
    ("acidity_level", lambda s: s.flavor.acidity, c.SCALE_RANGE),
    ("body", lambda s: s.flavor.body, c.SCALE_RANGE),
)


def _label(item: SakeWithBrewery) -> str:
    return f"sake #{item.sake.id} {item.sake.name} ({item.brewery.name})"


def _value_problems(item: SakeWithBrewery) -> list[CatalogProblem]:
    found = []
    sake = item.sake
    if not sake.name.strip():
        found.append(CatalogProblem("missing", _label(item), "name", "has no name"))
    if sake.category not in CATEGORIES:
        found.append(
            CatalogProblem(
                "out_of_range",
                _label(item),
                "category",
                f"{sake.category!r} is not a known category",
            )
        )
    for name, get, (low, high) in _RANGES:
        value = get(sake)
        if value is not None and not low <= value <= high:
            found.append(
                CatalogProblem(
                    "out_of_range", _label(item), name, f"{value:g} is outside {low:g}-{high:g}"
                )
            )
    return found


def check_catalog(uow_factory: UnitOfWorkFactory) -> list[CatalogProblem]:
    """Everything wrong with the stored catalog; an empty list means it is sound."""
    with uow_factory() as uow:
        items = list(uow.sakes.iter_all())
        breweries = uow.breweries.list()
        orphans = uow.sakes.without_brewery()
    problems = [
        CatalogProblem(
            "orphan",
            f"sake #{sake_id} {name}",
            "brewery",
            "refers to a brewery that does not exist",
        )
        for sake_id, name in orphans
    ]
    used = {item.sake.brewery_id for item in items}
    seen_breweries: dict[tuple[str, str], str] = {}
    for brewery in breweries:
        label = f"brewery #{brewery.id} {brewery.name}"
        if brewery.id not in used:
            problems.append(CatalogProblem("orphan", label, None, "has no sake in the catalog"))
        if brewery.prefecture not in PREFECTURE_NAMES:
            problems.append(
                CatalogProblem(
                    "out_of_range",
                    label,
                    "prefecture",
                    f"{brewery.prefecture!r} is not a prefecture",
                )
            )
        key = (search_key(brewery.name), brewery.prefecture)
        if key in seen_breweries:
            problems.append(
                CatalogProblem(
                    "duplicate",
                    label,
                    "name",
                    f"looks like the same brewery as {seen_breweries[key]}",
                )
            )
        else:
            seen_breweries[key] = label
    by_name: dict[tuple[int, str], list[SakeWithBrewery]] = defaultdict(list)
    for item in items:
        problems.extend(_value_problems(item))
        by_name[(item.sake.brewery_id, search_key(item.sake.name))].append(item)
    for group in by_name.values():
        for twin in group[1:]:
            problems.append(
                CatalogProblem(
                    "duplicate",
                    _label(twin),
                    "name",
                    f"looks like the same sake as {_label(group[0])}",
                )
            )
    return problems
