"""Per-user API keys against the in-memory fakes: shown once, stored hashed, revocable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sakesensei.domain.api_keys import MAX_ACTIVE_KEYS
from sakesensei.domain.errors import InvalidInput, NotFound, Unauthorized
from sakesensei.domain.users import User
from sakesensei.ports import UnitOfWork
from sakesensei.services.api_keys import ApiKeys, hash_secret
from tests.support.fakes import FakeStore, FakeUnitOfWork

START = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store() -> FakeStore:
    store = FakeStore()
    for user_id in ("u-hana", "u-ken"):
        store.users[user_id] = User(user_id, f"{user_id}@example.com", "hash", verified=True)
    return store


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def keys(store: FakeStore, clock: Clock) -> ApiKeys:
    def factory() -> UnitOfWork:
        return FakeUnitOfWork(store)  # type: ignore[return-value]

    return ApiKeys(factory, clock)


def test_a_new_key_is_shown_once_and_stored_only_as_a_hash(keys: ApiKeys, store: FakeStore) -> None:
    created = keys.create("u-hana", "  Claude Desktop ")
    assert created.secret.startswith(created.key.prefix + "_")
    assert created.key.prefix.startswith("ssk_") and len(created.key.prefix) <= 16
    assert created.key.name == "Claude Desktop" and created.key.active
    (stored,) = store.api_keys.values()
    assert stored.key_hash == hash_secret(created.secret) and len(stored.key_hash) == 64
    assert created.secret not in repr(store.__dict__)
    other = keys.create("u-hana", "laptop")
    assert other.secret != created.secret and other.key.prefix != created.key.prefix


def test_a_key_authenticates_its_owner_until_it_is_revoked(keys: ApiKeys) -> None:
    created = keys.create("u-hana", "assistant")
    assert keys.authenticate(created.secret).id == "u-hana"
    revoked = keys.revoke("u-hana", created.key.id)
    assert revoked.revoked_at is not None
    with pytest.raises(Unauthorized, match="revoked or mistyped"):
        keys.authenticate(created.secret)
    again = keys.revoke("u-hana", created.key.id)  # revoking twice changes nothing
    assert again.revoked_at == revoked.revoked_at


@pytest.mark.parametrize(
    "token", ["", "ssk_", "ssk_deadbeef_not-a-real-key", "eyJhbGciOiJSUzI1NiJ9.e30.sig"]
)
def test_anything_but_an_active_key_is_refused(keys: ApiKeys, token: str) -> None:
    keys.create("u-hana", "assistant")
    with pytest.raises(Unauthorized):
        keys.authenticate(token)


def test_a_key_of_a_deleted_account_is_refused(keys: ApiKeys, store: FakeStore) -> None:
    created = keys.create("u-ken", "assistant")
    del store.users["u-ken"]
    with pytest.raises(Unauthorized, match="no longer exists"):
        keys.authenticate(created.secret)


def test_listing_is_per_user_newest_first_with_revoked_keys_marked(
    keys: ApiKeys, clock: Clock
) -> None:
    first = keys.create("u-hana", "first")
    clock.now += timedelta(seconds=1)
    second = keys.create("u-hana", "second")
    keys.create("u-ken", "kens")
    keys.revoke("u-hana", first.key.id)
    listed = keys.for_user("u-hana")
    assert [k.name for k in listed] == ["second", "first"]
    assert [k.active for k in listed] == [True, False]
    assert listed[0].id == second.key.id
    assert [k.name for k in keys.for_user("u-ken")] == ["kens"]


def test_another_users_key_is_reported_missing(keys: ApiKeys) -> None:
    hanas = keys.create("u-hana", "mine")
    with pytest.raises(NotFound, match="no API key with id"):
        keys.revoke("u-ken", hanas.key.id)
    with pytest.raises(NotFound):
        keys.revoke("u-hana", "00000000-0000-0000-0000-000000000000")
    assert keys.authenticate(hanas.secret).id == "u-hana"


def test_use_is_recorded_at_most_once_a_minute(
    keys: ApiKeys, store: FakeStore, clock: Clock
) -> None:
    created = keys.create("u-hana", "assistant")
    assert store.api_keys[created.key.id].last_used_at is None
    keys.authenticate(created.secret)
    assert store.api_keys[created.key.id].last_used_at == START
    clock.now = START + timedelta(seconds=30)
    keys.authenticate(created.secret)
    assert store.api_keys[created.key.id].last_used_at == START
    clock.now = START + timedelta(minutes=2)
    keys.authenticate(created.secret)
    assert store.api_keys[created.key.id].last_used_at == clock.now


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "name the key"),
        ("   ", "name the key"),
        ("x" * 101, "at most 100"),
        ("a\x00b", "control"),
    ],
)
def test_names_are_checked(keys: ApiKeys, name: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        keys.create("u-hana", name)


def test_the_number_of_active_keys_is_capped(keys: ApiKeys) -> None:
    made = [keys.create("u-hana", f"key {n}") for n in range(MAX_ACTIVE_KEYS)]
    with pytest.raises(InvalidInput, match="revoke one"):
        keys.create("u-hana", "one too many")
    keys.revoke("u-hana", made[0].key.id)
    assert keys.create("u-hana", "room again").key.active
