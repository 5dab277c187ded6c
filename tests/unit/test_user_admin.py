"""Admin work on accounts, against the in-memory fakes: paging, roles, the last admin, audit."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from sakesensei.domain.errors import Conflict, InvalidInput, NotFound
from sakesensei.domain.memory import MemoryFact
from sakesensei.domain.users import Role, User
from sakesensei.services.user_admin import AccountView, UserAdmin
from tests.support.fakes import FakeStore, FakeUnitOfWork

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


def factory(store: FakeStore) -> Callable[[], FakeUnitOfWork]:
    return lambda: FakeUnitOfWork(store)


def _add(store: FakeStore, user_id: str, role: Role = Role.USER, **extra: object) -> User:
    user = User(user_id, f"{user_id}@example.com", "argon2-hash", role=role, **extra)  # type: ignore[arg-type]
    store.users[user_id] = user
    return user


@pytest.fixture
def store() -> FakeStore:
    store = FakeStore()
    _add(store, "boss", Role.ADMIN)
    for name in ("aiko", "Bunta", "chie"):
        _add(store, name.lower())
    return store


@pytest.fixture
def users(store: FakeStore) -> UserAdmin:
    return UserAdmin(factory(store), lambda: NOW)


def test_a_listing_pages_and_searches_and_has_no_hashes(users: UserAdmin) -> None:
    page = users.list(limit=2, offset=1)
    assert [a.email for a in page.items] == ["boss@example.com", "bunta@example.com"]
    assert page.total == 4
    assert users.list(email="BUN").total == 1
    assert "password_hash" not in {f.name for f in dataclasses.fields(AccountView)}
    with pytest.raises(InvalidInput):
        users.list(limit=0)


def test_role_verify_and_unlock_are_audited(users: UserAdmin, store: FakeStore) -> None:
    _add(store, "locked", failed_logins=3, locked_until=NOW + timedelta(minutes=5))
    account = users.update("boss", "locked", role=Role.ADMIN, verified=True, unlock=True)
    assert account.role is Role.ADMIN and account.verified and not account.locked(NOW)
    [entry] = store.audit
    assert (entry.actor_id, entry.action, entry.target_id) == ("boss", "user.update", "locked")
    assert entry.details["changes"]["role"] == {"old": "user", "new": "admin"}
    assert entry.details["changes"]["failed_logins"] == {"old": 3, "new": 0}


def test_a_change_to_nothing_is_not_audited(users: UserAdmin, store: FakeStore) -> None:
    users.update("boss", "aiko", role=Role.USER, verified=False)
    assert store.audit == []


def test_the_last_admin_stays(users: UserAdmin, store: FakeStore) -> None:
    with pytest.raises(Conflict, match="your own account: it is the last administrator"):
        users.update("boss", "boss", role=Role.USER)
    with pytest.raises(Conflict, match="last administrator"):
        users.delete("boss", "boss")
    assert store.users["boss"].role is Role.ADMIN
    users.update("boss", "aiko", role=Role.ADMIN)
    users.update("boss", "boss", role=Role.USER)  # now another admin remains
    assert store.users["boss"].role is Role.USER


def test_delete_erases_the_account_and_leaves_no_email(users: UserAdmin, store: FakeStore) -> None:
    store.facts[1] = MemoryFact("chie", "budget", "3000 yen", NOW, NOW, id=1)
    users.delete("boss", "chie")
    assert "chie" not in store.users and store.facts == {}
    [entry] = store.audit
    assert entry.action == "user.delete" and entry.target_id == "chie"
    assert "chie@example.com" not in str(entry.details)
    with pytest.raises(NotFound):
        users.delete("boss", "chie")
