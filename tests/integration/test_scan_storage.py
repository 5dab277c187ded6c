"""Label scans and the choices people make for them, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sakesensei.domain.catalog import Brewery, Sake
from sakesensei.domain.scans import LabelScan
from sakesensei.domain.users import User
from sakesensei.ports import UnitOfWork

Uow = Callable[[], UnitOfWork]
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _setup(uow_factory: Uow) -> tuple[str, str, list[int]]:
    users = [User(str(uuid.uuid4()), f"{n}@example.com", "hash") for n in ("aki", "ren")]
    with uow_factory() as uow:
        for user in users:
            uow.users.add(user)
        ids = uow.breweries.upsert_many([Brewery("宮坂醸造", "長野県")])
        brewery = ids[("宮坂醸造", "長野県")]
        uow.sakes.upsert_many(
            [
                Sake("真澄 純米吟醸 山花", brewery, "純米吟醸"),
                Sake("真澄 辛口生一本", brewery, "純米"),
            ]
        )
        uow.commit()
        sake_ids = sorted(i.sake.id or 0 for i in uow.sakes.iter_all())
    return users[0].id, users[1].id, sake_ids


def _scan(user_id: str | None, minutes: int, matched: int | None) -> LabelScan:
    return LabelScan(
        id=str(uuid.uuid4()),
        user_id=user_id,
        blob_key=f"users/{user_id}/scans/x.jpg" if user_id else None,
        read_text="真澄 純米吟醸",
        label_key="top3:1,2",
        matched_sake_id=matched,
        confidence=0.42,
        created_at=NOW + timedelta(minutes=minutes),
    )


def test_scans_are_kept_per_user_newest_first(uow_factory: Uow) -> None:
    aki, ren, (first, second) = _setup(uow_factory)
    older, newer, others = _scan(aki, 0, None), _scan(aki, 5, first), _scan(ren, 1, second)
    with uow_factory() as uow:
        for scan in (older, newer, others):
            uow.scans.add(scan)
        uow.commit()
    with uow_factory() as uow:
        assert [s.id for s in uow.scans.list_for_user(aki, 10)] == [newer.id, older.id]
        assert uow.scans.get(newer.id) == newer
        assert uow.scans.get(str(uuid.uuid4())) is None
        uow.scans.record_choice(older.id, second, NOW)
        uow.commit()
    with uow_factory() as uow:
        chosen = uow.scans.get(older.id)
    assert chosen is not None and (chosen.chosen_sake_id, chosen.chosen_at) == (second, NOW)


def test_votes_count_per_label_reading_and_sake(uow_factory: Uow) -> None:
    _, _, (first, second) = _setup(uow_factory)
    with uow_factory() as uow:
        uow.scans.vote("top3:1,2", first, NOW)
        uow.scans.vote("top3:1,2", first, NOW)
        uow.scans.vote("top3:1,2", second, NOW)
        uow.scans.vote("top3:9", second, NOW)
        uow.commit()
    with uow_factory() as uow:
        assert uow.scans.votes("top3:1,2") == {first: 2, second: 1}
        assert uow.scans.votes("top3:9") == {second: 1}
        assert uow.scans.votes("never seen") == {}


def test_a_deleted_account_takes_its_scans_along(uow_factory: Uow) -> None:
    aki, ren, (first, _) = _setup(uow_factory)
    with uow_factory() as uow:
        uow.scans.add(_scan(aki, 0, first))
        uow.scans.add(_scan(ren, 0, first))
        uow.commit()
    with uow_factory() as uow:
        uow.users.delete(aki)
        uow.commit()
    with uow_factory() as uow:
        assert uow.scans.list_for_user(aki, 10) == []
        assert len(uow.scans.list_for_user(ren, 10)) == 1
