"""Catalog services against the in-memory fakes of the ports."""

from __future__ import annotations

from pathlib import Path

import pytest

from sakesensei.domain.catalog import Brewery, Sake
from sakesensei.domain.errors import InvalidInput
from sakesensei.services.catalog_check import check_catalog
from sakesensei.services.catalog_export import export_catalog
from sakesensei.services.catalog_files import parse_catalog_text
from sakesensei.services.catalog_import import import_raw
from sakesensei.services.catalog_search import search_catalog
from sakesensei.services.shipped_catalog import ensure_catalog
from tests.support.fakes import FakeStore, FakeUnitOfWork

CSV = """name,brewery,prefecture,category,reading,romaji,brewery_romaji
獺祭 純米大吟醸 45,旭酒造,山口,純米大吟醸,だっさい じゅんまいだいぎんじょう,Dassai Junmai Daiginjo 45,Asahi Shuzo
八海山 普通酒,八海醸造,新潟,普通酒,はっかいさん,Hakkaisan Futsushu,Hakkai Jozo
"""


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


def factory(store: FakeStore):  # type: ignore[no-untyped-def]
    return lambda: FakeUnitOfWork(store)


def test_import_writes_in_one_commit(store: FakeStore) -> None:
    report = import_raw(factory(store), parse_catalog_text(CSV, "utf-8", ".csv"), "t.csv")
    assert (report.inserted, report.updated, report.breweries) == (2, 0, 2)
    assert len(store.sakes) == 2 and len(store.breweries) == 2


def test_nothing_is_written_when_every_row_is_rejected(store: FakeStore) -> None:
    bad = "name,brewery,prefecture,category\nX,Y,Atlantis,純米\n"
    report = import_raw(factory(store), parse_catalog_text(bad, "utf-8", ".csv"), "t.csv")
    assert report.rejected_records == 1 and report.loaded == 0
    assert store.sakes == {}


@pytest.mark.parametrize("query", ["獺祭", "だっさい", "ダッサイ", "dassai", "asahi", "獺祭 45"])
def test_search_by_any_script(store: FakeStore, query: str) -> None:
    import_raw(factory(store), parse_catalog_text(CSV, "utf-8", ".csv"), "t.csv")
    page = search_catalog(factory(store), query)
    assert [i.sake.name for i in page.items] == ["獺祭 純米大吟醸 45"] and page.total == 1


@pytest.mark.parametrize(
    ("query", "limit", "offset"), [("", 10, 0), ("x", 0, 0), ("x", 101, 0), ("x", 10, -1)]
)
def test_search_refuses_bad_paging_and_empty_queries(
    store: FakeStore, query: str, limit: int, offset: int
) -> None:
    with pytest.raises(InvalidInput):
        search_catalog(factory(store), query, limit, offset)


def test_check_reports_near_duplicates_and_unused_breweries(store: FakeStore) -> None:
    uow = FakeUnitOfWork(store)
    with uow:
        ids = uow.breweries.upsert_many([Brewery("旭酒造", "山口県"), Brewery("空酒造", "沖縄県")])
        brewery = ids[("旭酒造", "山口県")]
        uow.sakes.upsert_many(
            [Sake("獺祭 45", brewery, "純米大吟醸"), Sake("獺祭45", brewery, "純米大吟醸", abv=30)]
        )
        uow.commit()
    found = {(p.kind, p.field) for p in check_catalog(factory(store))}
    assert found == {("duplicate", "name"), ("orphan", None), ("out_of_range", "abv")}


def test_the_shipped_catalog_loads_only_into_an_empty_store(store: FakeStore) -> None:
    report = ensure_catalog(factory(store))
    assert report is not None and report.inserted == len(store.sakes) >= 250
    assert ensure_catalog(factory(store)) is None


def test_export_refuses_an_unknown_format(store: FakeStore, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"must end in \.json or \.csv"):
        export_catalog(factory(store), tmp_path / "catalog.xlsx")
