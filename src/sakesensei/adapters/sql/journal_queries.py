"""The tasting journal's reads: a user's records joined with their sake and brewery."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, select

from sakesensei.adapters.sql import tables as t
from sakesensei.domain.tastings import JournalEntry, TastedSake, TastingFilter, TastingRecord

_SAKE_COLUMNS = (
    t.sakes.c.name.label("sake_name"),
    t.sakes.c.reading.label("sake_reading"),
    t.sakes.c.romaji.label("sake_romaji"),
    t.sakes.c.category.label("sake_category"),
    t.sakes.c.brewery_id.label("sake_brewery_id"),
    t.breweries.c.name.label("brewery_name"),
    t.breweries.c.prefecture.label("brewery_prefecture"),
    t.sakes.c.sweetness.label("sake_sweetness"),
    t.sakes.c.acidity_level.label("sake_acidity"),
    t.sakes.c.body.label("sake_body"),
    t.sakes.c.aroma.label("sake_aroma"),
)
_JOINED = t.tastings.join(t.sakes, t.sakes.c.id == t.tastings.c.sake_id).join(
    t.breweries, t.breweries.c.id == t.sakes.c.brewery_id
)
# Newest tasting first; created_at and id break ties so pages never overlap.
_ORDER = (t.tastings.c.tasted_on.desc(), t.tastings.c.created_at.desc(), t.tastings.c.id.desc())


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def conditions(user_id: str, where: TastingFilter) -> list[ColumnElement[bool]]:
    c = t.tastings.c
    found = [c.user_id == user_id]
    if where.date_from is not None:
        found.append(c.tasted_on >= where.date_from)
    if where.date_to is not None:
        found.append(c.tasted_on <= where.date_to)
    if where.rating_min is not None:
        found.append(c.rating >= where.rating_min)
    if where.rating_max is not None:
        found.append(c.rating <= where.rating_max)
    if where.category is not None:
        found.append(t.sakes.c.category == where.category)
    return found


def entries(user_id: str, where: TastingFilter, limit: int | None, offset: int) -> Select[Any]:
    query = (
        select(t.tastings, *_SAKE_COLUMNS)
        .select_from(_JOINED)
        .where(*conditions(user_id, where))
        .order_by(*_ORDER)
        .offset(offset)
    )
    return query if limit is None else query.limit(limit)


def one_entry(user_id: str, record_id: str) -> Select[Any]:
    # The user's id is part of the condition, so another user's record reads as missing.
    c = t.tastings.c
    return (
        select(t.tastings, *_SAKE_COLUMNS)
        .select_from(_JOINED)
        .where(c.user_id == user_id, c.id == record_id)
    )


def count(user_id: str, where: TastingFilter) -> Select[Any]:
    return select(func.count()).select_from(_JOINED).where(*conditions(user_id, where))


def entry_from_row(row: Row[Any]) -> JournalEntry:
    m = row._mapping
    record = TastingRecord(
        id=m["id"],
        user_id=m["user_id"],
        sake_id=m["sake_id"],
        rating=m["rating"],
        tasted_on=m["tasted_on"],
        notes=m["notes"],
        photo_key=m["photo_key"],
        created_at=_utc(m["created_at"]),
    )
    sake = TastedSake(
        id=m["sake_id"],
        name=m["sake_name"],
        category=m["sake_category"],
        brewery_id=m["sake_brewery_id"],
        brewery=m["brewery_name"],
        prefecture=m["brewery_prefecture"],
        reading=m["sake_reading"],
        romaji=m["sake_romaji"],
        sweetness=m["sake_sweetness"],
        acidity=m["sake_acidity"],
        body=m["sake_body"],
        aroma=tuple(m["sake_aroma"] or ()),
    )
    return JournalEntry(record, sake)
