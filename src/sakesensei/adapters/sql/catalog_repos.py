"""Brewery and sake repositories over SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, case, delete, exists, func, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from sakesensei.adapters.sql import catalog_queries as q
from sakesensei.adapters.sql import tables as t
from sakesensei.domain.catalog import (
    Brewery,
    CatalogStats,
    Flavor,
    Pairing,
    Sake,
    SakeWithBrewery,
    sake_columns,
)
from sakesensei.domain.catalog_queries import BreweryListing, CatalogVersion, SakeFilter
from sakesensei.domain.errors import ConfigurationError, Conflict
from sakesensei.domain.spelling import search_key

_BREWERY_FIELDS = ("romaji", "city", "founded", "description", "representative_sake")
_SAKE_FIELDS = (
    "reading",
    "romaji",
    "category",
    "category_original",
    "tags",
    "price_yen",
    "volume_ml",
    "abv",
    "polishing_ratio",
    "rice",
    "smv",
    "acidity",
    "sweetness",
    "acidity_level",
    "body",
    "aroma",
    "pairings",
    "temperatures",
    "where_to_buy",
    "description",
    "source",
)
# Lists that an update replaces only when the new record has some.
_SAKE_LISTS = ("tags", "aroma", "pairings", "temperatures")
_CHUNK = 500


def _insert_for(conn: Connection) -> Callable[[Any], Any]:
    name = conn.dialect.name
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise ConfigurationError(f"the {name} database is not supported: use SQLite or PostgreSQL")


def brewery_from_row(row: Row[Any], prefix: str = "") -> Brewery:
    m = row._mapping
    return Brewery(
        id=m[f"{prefix}id"],
        name=m[f"{prefix}name"],
        prefecture=m[f"{prefix}prefecture"],
        romaji=m[f"{prefix}romaji"],
        city=m[f"{prefix}city"],
        founded=m[f"{prefix}founded"],
        description=m[f"{prefix}description"],
        representative_sake=m[f"{prefix}representative_sake"],
    )


def sake_from_row(row: Row[Any]) -> Sake:
    m = row._mapping
    return Sake(
        id=m["id"],
        brewery_id=m["brewery_id"],
        name=m["name"],
        reading=m["reading"],
        romaji=m["romaji"],
        category=m["category"],
        category_original=m["category_original"],
        tags=tuple(m["tags"] or ()),
        price_yen=m["price_yen"],
        volume_ml=m["volume_ml"],
        abv=m["abv"],
        polishing_ratio=m["polishing_ratio"],
        rice=m["rice"],
        smv=m["smv"],
        acidity=m["acidity"],
        flavor=Flavor(m["sweetness"], m["acidity_level"], m["body"], tuple(m["aroma"] or ())),
        pairings=tuple(Pairing(p["dish"], p["why"]) for p in m["pairings"] or ()),
        temperatures=tuple(m["temperatures"] or ()),
        where_to_buy=m["where_to_buy"],
        description=m["description"],
        source=m["source"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


class SqlBreweryRepository:
    def __init__(self, conn: Connection, now: Callable[[], datetime]) -> None:
        self._conn = conn
        self._now = now

    def get(self, brewery_id: int) -> Brewery | None:
        row = self._conn.execute(select(t.breweries).where(t.breweries.c.id == brewery_id)).first()
        return brewery_from_row(row) if row else None

    def get_by_key(self, name: str, prefecture: str) -> Brewery | None:
        c = t.breweries.c
        query = select(t.breweries).where(c.name == name, c.prefecture == prefecture)
        row = self._conn.execute(query).first()
        return brewery_from_row(row) if row else None

    def upsert_many(self, breweries: Sequence[Brewery]) -> dict[tuple[str, str], int]:
        if not breweries:
            return {}
        insert = _insert_for(self._conn)
        now = self._now()
        rows = [
            {
                "name": b.name,
                "prefecture": b.prefecture,
                "romaji": b.romaji,
                "city": b.city,
                "founded": b.founded,
                "description": b.description,
                "representative_sake": b.representative_sake,
                "created_at": now,
                "updated_at": now,
            }
            for b in {b.key: b for b in breweries}.values()
        ]
        stmt = insert(t.breweries)
        stmt = stmt.on_conflict_do_update(
            index_elements=["name", "prefecture"],
            set_={
                **{f: func.coalesce(stmt.excluded[f], t.breweries.c[f]) for f in _BREWERY_FIELDS},
                "updated_at": stmt.excluded.updated_at,
            },
        )
        self._conn.execute(stmt, rows)
        keys = [b.key for b in breweries]
        ids: dict[tuple[str, str], int] = {}
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            query = select(t.breweries.c.name, t.breweries.c.prefecture, t.breweries.c.id).where(
                tuple_(t.breweries.c.name, t.breweries.c.prefecture).in_(chunk)
            )
            ids.update({(r.name, r.prefecture): r.id for r in self._conn.execute(query)})
        return ids

    def list(self) -> list[Brewery]:
        query = select(t.breweries).order_by(t.breweries.c.prefecture, t.breweries.c.name)
        return [brewery_from_row(r) for r in self._conn.execute(query)]

    def count(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(t.breweries)).scalar_one())

    def update(self, brewery: Brewery) -> None:
        values = {
            "name": brewery.name,
            "prefecture": brewery.prefecture,
            "romaji": brewery.romaji,
            "city": brewery.city,
            "founded": brewery.founded,
            "description": brewery.description,
            "representative_sake": brewery.representative_sake,
            "updated_at": self._now(),
        }
        stmt = update(t.breweries).where(t.breweries.c.id == brewery.id).values(values)
        try:
            with self._conn.begin_nested():
                self._conn.execute(stmt)
        except IntegrityError:
            raise Conflict(
                f"another brewery is already called {brewery.name} in {brewery.prefecture}"
            ) from None

    def delete(self, brewery_id: int) -> bool:
        in_use = self._conn.execute(
            select(func.count()).select_from(t.sakes).where(t.sakes.c.brewery_id == brewery_id)
        ).scalar_one()
        if in_use:
            raise Conflict(
                f"brewery {brewery_id} still has {in_use} sake; delete or move them first"
            )
        return bool(
            self._conn.execute(delete(t.breweries).where(t.breweries.c.id == brewery_id)).rowcount
        )

    def delete_unused(self) -> int:
        unused = ~exists().where(t.sakes.c.brewery_id == t.breweries.c.id)
        return int(self._conn.execute(delete(t.breweries).where(unused)).rowcount)

    def find(
        self, prefectures: frozenset[str], limit: int, offset: int
    ) -> tuple[Sequence[BreweryListing], int]:
        total = self._conn.execute(q.brewery_count(prefectures)).scalar_one()
        rows = self._conn.execute(q.brewery_listing(prefectures, limit, offset))
        return [BreweryListing(brewery_from_row(r), int(r.sake_count)) for r in rows], int(total)


class SqlSakeRepository:
    def __init__(self, conn: Connection, now: Callable[[], datetime]) -> None:
        self._conn = conn
        self._now = now

    def _joined(self) -> Any:
        b = t.breweries
        brewery_cols = [c.label(f"b_{c.name}") for c in b.c]
        return select(t.sakes, *brewery_cols).join(b, b.c.id == t.sakes.c.brewery_id)

    def _with_brewery(self, row: Row[Any]) -> SakeWithBrewery:
        return SakeWithBrewery(sake_from_row(row), brewery_from_row(row, prefix="b_"))

    def get(self, sake_id: int) -> SakeWithBrewery | None:
        row = self._conn.execute(self._joined().where(t.sakes.c.id == sake_id)).first()
        return self._with_brewery(row) if row else None

    def get_by_key(self, brewery_id: int, name: str) -> SakeWithBrewery | None:
        condition = and_(t.sakes.c.brewery_id == brewery_id, t.sakes.c.name == name)
        row = self._conn.execute(self._joined().where(condition)).first()
        return self._with_brewery(row) if row else None

    def upsert_many(self, sakes: Sequence[Sake]) -> tuple[int, int]:
        if not sakes:
            return (0, 0)
        by_key = {(s.brewery_id, s.name): s for s in sakes}
        names = {b.id: f"{b.name} {b.romaji or ''}" for b in self._breweries_of(by_key)}
        existing = self._existing_keys(list(by_key))
        insert = _insert_for(self._conn)
        now = self._now()
        rows = []
        for sake in by_key.values():
            values = sake_columns(sake)
            values["search_text"] = _search_text(sake, names.get(sake.brewery_id, ""))
            values["created_at"] = now
            values["updated_at"] = now
            rows.append(values)
        # One statement, many parameter sets: SQLAlchemy compiles it once and batches rows.
        stmt = insert(t.sakes)
        excluded = stmt.excluded
        updates: dict[str, Any] = {
            f: func.coalesce(excluded[f], t.sakes.c[f])
            for f in _SAKE_FIELDS
            if f not in _SAKE_LISTS
        }
        # An empty list in the file means "not given", so the stored list stays.
        for f in _SAKE_LISTS:
            updates[f] = _keep_unless_given(excluded[f], t.sakes.c[f])
        updates["search_text"] = excluded.search_text
        updates["updated_at"] = excluded.updated_at
        stmt = stmt.on_conflict_do_update(index_elements=["brewery_id", "name"], set_=updates)
        self._conn.execute(stmt, rows)
        updated = len(existing)
        return (len(by_key) - updated, updated)

    def _breweries_of(self, keys: Any) -> list[Brewery]:
        ids = sorted({brewery_id for brewery_id, _ in keys})
        found: list[Brewery] = []
        for start in range(0, len(ids), _CHUNK):
            query = select(t.breweries).where(t.breweries.c.id.in_(ids[start : start + _CHUNK]))
            found.extend(brewery_from_row(r) for r in self._conn.execute(query))
        return found

    def _existing_keys(self, keys: list[tuple[int, str]]) -> set[tuple[int, str]]:
        found: set[tuple[int, str]] = set()
        for start in range(0, len(keys), _CHUNK):
            query = select(t.sakes.c.brewery_id, t.sakes.c.name).where(
                tuple_(t.sakes.c.brewery_id, t.sakes.c.name).in_(keys[start : start + _CHUNK])
            )
            found.update((r.brewery_id, r.name) for r in self._conn.execute(query))
        return found

    def iter_all(self) -> Iterator[SakeWithBrewery]:
        query = self._joined().order_by(
            t.breweries.c.prefecture, t.breweries.c.name, t.sakes.c.name
        )
        for row in self._conn.execute(query):
            yield self._with_brewery(row)

    def search(
        self, terms: Sequence[str], limit: int, offset: int
    ) -> tuple[list[SakeWithBrewery], int]:
        keys = [k for k in (search_key(term) for term in terms) if k]
        if not keys:  # only punctuation: nothing to look for
            return [], 0
        condition = and_(*(t.sakes.c.search_text.contains(k, autoescape=True) for k in keys))
        total = self._conn.execute(
            select(func.count()).select_from(t.sakes).where(condition)
        ).scalar_one()
        query = (
            self._joined()
            .where(condition)
            .order_by(func.length(t.sakes.c.name), t.sakes.c.name, t.sakes.c.id)
            .limit(limit)
            .offset(offset)
        )
        return [self._with_brewery(r) for r in self._conn.execute(query)], int(total)

    def count(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(t.sakes)).scalar_one())

    def find(
        self, filters: SakeFilter, limit: int, offset: int
    ) -> tuple[list[SakeWithBrewery], int]:
        total = self._conn.execute(q.sake_count(filters)).scalar_one()
        query = (
            self._joined()
            .where(q.sake_condition(filters))
            .order_by(*q.sake_order())
            .limit(limit)
            .offset(offset)
        )
        return [self._with_brewery(r) for r in self._conn.execute(query)], int(total)

    def catalog_version(self) -> CatalogVersion:
        row = self._conn.execute(q.catalog_version()).one()
        return CatalogVersion(int(row[0]), row[1], int(row[2]), row[3])

    def update(self, sake: Sake) -> None:
        values = sake_columns(sake)
        brewery = self._conn.execute(
            select(t.breweries.c.name, t.breweries.c.romaji).where(
                t.breweries.c.id == sake.brewery_id
            )
        ).first()
        brewery_names = f"{brewery.name} {brewery.romaji or ''}" if brewery else ""
        values["search_text"] = _search_text(sake, brewery_names)
        values["updated_at"] = self._now()
        stmt = update(t.sakes).where(t.sakes.c.id == sake.id).values(values)
        try:
            with self._conn.begin_nested():
                self._conn.execute(stmt)
        except IntegrityError:
            raise Conflict(f"this brewery already has a sake called {sake.name}") from None

    def delete(self, sake_id: int) -> bool:
        tasted = self._conn.execute(
            select(func.count()).select_from(t.tastings).where(t.tastings.c.sake_id == sake_id)
        ).scalar_one()
        if tasted:
            raise Conflict(f"sake {sake_id} is in {tasted} tasting record(s) and cannot be deleted")
        return bool(self._conn.execute(delete(t.sakes).where(t.sakes.c.id == sake_id)).rowcount)

    def without_brewery(self) -> list[tuple[int, str]]:
        has_brewery = exists().where(t.breweries.c.id == t.sakes.c.brewery_id)
        query = select(t.sakes.c.id, t.sakes.c.name).where(~has_brewery)
        return [(r.id, r.name) for r in self._conn.execute(query)]

    def stats(self) -> CatalogStats:
        by_category = {
            row[0]: row[1]
            for row in self._conn.execute(
                select(t.sakes.c.category, func.count()).group_by(t.sakes.c.category)
            )
        }
        by_prefecture = {
            row[0]: row[1]
            for row in self._conn.execute(
                select(t.breweries.c.prefecture, func.count(t.sakes.c.id))
                .join(t.sakes, t.sakes.c.brewery_id == t.breweries.c.id)
                .group_by(t.breweries.c.prefecture)
            )
        }
        breweries = self._conn.execute(select(func.count()).select_from(t.breweries)).scalar_one()
        return CatalogStats(
            sake=sum(by_category.values()),
            breweries=int(breweries),
            prefectures=len(by_prefecture),
            by_category={k: int(v) for k, v in sorted(by_category.items())},
            by_prefecture={k: int(v) for k, v in sorted(by_prefecture.items())},
        )


def _keep_unless_given(new: Any, old: Any) -> Any:
    # json_array_length exists with this name on both SQLite and PostgreSQL.
    return case((func.json_array_length(new) == 0, old), else_=new)


def _search_text(sake: Sake, brewery_names: str) -> str:
    parts = [sake.name, sake.reading or "", sake.romaji or "", brewery_names]
    return "|".join(search_key(p) for p in parts)
