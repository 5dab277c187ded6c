"""What the admin services need from storage, on SQLite and PostgreSQL: natural-key lookups,
account listing, admin counting, and audit entries that commit or roll back with the change."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from sakesensei.domain.catalog import Brewery, Sake
from sakesensei.domain.errors import InvalidInput
from sakesensei.domain.users import Role, User
from sakesensei.ports import UnitOfWork
from sakesensei.services.catalog_admin import CatalogAdmin
from sakesensei.services.user_admin import UserAdmin

Uow = Callable[[], UnitOfWork]
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _users(uow_factory: Uow, *emails: str, role: Role = Role.USER) -> None:
    with uow_factory() as uow:
        for email in emails:
            uow.users.add(User(str(uuid.uuid4()), email, "argon2-hash", role=role))
        uow.commit()


def test_breweries_and_sake_by_natural_key(uow_factory: Uow) -> None:
    with uow_factory() as uow:
        ids = uow.breweries.upsert_many([Brewery("八海醸造", "新潟県")])
        brewery_id = ids[("八海醸造", "新潟県")]
        uow.sakes.upsert_many([Sake("八海山 普通酒", brewery_id, "普通酒")])
        uow.commit()
    with uow_factory() as uow:
        found = uow.breweries.get_by_key("八海醸造", "新潟県")
        assert found is not None and found.id == brewery_id
        assert uow.breweries.get_by_key("八海醸造", "山口県") is None
        item = uow.sakes.get_by_key(brewery_id, "八海山 普通酒")
        assert item is not None and item.brewery.name == "八海醸造"
        assert uow.sakes.get_by_key(brewery_id, "八海山") is None


def test_accounts_page_by_email_and_search_without_regard_to_case(uow_factory: Uow) -> None:
    _users(uow_factory, "chie@example.com", "aiko@example.com", "bunta_100%@example.com")
    _users(uow_factory, "boss@example.com", role=Role.ADMIN)
    with uow_factory() as uow:
        page, total = uow.users.list(2, 1)
        assert total == 4 and [u.email for u in page] == [
            "boss@example.com",
            "bunta_100%@example.com",
        ]
        found, count = uow.users.list(10, 0, "  BUNTA ")
        assert count == 1 and found[0].email == "bunta_100%@example.com"
        # % and _ are matched as themselves, not as wildcards
        assert uow.users.list(10, 0, "_100%")[1] == 1
        assert uow.users.list(10, 0, "a%e")[1] == 0
        assert uow.users.count_admins() == 1


def test_an_audit_entry_commits_with_its_change_or_not_at_all(uow_factory: Uow) -> None:
    catalog = CatalogAdmin(uow_factory, lambda: NOW)
    brewery = catalog.create_brewery("admin-1", {"name": "試験酒造", "prefecture": "Niigata"})
    assert brewery.id is not None
    with pytest.raises(InvalidInput):
        catalog.update_brewery("admin-1", brewery.id, {"founded": 3000})
    catalog.update_brewery("admin-1", brewery.id, {"city": "長岡市"})
    with uow_factory() as uow:
        entries, total = uow.audit.list(10, 0)
    assert total == 2
    assert [e.action for e in entries] == ["brewery.update", "brewery.create"]
    assert entries[0].details["changes"] == {"city": {"old": None, "new": "長岡市"}}
    assert entries[0].created_at == NOW


def test_unlock_clears_a_lockout(uow_factory: Uow) -> None:
    user = User(
        str(uuid.uuid4()),
        "lock@example.com",
        "argon2-hash",
        failed_logins=4,
        locked_until=NOW + timedelta(minutes=10),
    )
    with uow_factory() as uow:
        uow.users.add(user)
        uow.commit()
    account = UserAdmin(uow_factory, lambda: NOW).update("admin-1", user.id, unlock=True)
    assert account.locked_until is None and account.failed_logins == 0
    with uow_factory() as uow:
        stored = uow.users.get(user.id)
        [entry], _ = uow.audit.list(10, 0)
    assert stored is not None and stored.locked_until is None
    assert entry.details["changes"]["locked_until"]["new"] is None
