"""Catalog reading services (search, similar, pairing, breweries) against the in-memory fakes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sakesensei.domain.catalog import Brewery, Flavor, Pairing, Sake
from sakesensei.domain.errors import InvalidInput, NotFound
from sakesensei.domain.regions import normalize_region
from sakesensei.ports import UnitOfWork
from sakesensei.services.brewery_browse import brewery_detail, find_breweries
from sakesensei.services.catalog_cache import CatalogCache, PinnedCatalog
from sakesensei.services.catalog_filters import SakeCriteria, places, sake_filter
from sakesensei.services.food_pairing import sake_for_dish
from sakesensei.services.sake_finder import find_sakes
from sakesensei.services.shipped_catalog import ensure_catalog
from sakesensei.services.similar_sake import similar_sakes
from tests.support.fakes import FakeStore, FakeUnitOfWork


def _factory(store: FakeStore) -> Callable[[], UnitOfWork]:
    return lambda: FakeUnitOfWork(store)  # type: ignore[return-value]


@pytest.fixture
def store() -> FakeStore:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        ids = uow.breweries.upsert_many(
            [
                Brewery("旭酒造", "山口県", romaji="Asahi Shuzo"),
                Brewery("八海醸造", "新潟県", romaji="Hakkai Jozo"),
                Brewery("新政酒造", "秋田県", romaji="Aramasa Shuzo"),
                Brewery("空き蔵", "秋田県"),
            ]
        )
        uow.sakes.upsert_many(
            [
                Sake(
                    "獺祭 純米大吟醸 45",
                    ids[("旭酒造", "山口県")],
                    "純米大吟醸",
                    reading="だっさい",
                    romaji="Dassai 45",
                    price_yen=1980,
                    flavor=Flavor(3, 2, 2, ("fruity", "melon")),
                    pairings=(Pairing("鯛の刺身 (sea bream sashimi)", "clean"),),
                ),
                Sake(
                    "八海山 特別本醸造",
                    ids[("八海醸造", "新潟県")],
                    "特別本醸造",
                    reading="はっかいさん",
                    romaji="Hakkaisan Tokubetsu Honjozo",
                    price_yen=1300,
                    flavor=Flavor(2, 3, 3, ("rice",)),
                ),
                Sake(
                    "新政 No.6",
                    ids[("新政酒造", "秋田県")],
                    "純米",
                    reading="あらまさ",
                    romaji="Aramasa No.6",
                    price_yen=2000,
                    flavor=Flavor(3, 4, 2, ("citrus", "fruity")),
                    tags=("生酒", "生酛"),
                ),
            ]
        )
        uow.commit()
    return store


@pytest.fixture
def catalog(store: FakeStore) -> CatalogCache:
    return CatalogCache(_factory(store))


def _names(page: object) -> list[str]:
    return [i.sake.name for i in page.items]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("criteria", "names"),
    [
        (SakeCriteria(), ["新政 No.6", "獺祭 純米大吟醸 45", "八海山 特別本醸造"]),  # reading order
        (SakeCriteria(text="dasai"), ["獺祭 純米大吟醸 45"]),
        (SakeCriteria(text="hakaisan"), ["八海山 特別本醸造"]),
        (SakeCriteria(categories=["Junmai Daiginjo"]), ["獺祭 純米大吟醸 45"]),
        (SakeCriteria(categories=["純米酒", "特別本醸造"]), ["新政 No.6", "八海山 特別本醸造"]),
        (SakeCriteria(prefectures=["Niigata"]), ["八海山 特別本醸造"]),
        (SakeCriteria(regions=["東北"]), ["新政 No.6"]),
        (SakeCriteria(regions=["Chugoku", "tohoku"]), ["新政 No.6", "獺祭 純米大吟醸 45"]),
        (SakeCriteria(price_min=1500, price_max=1990), ["獺祭 純米大吟醸 45"]),
        (SakeCriteria(sweetness_max=2), ["八海山 特別本醸造"]),
        (SakeCriteria(aromas=["Fruity"]), ["新政 No.6", "獺祭 純米大吟醸 45"]),
        (SakeCriteria(text="fruity", aromas=["citrus"]), ["新政 No.6"]),
        (SakeCriteria(prefectures=["新潟"], regions=["東北"]), []),  # contradictory: honestly none
    ],
)
def test_find_sakes_by_filters_and_text(
    catalog: CatalogCache, criteria: SakeCriteria, names: list[str]
) -> None:
    page = find_sakes(catalog, criteria)
    assert _names(page) == names and page.total == len(names)


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        (SakeCriteria(prefectures=["Atlantis"]), "no prefecture called 'Atlantis'"),
        (SakeCriteria(prefectures=["東北"]), "is a region, not a prefecture"),
        (SakeCriteria(regions=["Mars"]), "no region called 'Mars'; use one of 北海道 (Hokkaido)"),
        (SakeCriteria(categories=["山廃"]), "is a style, not a grade: search for it with q=山廃"),
        (SakeCriteria(categories=["wine"]), "is not a grade of sake; use one of 純米大吟醸"),
        (SakeCriteria(aromas=["fruti"]), "did you mean fruity?"),
        (
            SakeCriteria(price_min=3000, price_max=1000),
            "price_min (3000) is above price_max (1000)",
        ),
        (SakeCriteria(sweetness_min=0), "sweetness_min must be between 1 and 5"),
        (SakeCriteria(text="!!!"), "has no letters or digits to search for"),
        (SakeCriteria(text="x" * 201), "keep it under 200"),
    ],
)
def test_bad_criteria_say_how_to_fix_them(
    catalog: CatalogCache, criteria: SakeCriteria, message: str
) -> None:
    with pytest.raises(
        InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")
    ):
        find_sakes(catalog, criteria)


def test_paging_is_checked_and_applied(catalog: CatalogCache) -> None:
    page = find_sakes(catalog, SakeCriteria(), limit=1, offset=1)
    assert _names(page) == ["獺祭 純米大吟醸 45"] and page.total == 3
    for limit, offset in [(0, 0), (101, 0), (10, -1), (10, 10_001)]:
        with pytest.raises(InvalidInput):
            find_sakes(catalog, SakeCriteria(), limit, offset)


def _add_dassai_23(store: FakeStore) -> None:
    with FakeUnitOfWork(store) as uow:
        [brewery_id] = [b.id for b in uow.breweries.list() if b.name == "旭酒造"]
        uow.sakes.upsert_many(
            [Sake("獺祭 純米大吟醸 23", brewery_id, "純米大吟醸", romaji="Dassai 23")]
        )  # type: ignore[arg-type]
        uow.commit()


def test_the_index_is_rebuilt_only_when_the_catalog_changes(store: FakeStore) -> None:
    now = [100.0]
    catalog = CatalogCache(_factory(store), clock=lambda: now[0])
    find_sakes(catalog, SakeCriteria(text="dassai"))
    now[0] += 5
    find_sakes(catalog, SakeCriteria(text="aramasa"))
    assert catalog.rebuilds == 1
    _add_dassai_23(store)
    now[0] += 5
    assert _names(find_sakes(catalog, SakeCriteria(text="dassai 23"))) == ["獺祭 純米大吟醸 23"]
    assert catalog.rebuilds == 2


def test_the_version_is_read_again_after_the_recheck_time_or_when_told(store: FakeStore) -> None:
    now = [100.0]
    catalog = CatalogCache(_factory(store), recheck_seconds=0.25, clock=lambda: now[0])
    before = catalog.snapshot()
    _add_dassai_23(store)
    now[0] += 0.1
    assert catalog.snapshot() is before  # within the recheck time: not even the version read
    now[0] += 0.2
    after = catalog.snapshot()
    assert after is not before and len(after.sakes) == len(before.sakes) + 1
    with FakeUnitOfWork(store) as uow:
        uow.sakes.delete(next(iter(after.sakes)))
        uow.commit()
    assert catalog.snapshot() is after
    catalog.invalidate()  # a change made through this process is seen at once
    assert len(catalog.snapshot().sakes) == len(after.sakes) - 1


def test_a_pinned_catalog_keeps_the_version_it_first_read(
    store: FakeStore, catalog: CatalogCache
) -> None:
    pinned = PinnedCatalog(catalog)
    before = pinned.snapshot()
    with FakeUnitOfWork(store) as uow:
        [brewery_id] = [b.id for b in uow.breweries.list() if b.name == "旭酒造"]
        uow.sakes.upsert_many([Sake("獺祭 磨き その先へ", brewery_id, "純米大吟醸")])  # type: ignore[arg-type]
        uow.commit()
    assert pinned.snapshot() is before  # one chat turn sees one catalog
    catalog.invalidate()
    assert catalog.snapshot() is not before  # the next turn sees the new one
    assert len(catalog.snapshot().sakes) == len(before.sakes) + 1


def test_a_dish_is_ranked_once_per_catalog_version(catalog: CatalogCache) -> None:
    first = sake_for_dish(catalog, "刺身", limit=2)
    assert ("sake_for_dish", "刺身") in catalog.snapshot().memo
    again = sake_for_dish(catalog, "刺身", limit=2, offset=1)
    assert [i.item.sake.id for i in again.items][:1] == [i.item.sake.id for i in first.items][1:]


def test_places_resolve_regions_and_prefectures() -> None:
    assert places([], []) == frozenset()
    assert places(["新潟", "Akita"], []) == {"新潟県", "秋田県"}
    assert places(["Akita"], ["Tohoku"]) == {"秋田県"}
    assert places(["新潟"], ["東北"]) is None
    assert places([], ["北陸"]) == {"新潟県", "富山県", "石川県", "福井県"}
    assert sake_filter(SakeCriteria(prefectures=["新潟"], regions=["東北"])) is None


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("東北", "Tohoku"),
        ("東北地方", "Tohoku"),
        ("とうほく", "Tohoku"),
        ("Tōhoku", "Tohoku"),
        ("touhoku", "Tohoku"),
        ("Tohoku region", "Tohoku"),
        ("関西", "Kinki"),
        ("KANSAI", "Kinki"),
        ("九州", "Kyushu"),
        ("kyuushuu", "Kyushu"),
        ("北陸", "Hokuriku"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_region_spellings(raw: str, region: str | None) -> None:
    assert normalize_region(raw) == region


def test_similar_sake_leave_the_sake_out_and_say_why(
    catalog: CatalogCache, store: FakeStore
) -> None:
    dassai = next(s.id for s in store.sakes.values() if s.name.startswith("獺祭"))
    found = similar_sakes(catalog, dassai, 5)  # type: ignore[arg-type]
    assert [s.item.sake.name for s in found] == ["新政 No.6", "八海山 特別本醸造"]
    assert "shares the fruity aromas" in found[0].why
    with pytest.raises(NotFound, match="no sake with id 999"):
        similar_sakes(catalog, 999)
    with pytest.raises(InvalidInput):
        similar_sakes(catalog, dassai, 0)  # type: ignore[arg-type]


def test_pairing_by_listing_and_by_family(catalog: CatalogCache) -> None:
    page = sake_for_dish(catalog, "sashimi")
    assert page.items[0].item.sake.name.startswith("獺祭") and page.items[0].source == "listed"
    assert page.message is None and [f.key for f in page.families] == ["raw_fish"]
    fried = sake_for_dish(catalog, "唐揚げ")
    assert fried.message and "fried food" in fried.message
    # Dry with acidity fits; 新政 is also kimoto, so it comes first; sweet-ish 獺祭 does not.
    assert [s.item.sake.name for s in fried.items] == ["新政 No.6", "八海山 特別本醸造"]
    assert all(s.source == "profile" for s in fried.items)


def test_unknown_and_empty_dishes(catalog: CatalogCache) -> None:
    page = sake_for_dish(catalog, "qwzxv")
    assert page.items == [] and page.total == 0 and "We do not know 'qwzxv'" in (page.message or "")
    for dish in ["", "   ", "!!!", "x" * 101]:
        with pytest.raises(InvalidInput):
            sake_for_dish(catalog, dish)


def test_breweries_by_place_and_name(catalog: CatalogCache) -> None:
    north = find_breweries(catalog, regions=["東北"])
    assert [(b.brewery.name, b.sake_count) for b in north.items] == [("新政酒造", 1), ("空き蔵", 0)]
    assert [b.brewery.name for b in find_breweries(catalog, "aramasa").items] == ["新政酒造"]
    assert [b.brewery.name for b in find_breweries(catalog, "hakai jozo").items] == ["八海醸造"]
    assert find_breweries(catalog, "asahi", prefectures=["Akita"]).total == 0
    everything = find_breweries(catalog, limit=2)
    assert everything.total == 4 and [b.brewery.prefecture for b in everything.items] == [
        "秋田県",
        "秋田県",
    ]


def test_brewery_detail_lists_its_sake(catalog: CatalogCache, store: FakeStore) -> None:
    hakkai = next(b.id for b in store.breweries.values() if b.name == "八海醸造")
    detail = brewery_detail(catalog, hakkai)  # type: ignore[arg-type]
    assert detail.listing.sake_count == 1 and [i.sake.name for i in detail.sakes] == [
        "八海山 特別本醸造"
    ]
    with pytest.raises(NotFound, match="no brewery with id 999"):
        brewery_detail(catalog, 999)


@pytest.fixture(scope="module")
def shipped() -> CatalogCache:
    store = FakeStore()
    ensure_catalog(_factory(store))
    return CatalogCache(_factory(store))


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("dasai", "獺祭"),
        ("kubota", "久保田"),
        ("hakaisan", "八海山"),
        ("だっさい", "獺祭"),
        ("クボタ", "久保田"),
    ],
)
def test_the_shipped_catalog_answers_misspelt_names(
    shipped: CatalogCache, query: str, name: str
) -> None:
    page = find_sakes(shipped, SakeCriteria(text=query))
    assert page.total >= 1 and all(i.sake.name.startswith(name) for i in page.items[:3])


@pytest.mark.parametrize("dish", ["刺身", "karaage", "唐揚げ", "pizza", "カレー", "cheese"])
def test_the_shipped_catalog_pairs_the_usual_dishes(shipped: CatalogCache, dish: str) -> None:
    page = sake_for_dish(shipped, dish, limit=5)
    assert len(page.items) == 5 and all(s.why for s in page.items)
