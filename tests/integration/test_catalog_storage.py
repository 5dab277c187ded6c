"""Brewery and sake repositories on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sakesensei.domain.catalog import Brewery, Flavor, Pairing, Sake
from sakesensei.ports import UnitOfWork

Uow = Callable[[], UnitOfWork]


def _seed(uow_factory: Uow) -> dict[tuple[str, str], int]:
    with uow_factory() as uow:
        ids = uow.breweries.upsert_many(
            [
                Brewery("旭酒造", "山口県", romaji="Asahi Shuzo", city="岩国市", founded=1948),
                Brewery("高木酒造", "山形県", romaji="Takagi Shuzo"),
                Brewery("高木酒造", "高知県", romaji="Takagi Shuzo"),
            ]
        )
        uow.sakes.upsert_many(
            [
                Sake(
                    "獺祭 純米大吟醸 45",
                    ids[("旭酒造", "山口県")],
                    "純米大吟醸",
                    reading="だっさい じゅんまいだいぎんじょう よんじゅうご",
                    romaji="Dassai Junmai Daiginjo 45",
                    price_yen=1980,
                    volume_ml=720,
                    abv=16.0,
                    flavor=Flavor(3, 2, 2, ("fruity", "melon")),
                    tags=("生酒",),
                    pairings=(Pairing("鯛の刺身", "clean"),),
                    temperatures=("花冷え",),
                ),
                Sake(
                    "十四代 本丸",
                    ids[("高木酒造", "山形県")],
                    "特別本醸造",
                    reading="じゅうよんだい ほんまる",
                    romaji="Juyondai Honmaru",
                ),
                Sake(
                    "豊能梅 純米吟醸",
                    ids[("高木酒造", "高知県")],
                    "純米吟醸",
                    romaji="Toyonoume Junmai Ginjo",
                ),
            ]
        )
        uow.commit()
    return ids


def test_breweries_with_one_name_in_two_prefectures_stay_apart(uow_factory: Uow) -> None:
    ids = _seed(uow_factory)
    assert ids[("高木酒造", "山形県")] != ids[("高木酒造", "高知県")]
    with uow_factory() as uow:
        assert uow.breweries.count() == 3
        assert uow.sakes.count() == 3


def test_upsert_is_idempotent_and_never_erases(uow_factory: Uow) -> None:
    ids = _seed(uow_factory)
    brewery_id = ids[("旭酒造", "山口県")]
    with uow_factory() as uow:
        # A second file knows the price changed but nothing else.
        again = uow.breweries.upsert_many([Brewery("旭酒造", "山口県")])
        assert again[("旭酒造", "山口県")] == brewery_id
        new, updated = uow.sakes.upsert_many(
            [Sake("獺祭 純米大吟醸 45", brewery_id, "純米大吟醸", price_yen=2200)]
        )
        assert (new, updated) == (0, 1)
        uow.commit()
    with uow_factory() as uow:
        assert uow.sakes.count() == 3
        brewery = uow.breweries.get(brewery_id)
        assert brewery is not None and brewery.city == "岩国市" and brewery.founded == 1948
        found, _ = uow.sakes.search(["獺祭"], 10, 0)
        sake = found[0].sake
        assert sake.price_yen == 2200
        assert sake.abv == 16.0 and sake.reading and sake.flavor.aroma == ("fruity", "melon")
        assert sake.tags == ("生酒",) and sake.pairings == (Pairing("鯛の刺身", "clean"),)
        assert sake.temperatures == ("花冷え",)


@pytest.mark.parametrize(
    "query", ["獺祭", "だっさい", "ダッサイ", "dassai", "DASSAI", "Dassai 45", "旭酒造", "asahi"]
)
def test_a_sake_is_found_by_kanji_kana_or_romaji(uow_factory: Uow, query: str) -> None:
    _seed(uow_factory)
    with uow_factory() as uow:
        items, total = uow.sakes.search(query.split(), 10, 0)
    assert total == 1
    assert items[0].sake.name == "獺祭 純米大吟醸 45"
    assert items[0].brewery.name == "旭酒造"


def test_search_pages_and_counts(uow_factory: Uow) -> None:
    _seed(uow_factory)
    with uow_factory() as uow:
        items, total = uow.sakes.search(["takagi"], 1, 0)
        rest, _ = uow.sakes.search(["takagi"], 1, 1)
        percent, none = uow.sakes.search(["%"], 10, 0)
    assert total == 2 and len(items) == 1 and len(rest) == 1
    assert items[0].sake.id != rest[0].sake.id
    assert none == 0 and percent == []


def test_stats_counts_by_category_and_prefecture(uow_factory: Uow) -> None:
    _seed(uow_factory)
    with uow_factory() as uow:
        stats = uow.sakes.stats()
    assert (stats.sake, stats.breweries, stats.prefectures) == (3, 3, 3)
    assert stats.by_category == {"特別本醸造": 1, "純米吟醸": 1, "純米大吟醸": 1}
    assert stats.by_prefecture == {"山口県": 1, "山形県": 1, "高知県": 1}


def test_rollback_leaves_nothing_behind(uow_factory: Uow) -> None:
    with uow_factory() as uow:
        uow.breweries.upsert_many([Brewery("八海醸造", "新潟県")])
        # no commit: leaving the block rolls back
    with uow_factory() as uow:
        assert uow.breweries.count() == 0


def test_unused_breweries_can_be_found_and_removed(uow_factory: Uow) -> None:
    _seed(uow_factory)
    with uow_factory() as uow:
        uow.breweries.upsert_many([Brewery("空酒造", "沖縄県")])
        assert uow.breweries.delete_unused() == 1
        assert uow.sakes.without_brewery() == []
        uow.commit()
