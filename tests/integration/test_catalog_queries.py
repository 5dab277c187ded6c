"""Catalog reads on SQLite and PostgreSQL: sake filters, brewery listings, the catalog version."""

from __future__ import annotations

from collections.abc import Callable

from sakesensei.domain.catalog import Brewery, Flavor, Sake
from sakesensei.domain.catalog_queries import SakeFilter
from sakesensei.domain.prefectures import PREFECTURES
from sakesensei.ports import UnitOfWork
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.shipped_catalog import ensure_catalog

Uow = Callable[[], UnitOfWork]


def _seed(uow_factory: Uow) -> dict[tuple[str, str], int]:
    with uow_factory() as uow:
        ids = uow.breweries.upsert_many(
            [
                Brewery("旭酒造", "山口県", romaji="Asahi Shuzo"),
                Brewery("八海醸造", "新潟県", romaji="Hakkai Jozo"),
                Brewery("新政酒造", "秋田県", romaji="Aramasa Shuzo"),
                Brewery("空き蔵", "北海道"),
            ]
        )
        uow.sakes.upsert_many(
            [
                Sake(
                    "獺祭 45",
                    ids[("旭酒造", "山口県")],
                    "純米大吟醸",
                    reading="だっさい",
                    price_yen=1980,
                    flavor=Flavor(3, 2, 2, ("fruity", "melon")),
                ),
                Sake(
                    "八海山",
                    ids[("八海醸造", "新潟県")],
                    "普通酒",
                    reading="はっかいさん",
                    price_yen=1100,
                    flavor=Flavor(2, 3, 3, ("rice",)),
                ),
                Sake(
                    "新政 No.6",
                    ids[("新政酒造", "秋田県")],
                    "純米",
                    reading="あらまさ",
                    price_yen=2000,
                    flavor=Flavor(3, 4, 2, ("citrus", "dried-fruit")),
                ),
                Sake("八海山 雪室", ids[("八海醸造", "新潟県")], "純米吟醸", price_yen=None),
            ]
        )
        uow.commit()
    return ids


def _find(
    uow_factory: Uow, filters: SakeFilter, limit: int = 50, offset: int = 0
) -> tuple[list[str], int]:
    with uow_factory() as uow:
        items, total = uow.sakes.find(filters, limit, offset)
    return [i.sake.name for i in items], total


def test_find_filters_in_reading_order_with_unread_names_last(uow_factory: Uow) -> None:
    ids = _seed(uow_factory)
    assert _find(uow_factory, SakeFilter()) == (
        ["新政 No.6", "獺祭 45", "八海山", "八海山 雪室"],
        4,
    )
    assert _find(uow_factory, SakeFilter(categories=frozenset({"純米", "普通酒"}))) == (
        ["新政 No.6", "八海山"],
        2,
    )
    assert _find(uow_factory, SakeFilter(prefectures=frozenset({"新潟県"})))[1] == 2
    assert _find(uow_factory, SakeFilter(brewery_id=ids[("旭酒造", "山口県")])) == (["獺祭 45"], 1)
    # A price bound leaves out the sake whose price we do not know.
    assert _find(uow_factory, SakeFilter(price_max=1980)) == (["獺祭 45", "八海山"], 2)
    assert _find(uow_factory, SakeFilter(price_min=1980, price_max=1999)) == (["獺祭 45"], 1)
    assert _find(uow_factory, SakeFilter(sweetness_min=3, sweetness_max=3)) == (
        ["新政 No.6", "獺祭 45"],
        2,
    )
    # Aromas are alternatives; "dried-fruit" must not match "fruity" nor the reverse.
    assert _find(uow_factory, SakeFilter(aromas=frozenset({"rice", "melon"}))) == (
        ["獺祭 45", "八海山"],
        2,
    )
    assert _find(uow_factory, SakeFilter(aromas=frozenset({"dried-fruit"}))) == (["新政 No.6"], 1)
    assert _find(uow_factory, SakeFilter(aromas=frozenset({"fruit"}))) == ([], 0)


def test_find_pages_with_the_full_total(uow_factory: Uow) -> None:
    _seed(uow_factory)
    assert _find(uow_factory, SakeFilter(), limit=2, offset=1) == (["獺祭 45", "八海山"], 4)
    assert _find(uow_factory, SakeFilter(), limit=2, offset=10) == ([], 4)


def test_sql_filters_agree_with_the_in_memory_ones_on_the_shipped_catalog(uow_factory: Uow) -> None:
    ensure_catalog(uow_factory)
    with uow_factory() as uow:
        everything = list(uow.sakes.iter_all())
    filters = [
        SakeFilter(categories=frozenset({"純米吟醸", "吟醸"})),
        SakeFilter(prefectures=frozenset({"新潟県", "秋田県", "山形県"}), price_max=2500),
        SakeFilter(sweetness_min=4, aromas=frozenset({"fruity", "tropical"})),
        SakeFilter(price_min=3000, sweetness_max=2, categories=frozenset({"純米大吟醸"})),
    ]
    for f in filters:
        with uow_factory() as uow:
            items, total = uow.sakes.find(f, 1000, 0)
        expected = {i.sake.id for i in everything if f.matches(i)}
        assert {i.sake.id for i in items} == expected and total == len(expected) > 0


def test_breweries_listed_north_to_south_with_their_sake_count(uow_factory: Uow) -> None:
    _seed(uow_factory)
    with uow_factory() as uow:
        listed, total = uow.breweries.find(frozenset(), 10, 0)
        chosen, some = uow.breweries.find(frozenset({"新潟県", "山口県"}), 1, 1)
    assert [(b.brewery.name, b.sake_count) for b in listed] == [
        ("空き蔵", 0),
        ("新政酒造", 1),
        ("八海醸造", 2),
        ("旭酒造", 1),
    ]
    assert total == 4
    assert [b.brewery.name for b in chosen] == ["旭酒造"] and some == 2
    jis = [name for name, _, _ in PREFECTURES]
    assert [jis.index(b.brewery.prefecture) for b in listed] == sorted(
        jis.index(b.brewery.prefecture) for b in listed
    )


def test_the_catalog_version_changes_with_every_write(uow_factory: Uow) -> None:
    with uow_factory() as uow:
        empty = uow.sakes.catalog_version()
    assert (empty.sakes, empty.breweries, empty.sakes_changed) == (0, 0, None)
    ids = _seed(uow_factory)
    with uow_factory() as uow:
        seeded = uow.sakes.catalog_version()
        assert uow.sakes.catalog_version() == seeded  # reading changes nothing
    assert (seeded.sakes, seeded.breweries) == (4, 4)
    with uow_factory() as uow:
        found, _ = uow.sakes.find(SakeFilter(brewery_id=ids[("旭酒造", "山口県")]), 1, 0)
        sake = found[0].sake
        sake.price_yen = 2200
        uow.sakes.update(sake)
        uow.commit()
    with uow_factory() as uow:
        updated = uow.sakes.catalog_version()
    assert updated != seeded and updated.sakes == 4
    with uow_factory() as uow:
        uow.sakes.delete(sake.id)  # type: ignore[arg-type]
        uow.commit()
    with uow_factory() as uow:
        assert uow.sakes.catalog_version().sakes == 3
    with uow_factory() as uow:
        brewery = uow.breweries.get(ids[("空き蔵", "北海道")])
        assert brewery is not None
        brewery.romaji = "Akigura"
        uow.breweries.update(brewery)
        uow.commit()
    with uow_factory() as uow:
        renamed = uow.sakes.catalog_version()
    assert renamed.breweries_changed != updated.breweries_changed


def test_the_in_memory_listing_matches_the_sql_listing(uow_factory: Uow) -> None:
    """Up to MEMORY_LISTING_MAX sake, find_sakes lists from the catalog in memory; its
    order and pages must be those of the database's own listing."""
    ensure_catalog(uow_factory)
    catalog = CatalogCache(uow_factory)
    for f, limit, offset in [
        (SakeFilter(), 1000, 0),
        (SakeFilter(prefectures=frozenset({"新潟県", "秋田県", "山形県"}), price_max=2500), 7, 3),
        (SakeFilter(sweetness_min=4, aromas=frozenset({"fruity", "tropical"})), 50, 0),
    ]:
        with uow_factory() as uow:
            rows, total = uow.sakes.find(f, limit, offset)
        snapshot = catalog.snapshot()
        listed = [i for i in (snapshot.sakes[k] for k in snapshot.listing) if f.matches(i)]
        assert [i.sake.id for i in listed[offset : offset + limit]] == [i.sake.id for i in rows]
        assert len(listed) == total > 0
