"""The tasting journal service against the in-memory fakes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from sakesensei.domain.catalog import Brewery, Flavor, Sake
from sakesensei.domain.errors import InvalidInput, NotFound
from sakesensei.domain.tastings import TastingFilter
from sakesensei.ports import UnitOfWork
from sakesensei.services.tastings import TastingChanges, TastingJournal
from tests.support.fakes import FakeStore, FakeUnitOfWork

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def factory(store: FakeStore) -> Callable[[], UnitOfWork]:
    return lambda: FakeUnitOfWork(store)  # type: ignore[return-value]


@pytest.fixture
def uow_factory() -> Callable[[], UnitOfWork]:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        ids = uow.breweries.upsert_many(
            [Brewery("旭酒造", "山口県"), Brewery("八海醸造", "新潟県")]
        )
        uow.sakes.upsert_many(
            [
                Sake(
                    "獺祭 45",
                    ids[("旭酒造", "山口県")],
                    "純米大吟醸",
                    flavor=Flavor(3, 2, 2, ("fruity",)),
                ),
                Sake(
                    "八海山",
                    ids[("八海醸造", "新潟県")],
                    "普通酒",
                    flavor=Flavor(1, 3, 3, ("rice",)),
                ),
            ]
        )
        uow.commit()
    return factory(store)


@pytest.fixture
def journal(uow_factory: Callable[[], UnitOfWork]) -> TastingJournal:
    return TastingJournal(uow_factory, lambda: NOW)


def _sake_ids(uow_factory: Callable[[], UnitOfWork]) -> dict[str, int]:
    with uow_factory() as uow:
        return {i.sake.name: i.sake.id or 0 for i in uow.sakes.iter_all()}


def test_log_read_change_remove(
    journal: TastingJournal, uow_factory: Callable[[], UnitOfWork]
) -> None:
    ids = _sake_ids(uow_factory)
    entry = journal.log("u1", ids["獺祭 45"], 5, notes="  華やか  ")
    assert entry.record.tasted_on == NOW.date() and entry.record.notes == "華やか"
    assert entry.sake.name == "獺祭 45" and entry.sake.prefecture == "山口県"
    changed = journal.change("u1", entry.record.id, TastingChanges(rating=3, sake_id=ids["八海山"]))
    assert (
        changed.record.rating == 3
        and changed.sake.name == "八海山"
        and changed.record.notes == "華やか"
    )
    cleared = journal.change("u1", entry.record.id, TastingChanges(notes=None))
    assert cleared.record.notes is None and cleared.record.rating == 3
    journal.remove("u1", entry.record.id)
    with pytest.raises(NotFound):
        journal.get("u1", entry.record.id)


def test_another_users_record_is_missing_to_everyone_else(
    journal: TastingJournal, uow_factory: Callable[[], UnitOfWork]
) -> None:
    mine = journal.log("u1", _sake_ids(uow_factory)["八海山"], 4)
    for attempt in (
        lambda: journal.get("u2", mine.record.id),
        lambda: journal.change("u2", mine.record.id, TastingChanges(rating=1)),
        lambda: journal.remove("u2", mine.record.id),
    ):
        with pytest.raises(NotFound, match="no tasting with id"):
            attempt()
    assert journal.get("u1", mine.record.id).record.rating == 4
    assert journal.page("u2", TastingFilter()).total == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rating": 0}, "rating must be between 1 and 5"),
        ({"rating": 6}, "not 6"),
        ({"tasted_on": NOW.date() + timedelta(days=2)}, "is in the future"),
        ({"tasted_on": date(1800, 1, 1)}, "1900-01-01 or later"),
        ({"notes": "x" * 2001}, "at most 2000 characters"),
        ({"notes": "a\x00b"}, "NUL"),
        ({"sake_id": 999_999}, "no sake with id 999999"),
    ],
)
def test_bad_tastings_are_refused(
    journal: TastingJournal,
    uow_factory: Callable[[], UnitOfWork],
    fields: dict,
    message: str,  # type: ignore[type-arg]
) -> None:
    args = {"sake_id": _sake_ids(uow_factory)["八海山"], "rating": 3, **fields}
    with pytest.raises(InvalidInput, match=message):
        journal.log("u1", **args)
    assert journal.page("u1", TastingFilter()).total == 0


def test_a_date_that_is_already_today_east_of_utc_is_accepted(
    journal: TastingJournal, uow_factory: Callable[[], UnitOfWork]
) -> None:
    # 12:00 UTC is already the next day in Tokyo and Auckland.
    entry = journal.log(
        "u1", _sake_ids(uow_factory)["八海山"], 3, tasted_on=NOW.date() + timedelta(days=1)
    )
    assert entry.record.tasted_on == date(2026, 11, 30)


def test_a_bad_change_leaves_the_record_as_it_was(
    journal: TastingJournal, uow_factory: Callable[[], UnitOfWork]
) -> None:
    entry = journal.log("u1", _sake_ids(uow_factory)["八海山"], 3)
    with pytest.raises(InvalidInput):
        journal.change("u1", entry.record.id, TastingChanges(rating=9, notes="new"))
    again = journal.get("u1", entry.record.id)
    assert again.record.rating == 3 and again.record.notes is None


def test_pages_and_filters(journal: TastingJournal, uow_factory: Callable[[], UnitOfWork]) -> None:
    ids = _sake_ids(uow_factory)
    for day, name, rating in [
        (1, "獺祭 45", 5),
        (5, "八海山", 2),
        (9, "獺祭 45", 4),
        (12, "八海山", 1),
    ]:
        journal.log("u1", ids[name], rating, tasted_on=date(2026, 11, day))
    everything = journal.page("u1", TastingFilter(), limit=2)
    assert everything.total == 4
    assert [e.record.tasted_on.day for e in everything.items] == [12, 9]
    assert [e.record.tasted_on.day for e in journal.page("u1", TastingFilter(), 2, 2).items] == [
        5,
        1,
    ]
    in_range = journal.page(
        "u1", TastingFilter(date_from=date(2026, 11, 5), date_to=date(2026, 11, 9))
    )
    assert [e.record.tasted_on.day for e in in_range.items] == [9, 5]
    high = journal.page("u1", TastingFilter(rating_min=4))
    assert {e.record.rating for e in high.items} == {4, 5}
    futsu = journal.page("u1", TastingFilter(category="普通酒", rating_max=1))
    assert [e.record.rating for e in futsu.items] == [1] and futsu.total == 1


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (TastingFilter(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1)), "is after date_to"),
        (TastingFilter(rating_min=4, rating_max=2), "greater than rating_max"),
        (TastingFilter(rating_min=0), "rating_min must be between 1 and 5"),
        (TastingFilter(category="ワイン"), "choose from 純米大吟醸"),
    ],
)
def test_filters_that_can_only_be_mistakes_are_refused(
    journal: TastingJournal, where: TastingFilter, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        journal.page("u1", where)
