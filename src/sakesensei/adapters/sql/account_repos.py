"""User, preference and tasting repositories over SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    CursorResult,
    Row,
    cast,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from sakesensei.adapters.sql import journal_queries as journal
from sakesensei.adapters.sql import tables as t
from sakesensei.domain.errors import Conflict
from sakesensei.domain.tastings import (
    JournalEntry,
    Rating,
    RatingsVersion,
    TastingFilter,
    TastingRecord,
)
from sakesensei.domain.users import Experience, PreferenceChange, Preferences, Role, User


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _when(value: datetime | None) -> datetime:
    """A timestamp column that is never NULL, as an aware UTC datetime."""
    aware = _utc(value)
    if aware is None:
        raise ValueError("a required timestamp is missing")
    return aware


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the database returned no id for the new row")
    return int(key[0])


def _user(row: Row[Any]) -> User:
    m = row._mapping
    return User(
        id=m["id"],
        email=m["email"],
        password_hash=m["password_hash"],
        verified=m["verified"],
        role=Role(m["role"]),
        failed_logins=m["failed_logins"],
        locked_until=_utc(m["locked_until"]),
        created_at=_utc(m["created_at"]),
    )


class SqlUserRepository:
    def __init__(self, conn: Connection, now: Callable[[], datetime]) -> None:
        self._conn = conn
        self._now = now

    def _values(self, user: User) -> dict[str, Any]:
        return {
            "email": user.email.strip().lower(),
            "password_hash": user.password_hash,
            "verified": user.verified,
            "role": user.role.value,
            "failed_logins": user.failed_logins,
            "locked_until": user.locked_until,
        }

    def add(self, user: User) -> None:
        user.created_at = user.created_at or self._now()
        stmt = insert(t.users).values(id=user.id, created_at=user.created_at, **self._values(user))
        try:
            # A savepoint, so a refused insert leaves the rest of the transaction usable.
            with self._conn.begin_nested():
                self._conn.execute(stmt)
        except IntegrityError:
            raise Conflict(f"an account with the email {user.email} already exists") from None

    def get(self, user_id: str) -> User | None:
        row = self._conn.execute(select(t.users).where(t.users.c.id == user_id)).first()
        return _user(row) if row else None

    def get_by_email(self, email: str) -> User | None:
        query = select(t.users).where(t.users.c.email == email.strip().lower())
        row = self._conn.execute(query).first()
        return _user(row) if row else None

    def update(self, user: User) -> None:
        self._conn.execute(
            update(t.users).where(t.users.c.id == user.id).values(**self._values(user))
        )

    def delete(self, user_id: str) -> None:
        self._conn.execute(delete(t.users).where(t.users.c.id == user_id))

    def count_admins(self) -> int:
        query = select(func.count()).select_from(t.users).where(t.users.c.role == Role.ADMIN.value)
        return int(self._conn.execute(query).scalar_one())

    def list(
        self, limit: int, offset: int, email_contains: str | None = None
    ) -> tuple[list[User], int]:
        c = t.users.c
        total_query = select(func.count()).select_from(t.users)
        page_query = select(t.users).order_by(c.email).limit(limit).offset(offset)
        needle = (email_contains or "").strip().lower()
        if needle:
            # Emails are stored lower-case, so lowering the needle makes the match case-blind.
            condition = c.email.contains(needle, autoescape=True)
            total_query, page_query = total_query.where(condition), page_query.where(condition)
        total = self._conn.execute(total_query).scalar_one()
        return [_user(r) for r in self._conn.execute(page_query)], int(total)


def _prefs_from_mapping(user_id: str, m: Any) -> Preferences:
    return Preferences(
        user_id=user_id,
        sweetness=m["sweetness"],
        budget_yen=m["budget_yen"],
        experience=Experience(m["experience"]),
        avoid_categories=tuple(m["avoid_categories"] or ()),
        liked_aromas=tuple(m["liked_aromas"] or ()),
        updated_at=_utc(m.get("updated_at")),
    )


class SqlPreferencesRepository:
    def __init__(self, conn: Connection, now: Callable[[], datetime]) -> None:
        self._conn = conn
        self._now = now

    def get(self, user_id: str) -> Preferences | None:
        row = self._conn.execute(
            select(t.preferences).where(t.preferences.c.user_id == user_id)
        ).first()
        return _prefs_from_mapping(user_id, row._mapping) if row else None

    def save(self, preferences: Preferences, source: str) -> PreferenceChange:
        now = self._now()
        preferences.updated_at = now
        values = {
            "sweetness": preferences.sweetness,
            "budget_yen": preferences.budget_yen,
            "experience": preferences.experience.value,
            "avoid_categories": list(preferences.avoid_categories),
            "liked_aromas": list(preferences.liked_aromas),
            "updated_at": now,
        }
        changed = self._conn.execute(
            update(t.preferences)
            .where(t.preferences.c.user_id == preferences.user_id)
            .values(values)
        ).rowcount
        if not changed:
            self._conn.execute(insert(t.preferences).values(user_id=preferences.user_id, **values))
        snapshot = {k: v for k, v in values.items() if k != "updated_at"}
        result = self._conn.execute(
            insert(t.preference_history).values(
                user_id=preferences.user_id, changed_at=now, source=source, snapshot=snapshot
            )
        )
        return PreferenceChange(
            id=result.inserted_primary_key[0] if result.inserted_primary_key else None,
            user_id=preferences.user_id,
            changed_at=now,
            preferences=preferences,
            source=source,
        )

    def history(self, user_id: str) -> list[PreferenceChange]:
        c = t.preference_history.c
        query = (
            select(t.preference_history).where(c.user_id == user_id).order_by(c.changed_at, c.id)
        )
        return [_change(user_id, row) for row in self._conn.execute(query)]

    def history_page(
        self, user_id: str, limit: int, offset: int
    ) -> tuple[list[PreferenceChange], int]:
        c = t.preference_history.c
        query = (
            select(t.preference_history)
            .where(c.user_id == user_id)
            .order_by(c.changed_at.desc(), c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        total = self._conn.execute(
            select(func.count()).select_from(t.preference_history).where(c.user_id == user_id)
        ).scalar_one()
        return [_change(user_id, row) for row in self._conn.execute(query)], int(total)


def _change(user_id: str, row: Row[Any]) -> PreferenceChange:
    m = row._mapping
    changed_at = _when(m["changed_at"])
    return PreferenceChange(
        id=m["id"],
        user_id=user_id,
        changed_at=changed_at,
        source=m["source"],
        preferences=_prefs_from_mapping(user_id, {**m["snapshot"], "updated_at": changed_at}),
    )


def _tasting(row: Row[Any]) -> TastingRecord:
    m = row._mapping
    return TastingRecord(
        id=m["id"],
        user_id=m["user_id"],
        sake_id=m["sake_id"],
        rating=m["rating"],
        notes=m["notes"],
        tasted_on=m["tasted_on"],
        photo_key=m["photo_key"],
        created_at=_utc(m["created_at"]),
    )


class SqlTastingRepository:
    def __init__(self, conn: Connection, now: Callable[[], datetime]) -> None:
        self._conn = conn
        self._now = now

    def _values(self, record: TastingRecord) -> dict[str, Any]:
        return {
            "user_id": record.user_id,
            "sake_id": record.sake_id,
            "rating": record.rating,
            "notes": record.notes,
            "tasted_on": record.tasted_on,
            "photo_key": record.photo_key,
        }

    def add(self, record: TastingRecord) -> None:
        record.created_at = record.created_at or self._now()
        self._conn.execute(
            insert(t.tastings).values(
                id=record.id, created_at=record.created_at, **self._values(record)
            )
        )

    def get(self, record_id: str) -> TastingRecord | None:
        row = self._conn.execute(select(t.tastings).where(t.tastings.c.id == record_id)).first()
        return _tasting(row) if row else None

    def update(self, record: TastingRecord) -> None:
        self._conn.execute(
            update(t.tastings).where(t.tastings.c.id == record.id).values(**self._values(record))
        )

    def delete(self, record_id: str) -> bool:
        return bool(
            self._conn.execute(delete(t.tastings).where(t.tastings.c.id == record_id)).rowcount
        )

    def list_for_user(self, user_id: str, limit: int = 100, offset: int = 0) -> list[TastingRecord]:
        query = (
            select(t.tastings)
            .where(t.tastings.c.user_id == user_id)
            .order_by(t.tastings.c.tasted_on.desc(), t.tastings.c.created_at.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_tasting(r) for r in self._conn.execute(query)]

    def entry(self, user_id: str, record_id: str) -> JournalEntry | None:
        row = self._conn.execute(journal.one_entry(user_id, record_id)).first()
        return journal.entry_from_row(row) if row else None

    def find(
        self, user_id: str, where: TastingFilter, limit: int | None = None, offset: int = 0
    ) -> tuple[list[JournalEntry], int]:
        rows = self._conn.execute(journal.entries(user_id, where, limit, offset))
        found = [journal.entry_from_row(r) for r in rows]
        total = self._conn.execute(journal.count(user_id, where)).scalar_one()
        return found, int(total)

    def ratings_version(self) -> RatingsVersion:
        c = t.tastings.c
        # A re-rating or a change of sake moves the sum; an added or removed row moves the
        # count or the latest time. (A change of date alone does not: dates do not matter
        # to the collaborative model beyond which of two verdicts is the later.)
        row = self._conn.execute(
            select(
                func.count(),
                func.max(c.created_at),
                func.coalesce(func.sum(cast(c.rating, BigInteger) * c.sake_id), 0),
            )
        ).one()
        return RatingsVersion(int(row[0]), _utc(row[1]), int(row[2]))

    def all_ratings(self) -> list[Rating]:
        c = t.tastings.c
        query = select(c.user_id, c.sake_id, c.rating, c.tasted_on).order_by(
            c.tasted_on, c.created_at, c.id
        )
        return [
            Rating(r.user_id, r.sake_id, r.rating, r.tasted_on) for r in self._conn.execute(query)
        ]
