"""The journal's filtered, paged reads, the paged preference history and all memory events,
on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sakesensei.domain.catalog import Brewery, Flavor, Sake
from sakesensei.domain.memory import MemoryEvent
from sakesensei.domain.tastings import TastingFilter, TastingRecord
from sakesensei.domain.users import Preferences, User
from sakesensei.ports import UnitOfWork

Uow = Callable[[], UnitOfWork]
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _users(uow_factory: Uow, *emails: str) -> list[str]:
    users = [User(str(uuid.uuid4()), email, "hash") for email in emails]
    with uow_factory() as uow:
        for user in users:
            uow.users.add(user)
        uow.commit()
    return [u.id for u in users]


def _sakes(uow_factory: Uow) -> dict[str, int]:
    with uow_factory() as uow:
        ids = uow.breweries.upsert_many(
            [Brewery("旭酒造", "山口県"), Brewery("八海醸造", "新潟県")]
        )
        uow.sakes.upsert_many(
            [
                Sake(
                    "獺祭 45",
                    ids[("旭酒造", "山口県")],
                    "純米大吟醸",
                    reading="だっさい",
                    romaji="Dassai 45",
                    flavor=Flavor(3, 2, 2, ("fruity", "floral")),
                ),
                Sake(
                    "八海山", ids[("八海醸造", "新潟県")], "普通酒", flavor=Flavor(None, 3, 4, ())
                ),
            ]
        )
        uow.commit()
        return {i.sake.name: i.sake.id or 0 for i in uow.sakes.iter_all()}


def _log(uow_factory: Uow, user_id: str, rows: list[tuple[int, int, int]]) -> list[str]:
    """rows: (sake_id, rating, day of November)"""
    ids = []
    with uow_factory() as uow:
        for n, (sake_id, rating, day) in enumerate(rows):
            record = TastingRecord(
                str(uuid.uuid4()),
                user_id,
                sake_id,
                rating,
                date(2026, 11, day),
                created_at=NOW + timedelta(seconds=n),
            )
            uow.tastings.add(record)
            ids.append(record.id)
        uow.commit()
    return ids


def test_find_filters_pages_and_counts_one_users_journal(uow_factory: Uow) -> None:
    hana, ren = _users(uow_factory, "hana@example.com", "ren@example.com")
    sake = _sakes(uow_factory)
    dassai, hakkai = sake["獺祭 45"], sake["八海山"]
    _log(
        uow_factory,
        hana,
        [(dassai, 5, 1), (hakkai, 2, 5), (dassai, 4, 9), (hakkai, 1, 12), (dassai, 3, 12)],
    )
    _log(uow_factory, ren, [(dassai, 1, 3)])
    with uow_factory() as uow:
        everything, total = uow.tastings.find(hana, TastingFilter())
        assert total == 5
        # newest tasting first; on the same day the later entry first
        assert [(e.record.tasted_on.day, e.record.rating) for e in everything] == [
            (12, 3),
            (12, 1),
            (9, 4),
            (5, 2),
            (1, 5),
        ]
        first = everything[-1]
        assert (
            first.sake.name == "獺祭 45"
            and first.sake.prefecture == "山口県"
            and first.sake.brewery == "旭酒造"
        )
        assert (
            first.sake.romaji == "Dassai 45"
            and first.sake.aroma == ("fruity", "floral")
            and first.sake.sweetness == 3
        )
        assert first.record.created_at is not None and first.record.created_at.tzinfo is not None

        page, total = uow.tastings.find(hana, TastingFilter(), limit=2, offset=2)
        assert total == 5 and [e.record.tasted_on.day for e in page] == [9, 5]
        page, total = uow.tastings.find(
            hana, TastingFilter(date_from=date(2026, 11, 5), date_to=date(2026, 11, 9))
        )
        assert total == 2 and [e.record.rating for e in page] == [4, 2]
        page, total = uow.tastings.find(hana, TastingFilter(rating_min=3, rating_max=4))
        assert total == 2 and {e.record.rating for e in page} == {3, 4}
        page, total = uow.tastings.find(hana, TastingFilter(category="普通酒"), limit=1)
        assert total == 2 and len(page) == 1 and page[0].sake.category == "普通酒"
        page, total = uow.tastings.find(hana, TastingFilter(category="吟醸"))
        assert (page, total) == ([], 0)
        assert uow.tastings.find(ren, TastingFilter())[1] == 1


def test_entry_reads_only_the_owners_record(uow_factory: Uow) -> None:
    hana, ren = _users(uow_factory, "hana@example.com", "ren@example.com")
    (record_id,) = _log(uow_factory, hana, [(_sakes(uow_factory)["八海山"], 4, 2)])
    with uow_factory() as uow:
        entry = uow.tastings.entry(hana, record_id)
        assert entry is not None and entry.record.rating == 4 and entry.sake.sweetness is None
        assert entry.sake.aroma == ()
        assert uow.tastings.entry(ren, record_id) is None
        assert uow.tastings.entry(hana, str(uuid.uuid4())) is None


def test_preference_history_pages_newest_first(uow_factory: Uow) -> None:
    (hana,) = _users(uow_factory, "hana@example.com")
    with uow_factory() as uow:
        for sweetness in (1, 2, 3, 4):
            uow.preferences.save(Preferences(hana, sweetness=sweetness), source="survey")
        uow.commit()
    with uow_factory() as uow:
        page, total = uow.preferences.history_page(hana, limit=3, offset=0)
        assert total == 4 and [c.preferences.sweetness for c in page] == [4, 3, 2]
        page, total = uow.preferences.history_page(hana, limit=3, offset=3)
        assert total == 4 and [c.preferences.sweetness for c in page] == [1]
        assert page[0].changed_at.tzinfo is not None
        assert uow.preferences.history_page("nobody", 10, 0) == ([], 0)


def test_all_events_span_every_session_of_the_user(uow_factory: Uow) -> None:
    hana, ren = _users(uow_factory, "hana@example.com", "ren@example.com")
    with uow_factory() as uow:
        uow.memory.add_event(MemoryEvent(hana, "s2", "user", "later", NOW + timedelta(minutes=5)))
        uow.memory.add_event(MemoryEvent(hana, "s1", "user", "first", NOW))
        uow.memory.add_event(MemoryEvent(ren, "s1", "user", "not hana's", NOW))
        uow.commit()
    with uow_factory() as uow:
        events = uow.memory.all_events(hana)
    assert [(e.session_id, e.content) for e in events] == [("s1", "first"), ("s2", "later")]
    assert events[0].created_at == NOW
