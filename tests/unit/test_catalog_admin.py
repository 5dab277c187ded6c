"""Admin changes to the catalog, against the in-memory fakes: import rules, PATCH, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from sakesensei.domain.catalog import sake_columns
from sakesensei.domain.errors import Conflict, NotFound
from sakesensei.domain.tastings import TastingRecord
from sakesensei.services.catalog_admin import (
    SAKE_COLUMNS,
    CatalogAdmin,
    InvalidRecord,
    sake_fields,
)
from sakesensei.services.catalog_export import export_record
from sakesensei.services.catalog_rows import read_entry
from sakesensei.services.shipped_catalog import ensure_catalog
from tests.support.fakes import FakeStore, FakeUnitOfWork

ADMIN = "admin-1"
NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


def factory(store: FakeStore) -> Callable[[], FakeUnitOfWork]:
    return lambda: FakeUnitOfWork(store)


@pytest.fixture(scope="module")
def shipped() -> FakeStore:
    store = FakeStore()
    ensure_catalog(factory(store))
    return store


@pytest.fixture
def store() -> FakeStore:
    store = FakeStore()
    admin = CatalogAdmin(factory(store), lambda: NOW)
    admin.create_brewery(ADMIN, {"name": "試験酒造", "prefecture": "新潟", "romaji": "Shiken"})
    store.audit.clear()
    return store


@pytest.fixture
def admin(store: FakeStore) -> CatalogAdmin:
    return CatalogAdmin(factory(store), lambda: NOW)


def _new(admin: CatalogAdmin, **extra: object) -> int:
    body = {"name": "試験 純米", "brewery": "試験酒造", "prefecture": "新潟県", "category": "純米"}
    sake_id = admin.create_sake(ADMIN, {**body, **extra}).sake.id
    assert sake_id is not None
    return sake_id


def test_create_checks_like_import_and_audits(admin: CatalogAdmin, store: FakeStore) -> None:
    sake_id = _new(admin, price_yen="1,980円", volume_ml="720ml", flavor={"sweetness": 2})
    sake = store.sakes[sake_id]
    assert (sake.price_yen, sake.volume_ml, sake.flavor.sweetness) == (1980, 720, 2)
    [entry] = store.audit
    assert (entry.actor_id, entry.action, entry.target_type) == (ADMIN, "sake.create", "sake")
    assert entry.target_id == str(sake_id) and entry.created_at == NOW
    assert entry.details["changes"]["price_yen"] == {"old": None, "new": 1980}
    assert "rice" not in entry.details["changes"]  # empty fields are left out of a create


def test_a_bad_value_names_its_field_and_writes_nothing(
    admin: CatalogAdmin, store: FakeStore
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _new(admin, abv=80, polishing_ratio="lots")
    assert {e.field for e in caught.value.errors} == {"abv", "polishing_ratio"}
    assert "abv: 80% is out of range (0-25%)" in str(caught.value)
    assert store.sakes == {} and store.audit == []


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 10**400])
def test_numbers_json_allows_but_no_range_holds_are_refused(
    admin: CatalogAdmin, value: float
) -> None:
    with pytest.raises(InvalidRecord, match="abv"):
        _new(admin, abv=value)
    with pytest.raises(InvalidRecord, match="founded"):
        admin.create_brewery(ADMIN, {"name": "x", "prefecture": "新潟", "founded": value})


def test_a_sake_needs_an_existing_brewery(admin: CatalogAdmin) -> None:
    with pytest.raises(InvalidRecord, match="add it first"):
        _new(admin, brewery="無い酒造")
    with pytest.raises(InvalidRecord, match="no brewery with id 999"):
        admin.create_sake(ADMIN, {"name": "x", "brewery_id": 999, "category": "純米"})


def test_brewery_id_names_the_brewery(admin: CatalogAdmin, store: FakeStore) -> None:
    [brewery_id] = store.breweries
    item = admin.create_sake(
        ADMIN, {"name": "試験 吟醸", "brewery_id": brewery_id, "category": "吟醸"}
    )
    assert item.brewery.name == "試験酒造"
    with pytest.raises(InvalidRecord, match="not both"):
        admin.create_sake(
            ADMIN, {"name": "y", "brewery_id": brewery_id, "brewery": "他酒造", "category": "純米"}
        )


def test_the_same_name_twice_is_a_conflict(admin: CatalogAdmin) -> None:
    sake_id = _new(admin)
    with pytest.raises(Conflict, match=f"PATCH /api/v1/admin/sakes/{sake_id}"):
        _new(admin)


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(InvalidRecord) as caught:
        sake_fields({"name": "x", "colour": "gold", "flavor": {"umami": 3}, "brewery_city": "x"})
    assert [e.field for e in caught.value.errors] == ["colour", "flavor.umami", "brewery_city"]


def test_patch_changes_only_what_is_sent(admin: CatalogAdmin, store: FakeStore) -> None:
    sake_id = _new(admin, price_yen=1500, rice="山田錦", flavor={"sweetness": 2, "body": 4})
    item = admin.update_sake(ADMIN, sake_id, {"price_yen": "2,200円", "flavor": {"sweetness": 3}})
    sake = item.sake
    assert (sake.price_yen, sake.rice, sake.flavor.sweetness, sake.flavor.body) == (
        2200,
        "山田錦",
        3,
        4,
    )
    entry = store.audit[-1]
    assert entry.action == "sake.update"
    assert entry.details["changes"] == {
        "price_yen": {"old": 1500, "new": 2200},
        "sweetness": {"old": 2, "new": 3},
    }


def test_patch_null_clears_but_required_fields_stay(admin: CatalogAdmin, store: FakeStore) -> None:
    sake_id = _new(admin, rice="山田錦")
    assert admin.update_sake(ADMIN, sake_id, {"rice": None}).sake.rice is None
    with pytest.raises(InvalidRecord, match="name: is required"):
        admin.update_sake(ADMIN, sake_id, {"name": None})
    with pytest.raises(InvalidRecord, match="abv"):
        admin.update_sake(ADMIN, sake_id, {"abv": 80})
    assert store.sakes[sake_id].abv is None


def test_an_empty_patch_changes_nothing_and_is_not_audited(
    admin: CatalogAdmin, store: FakeStore
) -> None:
    sake_id = _new(admin)
    before = len(store.audit)
    admin.update_sake(ADMIN, sake_id, {})
    assert len(store.audit) == before


def test_every_shipped_sake_passes_its_own_round_trip(shipped: FakeStore) -> None:
    # A PATCH re-checks the stored record, in import form, by the import rules (as
    # update_sake does); no stored sake may fail them or come back different.
    with FakeUnitOfWork(shipped) as uow:
        items = list(uow.sakes.iter_all())
    assert len(items) > 250
    for item in items:
        base = {k: v for k, v in export_record(item).items() if k in SAKE_COLUMNS}
        entry, errors = read_entry(0, base)
        assert entry is not None, (item.sake.name, errors)
        entry.sake.brewery_id = item.sake.brewery_id
        assert sake_columns(entry.sake) == sake_columns(item.sake)


def test_delete_refuses_a_tasted_sake_then_audits(admin: CatalogAdmin, store: FakeStore) -> None:
    sake_id = _new(admin, price_yen=1500)
    store.tastings["t"] = TastingRecord(
        id="t", user_id="u", sake_id=sake_id, rating=4, tasted_on=date(2026, 1, 1)
    )
    with pytest.raises(Conflict):
        admin.delete_sake(ADMIN, sake_id)
    del store.tastings["t"]
    admin.delete_sake(ADMIN, sake_id)
    assert sake_id not in store.sakes
    entry = store.audit[-1]
    assert entry.action == "sake.delete"
    assert entry.details["changes"]["price_yen"] == {"old": 1500, "new": None}
    with pytest.raises(NotFound):
        admin.delete_sake(ADMIN, sake_id)


def test_breweries_are_checked_changed_and_deleted(admin: CatalogAdmin, store: FakeStore) -> None:
    with pytest.raises(InvalidRecord) as caught:
        admin.create_brewery(ADMIN, {"name": "x", "prefecture": "Atlantis", "founded": 3000})
    assert {e.field for e in caught.value.errors} == {"prefecture", "founded"}
    with pytest.raises(Conflict):
        admin.create_brewery(ADMIN, {"name": "試験酒造", "prefecture": "Niigata"})
    brewery = admin.create_brewery(
        ADMIN, {"name": "新酒造", "prefecture": "Akita", "founded": "1900"}
    )
    assert brewery.id is not None and brewery.prefecture == "秋田県" and brewery.founded == 1900
    changed = admin.update_brewery(ADMIN, brewery.id, {"city": "秋田市", "founded": None})
    assert (changed.city, changed.founded, changed.name) == ("秋田市", None, "新酒造")
    assert store.audit[-1].details["changes"] == {
        "city": {"old": None, "new": "秋田市"},
        "founded": {"old": 1900, "new": None},
    }
    admin.delete_brewery(ADMIN, brewery.id)
    assert [e.action for e in store.audit] == ["brewery.create", "brewery.update", "brewery.delete"]


def test_a_brewery_with_sake_is_not_deleted(admin: CatalogAdmin, store: FakeStore) -> None:
    _new(admin)
    [brewery_id] = store.breweries
    with pytest.raises(Conflict):
        admin.delete_brewery(ADMIN, brewery_id)


def test_renaming_a_brewery_keeps_its_sake_findable(admin: CatalogAdmin, store: FakeStore) -> None:
    sake_id = _new(admin)
    [brewery_id] = store.breweries
    admin.update_brewery(ADMIN, brewery_id, {"name": "改名酒造", "romaji": "Kaimei"})
    assert store.sakes[sake_id].brewery_id == brewery_id
    assert store.breweries[brewery_id].name == "改名酒造"
    with pytest.raises(InvalidRecord, match="not a field of a brewery"):
        admin.update_brewery(ADMIN, brewery_id, {"colour": "red"})
