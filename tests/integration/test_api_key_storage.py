"""API keys on SQLite and PostgreSQL: stored hashed, found by hash, revoked once, erased with
their account; and the service over the real repository."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from sakesensei.domain.api_keys import ApiKey
from sakesensei.domain.errors import Unauthorized
from sakesensei.domain.users import User
from sakesensei.ports import UnitOfWork
from sakesensei.services.api_keys import ApiKeys

Uow = Callable[[], UnitOfWork]
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _user(uow_factory: Uow, email: str) -> str:
    user = User(id=str(uuid.uuid4()), email=email, password_hash="argon2-hash", verified=True)
    with uow_factory() as uow:
        uow.users.add(user)
        uow.commit()
    return user.id


def _key(user_id: str, key_hash: str, created_at: datetime = NOW) -> ApiKey:
    return ApiKey(str(uuid.uuid4()), user_id, "assistant", "ssk_0123abcd", key_hash, created_at)


def test_keys_are_stored_found_listed_touched_and_revoked(uow_factory: Uow) -> None:
    hana = _user(uow_factory, "hana@example.com")
    older, newer = _key(hana, "a" * 64), _key(hana, "b" * 64, NOW + timedelta(minutes=1))
    with uow_factory() as uow:
        uow.api_keys.add(older)
        uow.api_keys.add(newer)
        uow.commit()
    with uow_factory() as uow:
        assert uow.api_keys.get_by_hash("a" * 64) == older
        assert uow.api_keys.get_by_hash("c" * 64) is None
        assert [k.id for k in uow.api_keys.list_for_user(hana)] == [newer.id, older.id]
        uow.api_keys.touch(older.id, NOW + timedelta(hours=1))
        assert uow.api_keys.revoke(older.id, NOW + timedelta(hours=2))
        assert not uow.api_keys.revoke(older.id, NOW + timedelta(hours=3))  # once only
        uow.commit()
    with uow_factory() as uow:
        stored = uow.api_keys.get(older.id)
    assert stored is not None and stored.last_used_at == NOW + timedelta(hours=1)
    assert stored.revoked_at == NOW + timedelta(hours=2) and stored.revoked_at.tzinfo is not None


def test_a_hash_is_unique(uow_factory: Uow) -> None:
    hana = _user(uow_factory, "hana@example.com")
    with uow_factory() as uow:
        uow.api_keys.add(_key(hana, "d" * 64))
        uow.commit()
    with pytest.raises(IntegrityError), uow_factory() as uow:
        uow.api_keys.add(_key(hana, "d" * 64))


def test_erasing_an_account_erases_its_keys(uow_factory: Uow) -> None:
    hana = _user(uow_factory, "hana@example.com")
    ken = _user(uow_factory, "ken@example.com")
    with uow_factory() as uow:
        uow.api_keys.add(_key(hana, "e" * 64))
        uow.api_keys.add(_key(ken, "f" * 64))
        uow.commit()
    with uow_factory() as uow:
        uow.users.delete(hana)
        uow.commit()
    with uow_factory() as uow:
        assert uow.api_keys.list_for_user(hana) == []
        assert len(uow.api_keys.list_for_user(ken)) == 1


def test_the_service_over_the_real_repository(uow_factory: Uow) -> None:
    hana = _user(uow_factory, "hana@example.com")
    keys = ApiKeys(uow_factory, lambda: NOW)
    created = keys.create(hana, "Claude Desktop")
    assert keys.authenticate(created.secret).id == hana
    assert keys.for_user(hana)[0].last_used_at == NOW
    keys.revoke(hana, created.key.id)
    with pytest.raises(Unauthorized):
        keys.authenticate(created.secret)
