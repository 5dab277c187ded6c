"""Catalog import, export and check against real SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sakesensei.domain.errors import UnreadableFile
from sakesensei.ports import UnitOfWork
from sakesensei.services.catalog_check import check_catalog
from sakesensei.services.catalog_export import export_catalog
from sakesensei.services.catalog_import import import_catalog
from sakesensei.services.shipped_catalog import ensure_catalog, load_shipped_catalog

Uow = Callable[[], UnitOfWork]

GOOD = """name,brewery,prefecture,category,price_yen,volume_ml,abv,sweetness,pairings
獺祭 純米大吟醸 45,旭酒造,山口県,純米大吟醸,1980,720,16,3,鯛の刺身: light
八海山 特別本醸造,八海醸造,Niigata,特別本醸造,1500,720,15.5,2,
菊正宗 上撰 本醸造,菊正宗酒造,兵庫,本醸造酒,1200,1800,15,2,
"""

BAD = """name,brewery,prefecture,category,price_yen,abv
獺祭 純米大吟醸 45,旭酒造,山口県,純米大吟醸,2200,16
強すぎ,某酒造,山口県,純米,1000,80
安すぎ,某酒造,山口県,純米,-1,15
どこ,某酒造,Atlantis,純米,1000,15
獺祭 純米大吟醸 45,旭酒造,山口県,純米大吟醸,9999,16
新顔,某酒造,Kochi,山廃純米酒,1800,15
"""


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _count(uow_factory: Uow) -> int:
    with uow_factory() as uow:
        return uow.sakes.count()


def test_import_loads_and_reimport_updates(uow_factory: Uow, tmp_path: Path) -> None:
    path = _write(tmp_path, "good.csv", GOOD)
    first = import_catalog(uow_factory, path)
    assert (first.inserted, first.updated, first.rejected) == (3, 0, [])
    second = import_catalog(uow_factory, path)
    assert (second.inserted, second.updated) == (0, 3)
    assert _count(uow_factory) == 3
    assert check_catalog(uow_factory) == []


def test_bad_rows_are_reported_and_the_rest_loads_without_loss(
    uow_factory: Uow, tmp_path: Path
) -> None:
    import_catalog(uow_factory, _write(tmp_path, "good.csv", GOOD))
    report = import_catalog(uow_factory, _write(tmp_path, "bad.csv", BAD))
    reasons = {(e.line, e.field): e.reason for e in report.rejected}
    assert "80% is out of range" in reasons[(3, "abv")]
    assert "out of range" in reasons[(4, "price_yen")]
    assert "not a Japanese prefecture" in reasons[(5, "prefecture")]
    assert "duplicate of line 2" in reasons[(6, "name")]
    assert report.rejected_records == 4
    assert (report.inserted, report.updated) == (1, 1)
    with uow_factory() as uow:
        assert uow.sakes.count() == 4
        dassai = uow.sakes.search(["獺祭"], 5, 0)[0][0].sake
        # the first occurrence won; the stored fields the file did not carry are intact
        assert dassai.price_yen == 2200 and dassai.volume_ml == 720 and dassai.flavor.sweetness == 3
        new = uow.sakes.search(["新顔"], 5, 0)[0][0]
        assert new.brewery.prefecture == "高知県"
        assert (new.sake.category, new.sake.tags) == ("純米", ("山廃",))


def test_shift_jis_and_bom_files_import(uow_factory: Uow, tmp_path: Path) -> None:
    assert not import_catalog(uow_factory, _write(tmp_path, "sjis.csv", GOOD, "cp932")).rejected
    report = import_catalog(uow_factory, _write(tmp_path, "bom.csv", GOOD, "utf-8-sig"))
    assert report.encoding == "utf-8-sig" and report.updated == 3


def test_an_unreadable_file_changes_nothing(uow_factory: Uow, tmp_path: Path) -> None:
    import_catalog(uow_factory, _write(tmp_path, "good.csv", GOOD))
    broken = tmp_path / "broken.json"
    broken.write_text(
        '[{"name": "x", "brewery": "y", "prefecture": "山口", "category": "純米"},',
        encoding="utf-8",
    )
    with pytest.raises(UnreadableFile, match="not valid JSON"):
        import_catalog(uow_factory, broken)
    no_column = _write(tmp_path, "cols.csv", "name,brewery,category\nA,B,純米\n")
    with pytest.raises(UnreadableFile, match=r"lacks the required column.*prefecture"):
        import_catalog(uow_factory, no_column)
    assert _count(uow_factory) == 3


def test_a_failure_while_loading_rolls_everything_back(uow_factory: Uow, tmp_path: Path) -> None:
    def explode(stage: str, done: int, total: int) -> None:
        if stage == "loading":
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        import_catalog(uow_factory, _write(tmp_path, "good.csv", GOOD), explode)
    with uow_factory() as uow:
        assert uow.sakes.count() == 0 and uow.breweries.count() == 0


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_export_then_import_into_an_empty_database_gives_the_same_catalog(
    uow_factory: Uow, tmp_path: Path, suffix: str, engine
) -> None:  # type: ignore[no-untyped-def]
    shipped = load_shipped_catalog(uow_factory)
    assert shipped.rejected == []
    first = tmp_path / f"first.{suffix}"
    count = export_catalog(uow_factory, first)
    assert count == shipped.loaded

    from tests.support.databases import empty_tables

    empty_tables(engine)
    report = import_catalog(uow_factory, first)
    assert report.rejected == [] and report.inserted == count
    second = tmp_path / f"second.{suffix}"
    export_catalog(uow_factory, second)
    assert first.read_bytes() == second.read_bytes()
    assert check_catalog(uow_factory) == []


def test_the_shipped_catalog_loads_once(uow_factory: Uow) -> None:
    first = ensure_catalog(uow_factory)
    assert first is not None and first.inserted >= 250
    assert ensure_catalog(uow_factory) is None
    with uow_factory() as uow:
        stats = uow.sakes.stats()
    assert stats.sake >= 250 and stats.breweries >= 100 and stats.prefectures >= 40
    assert check_catalog(uow_factory) == []


def test_check_finds_out_of_range_values_and_orphans(
    uow_factory: Uow, tmp_path: Path, engine
) -> None:  # type: ignore[no-untyped-def]
    import_catalog(uow_factory, _write(tmp_path, "good.csv", GOOD))
    from sqlalchemy import text

    with engine.begin() as conn:
        conn.execute(text("UPDATE sakes SET abv = 40 WHERE name LIKE '獺祭%'"))
        conn.execute(text("UPDATE sakes SET category = 'wine' WHERE name LIKE '八海山%'"))
        conn.execute(
            text(
                "INSERT INTO breweries (name, prefecture, created_at, updated_at) "
                "VALUES ('空酒造', '沖縄県', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    problems = {(p.kind, p.field) for p in check_catalog(uow_factory)}
    assert problems == {("out_of_range", "abv"), ("out_of_range", "category"), ("orphan", None)}


def test_json_list_import_reports_item_lines(uow_factory: Uow, tmp_path: Path) -> None:
    rows = [
        {"name": "A", "brewery": "B", "prefecture": "山口", "category": "純米"},
        {"name": "C", "brewery": "B", "prefecture": "山口", "category": "ワイン"},
        {"name": "D", "brewery": "B", "prefecture": "山口", "category": "純米", "body": 9},
    ]
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    report = import_catalog(uow_factory, path)
    assert [(e.line, e.field) for e in report.rejected] == [(14, "body")]  # where its "{" is
    with uow_factory() as uow:
        other = uow.sakes.search(["C"], 5, 0)[0]
    assert [(i.sake.category, i.sake.category_original) for i in other if i.sake.name == "C"] == [
        ("other", "ワイン")
    ]
