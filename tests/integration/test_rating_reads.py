"""The reads the recommendation model is refitted from: every user's ratings, and the cheap
fingerprint that says whether they changed, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sakesensei.domain.catalog import Brewery, Sake
from sakesensei.domain.tastings import Rating, TastingRecord
from sakesensei.domain.users import User
from sakesensei.ports import UnitOfWork

Uow = Callable[[], UnitOfWork]
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _setup(uow_factory: Uow) -> tuple[list[str], list[int]]:
    users = [User(str(uuid.uuid4()), f"{name}@example.com", "hash") for name in ("a", "b")]
    with uow_factory() as uow:
        for user in users:
            uow.users.add(user)
        ids = uow.breweries.upsert_many([Brewery("旭酒造", "山口県")])
        brewery = ids[("旭酒造", "山口県")]
        uow.sakes.upsert_many([Sake(f"酒{n}", brewery, "純米") for n in range(3)])
        uow.commit()
        sakes = sorted(i.sake.id or 0 for i in uow.sakes.iter_all())
    return [u.id for u in users], sakes


def _add(uow_factory: Uow, user: str, sake_id: int, rating: int, day: int) -> TastingRecord:
    record = TastingRecord(
        str(uuid.uuid4()),
        user,
        sake_id,
        rating,
        date(2026, 11, day),
        created_at=NOW + timedelta(minutes=day),
    )
    with uow_factory() as uow:
        uow.tastings.add(record)
        uow.commit()
    return record


def test_every_rating_oldest_first(uow_factory: Uow) -> None:
    (a, b), (s1, s2, _) = _setup(uow_factory)
    with uow_factory() as uow:
        assert uow.tastings.all_ratings() == []
        assert uow.tastings.ratings_version().count == 0
    _add(uow_factory, a, s1, 5, 3)
    _add(uow_factory, b, s2, 2, 1)
    _add(uow_factory, a, s2, 4, 2)
    with uow_factory() as uow:
        assert uow.tastings.all_ratings() == [
            Rating(b, s2, 2, date(2026, 11, 1)),
            Rating(a, s2, 4, date(2026, 11, 2)),
            Rating(a, s1, 5, date(2026, 11, 3)),
        ]


def test_the_fingerprint_changes_with_every_change_that_matters(uow_factory: Uow) -> None:
    (a, _), (s1, s2, s3) = _setup(uow_factory)

    def version() -> object:
        with uow_factory() as uow:
            return uow.tastings.ratings_version()

    seen = [version()]
    record = _add(uow_factory, a, s1, 4, 1)
    seen.append(version())
    assert seen[-1] == version()  # reading changes nothing
    for change in ({"rating": 5}, {"sake_id": s2}, {"sake_id": s3, "rating": 2}):
        for name, value in change.items():
            setattr(record, name, value)
        with uow_factory() as uow:
            uow.tastings.update(record)
            uow.commit()
        seen.append(version())
    with uow_factory() as uow:
        uow.tastings.delete(record.id)
        uow.commit()
    seen.append(version())
    assert len(set(map(repr, seen[1:]))) == len(seen) - 1  # each step a new fingerprint
    latest = seen[1].latest  # type: ignore[attr-defined]
    assert latest is not None and latest.tzinfo is not None
