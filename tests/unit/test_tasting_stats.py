"""Journal statistics: counts, averages, groups and the flavour of what was liked or not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sakesensei.domain.catalog import Brewery, Sake
from sakesensei.domain.tastings import JournalEntry, TastedSake, TastingFilter, TastingRecord
from sakesensei.ports import UnitOfWork
from sakesensei.services.tasting_stats import summarise, tasting_stats
from tests.support.fakes import FakeStore, FakeUnitOfWork

DASSAI = TastedSake(
    1,
    "獺祭 45",
    "純米大吟醸",
    1,
    "旭酒造",
    "山口県",
    sweetness=3,
    acidity=2,
    body=2,
    aroma=("fruity", "floral", "fruity"),
)
KUBOTA = TastedSake(
    2,
    "久保田 千寿",
    "吟醸",
    2,
    "朝日酒造",
    "新潟県",
    sweetness=2,
    acidity=2,
    body=3,
    aroma=("rice",),
)
HAKKAI = TastedSake(
    3,
    "八海山",
    "普通酒",
    3,
    "八海醸造",
    "新潟県",
    sweetness=None,
    acidity=4,
    body=4,
    aroma=("rice", "earthy"),
)


def _entry(n: int, sake: TastedSake, rating: int) -> JournalEntry:
    return JournalEntry(TastingRecord(f"t{n}", "u1", sake.id, rating, date(2026, 11, n)), sake)


def test_an_empty_journal_has_zero_counts_and_no_averages() -> None:
    stats = summarise([])
    assert stats.count == 0 and stats.average_rating is None
    assert stats.ratings == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    assert stats.by_category == [] and stats.rated_high.count == 0
    assert stats.rated_high.sweetness is None and stats.rated_low.top_aromas == []


def test_counts_averages_and_groups() -> None:
    entries = [
        _entry(1, DASSAI, 5),
        _entry(2, DASSAI, 4),
        _entry(3, KUBOTA, 3),
        _entry(4, HAKKAI, 1),
        _entry(5, HAKKAI, 2),
    ]
    stats = summarise(entries)
    assert stats.count == 5 and stats.average_rating == 3.0
    assert stats.ratings == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    assert [(g.key, g.count, g.average_rating) for g in stats.by_category] == [
        ("純米大吟醸", 2, 4.5),
        ("普通酒", 2, 1.5),
        ("吟醸", 1, 3.0),
    ]
    assert [(g.key, g.count, g.average_rating) for g in stats.by_prefecture] == [
        ("新潟県", 3, 2.0),
        ("山口県", 2, 4.5),
    ]


def test_the_flavour_of_high_and_low_ratings() -> None:
    stats = summarise(
        [_entry(1, DASSAI, 5), _entry(2, KUBOTA, 4), _entry(3, HAKKAI, 1), _entry(4, KUBOTA, 3)]
    )
    high, low = stats.rated_high, stats.rated_low
    assert (high.count, high.sweetness, high.acidity, high.body) == (2, 2.5, 2.0, 2.5)
    # an aroma counts once per tasting even when the sake lists it twice
    assert high.top_aromas == [("floral", 1), ("fruity", 1), ("rice", 1)]
    # 八海山 has no sweetness score: the mean leaves it out instead of guessing
    assert (low.count, low.sweetness, low.acidity, low.body) == (1, None, 4.0, 4.0)
    assert low.top_aromas == [("earthy", 1), ("rice", 1)]


def factory(store: FakeStore) -> Callable[[], UnitOfWork]:
    return lambda: FakeUnitOfWork(store)  # type: ignore[return-value]


def test_stats_read_only_the_users_own_journal_and_respect_filters() -> None:
    store = FakeStore()
    with factory(store)() as uow:
        ids = uow.breweries.upsert_many([Brewery("旭酒造", "山口県")])
        uow.sakes.upsert_many([Sake("獺祭 45", ids[("旭酒造", "山口県")], "純米大吟醸")])
        (sake_id,) = [i.sake.id or 0 for i in uow.sakes.iter_all()]
        for n, (user, rating) in enumerate([("u1", 5), ("u1", 3), ("u2", 1)], start=1):
            uow.tastings.add(TastingRecord(f"t{n}", user, sake_id, rating, date(2026, 11, n)))
        uow.commit()
    assert tasting_stats(factory(store), "u1").count == 2
    assert tasting_stats(factory(store), "u1", TastingFilter(rating_min=4)).average_rating == 5.0
    assert tasting_stats(factory(store), "nobody").count == 0
