"""Read-side statements over the catalog: sake filters, brewery listings, the catalog version.

Kept apart from the repositories so the write paths stay readable; the repositories run
these statements and map the rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, Text, and_, case, cast, func, or_, select, true

from sakesensei.adapters.sql import tables as t
from sakesensei.domain.catalog_queries import SakeFilter
from sakesensei.domain.prefectures import PREFECTURES

_SAKE_FROM = t.sakes.join(t.breweries, t.breweries.c.id == t.sakes.c.brewery_id)


def sake_condition(filters: SakeFilter) -> ColumnElement[bool]:
    """The WHERE clause of SakeFilter; SakeFilter.matches is its in-memory twin."""
    s, b = t.sakes.c, t.breweries.c
    parts: list[ColumnElement[bool]] = []
    if filters.categories:
        parts.append(s.category.in_(sorted(filters.categories)))
    if filters.prefectures:
        parts.append(b.prefecture.in_(sorted(filters.prefectures)))
    if filters.brewery_id is not None:
        parts.append(s.brewery_id == filters.brewery_id)
    if filters.price_min is not None:
        parts.append(s.price_yen >= filters.price_min)
    if filters.price_max is not None:
        parts.append(s.price_yen <= filters.price_max)
    if filters.sweetness_min is not None:
        parts.append(s.sweetness >= filters.sweetness_min)
    if filters.sweetness_max is not None:
        parts.append(s.sweetness <= filters.sweetness_max)
    if filters.aromas:
        # Aroma tags are plain ASCII words stored as a JSON list; matching the quoted word
        # in its text form works the same on SQLite and PostgreSQL without JSON functions.
        text = cast(s.aroma, Text)
        parts.append(
            or_(*(text.contains(f'"{a}"', autoescape=True) for a in sorted(filters.aromas)))
        )
    return and_(true(), *parts)


def sake_count(filters: SakeFilter) -> Select[Any]:
    return select(func.count()).select_from(_SAKE_FROM).where(sake_condition(filters))


def sake_order() -> tuple[Any, ...]:
    """Gojūon order of the kana reading (sake without one last), then name and id for ties."""
    s = t.sakes.c
    return (s.reading.is_(None), s.reading, s.name, s.id)


def _north_to_south() -> Any:
    order = {name: index for index, (name, _, _) in enumerate(PREFECTURES)}
    return case(order, value=t.breweries.c.prefecture, else_=len(order))


def brewery_listing(prefectures: frozenset[str], limit: int, offset: int) -> Select[Any]:
    """Breweries with their number of sake, in the national prefecture order."""
    b = t.breweries
    where = b.c.prefecture.in_(sorted(prefectures)) if prefectures else true()
    return (
        select(b, func.count(t.sakes.c.id).label("sake_count"))
        .select_from(b.outerjoin(t.sakes, t.sakes.c.brewery_id == b.c.id))
        .where(where)
        # Grouping by every column keeps PostgreSQL happy without relying on the key rule.
        .group_by(*b.c)
        .order_by(_north_to_south(), b.c.name, b.c.id)
        .limit(limit)
        .offset(offset)
    )


def brewery_count(prefectures: frozenset[str]) -> Select[Any]:
    b = t.breweries
    where = b.c.prefecture.in_(sorted(prefectures)) if prefectures else true()
    return select(func.count()).select_from(b).where(where)


def catalog_version() -> Select[Any]:
    """One round trip: how many sake and breweries, and when each table last changed."""
    return select(
        select(func.count()).select_from(t.sakes).scalar_subquery(),
        select(func.max(t.sakes.c.updated_at)).scalar_subquery(),
        select(func.count()).select_from(t.breweries).scalar_subquery(),
        select(func.max(t.breweries.c.updated_at)).scalar_subquery(),
    )
