"""Users, preferences with history, tastings and memory on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from sakesensei.domain.catalog import Brewery, Sake
from sakesensei.domain.errors import Conflict
from sakesensei.domain.memory import MemoryEvent, MemoryFact, SessionSummary
from sakesensei.domain.tastings import TastingRecord
from sakesensei.domain.users import Experience, Preferences, Role, User
from sakesensei.ports import UnitOfWork

Uow = Callable[[], UnitOfWork]
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _user(uow_factory: Uow, email: str = "hana@example.com") -> User:
    user = User(id=str(uuid.uuid4()), email=email, password_hash="argon2-hash")
    with uow_factory() as uow:
        uow.users.add(user)
        uow.commit()
    return user


def _sake(uow_factory: Uow) -> int:
    with uow_factory() as uow:
        ids = uow.breweries.upsert_many([Brewery("八海醸造", "新潟県")])
        uow.sakes.upsert_many([Sake("八海山 普通酒", ids[("八海醸造", "新潟県")], "普通酒")])
        items, _ = uow.sakes.search(["八海山"], 1, 0)
        uow.commit()
    assert items[0].sake.id is not None
    return items[0].sake.id


def test_users_round_trip_and_emails_are_unique(uow_factory: Uow) -> None:
    user = _user(uow_factory, "Hana@Example.com ")
    with uow_factory() as uow:
        stored = uow.users.get_by_email("hana@example.com")
        assert stored is not None and stored.id == user.id and stored.role is Role.USER
        assert stored.created_at is not None and stored.created_at.tzinfo is not None
        with pytest.raises(Conflict, match="already exists"):
            uow.users.add(User(id=str(uuid.uuid4()), email="HANA@example.com", password_hash="x"))
        # the refused insert did not spoil the transaction
        stored.verified, stored.failed_logins = True, 3
        stored.locked_until = NOW + timedelta(minutes=15)
        uow.users.update(stored)
        uow.commit()
    with uow_factory() as uow:
        again = uow.users.get(user.id)
        assert again is not None and again.verified and again.failed_logins == 3
        assert again.locked_until == NOW + timedelta(minutes=15)


def test_every_preference_change_is_kept(uow_factory: Uow) -> None:
    user = _user(uow_factory)
    with uow_factory() as uow:
        uow.preferences.save(Preferences(user.id, sweetness=4, budget_yen=3000), source="survey")
        uow.preferences.save(
            Preferences(
                user.id,
                sweetness=1,
                budget_yen=5000,
                experience=Experience.ADVANCED,
                avoid_categories=("普通酒",),
                liked_aromas=("rice",),
            ),
            source="chat",
        )
        uow.commit()
    with uow_factory() as uow:
        current = uow.preferences.get(user.id)
        history = uow.preferences.history(user.id)
    assert (
        current is not None and current.sweetness == 1 and current.avoid_categories == ("普通酒",)
    )
    assert current.experience is Experience.ADVANCED
    assert [(h.source, h.preferences.sweetness, h.preferences.budget_yen) for h in history] == [
        ("survey", 4, 3000),
        ("chat", 1, 5000),
    ]


def test_tasting_journal(uow_factory: Uow) -> None:
    user, sake_id = _user(uow_factory), _sake(uow_factory)
    first = TastingRecord(str(uuid.uuid4()), user.id, sake_id, 4, date(2026, 11, 1), notes="crisp")
    second = TastingRecord(str(uuid.uuid4()), user.id, sake_id, 2, date(2026, 11, 20))
    with uow_factory() as uow:
        uow.tastings.add(first)
        uow.tastings.add(second)
        uow.commit()
    with uow_factory() as uow:
        assert [r.id for r in uow.tastings.list_for_user(user.id)] == [second.id, first.id]
        first.rating = 5
        uow.tastings.update(first)
        assert uow.tastings.delete(second.id)
        assert not uow.tastings.delete(second.id)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.tastings.get(first.id)
        assert stored is not None and stored.rating == 5 and stored.notes == "crisp"
        assert uow.tastings.get(second.id) is None


def test_a_tasting_of_an_unknown_sake_is_refused(uow_factory: Uow) -> None:
    user = _user(uow_factory)
    with uow_factory() as uow, pytest.raises(IntegrityError):
        uow.tastings.add(TastingRecord(str(uuid.uuid4()), user.id, 999_999, 3, date(2026, 11, 1)))


def test_memory_facts_replace_by_key_and_can_be_deleted(uow_factory: Uow) -> None:
    user = _user(uow_factory)
    with uow_factory() as uow:
        uow.memory.add_event(MemoryEvent(user.id, "s1", "user", "辛口が好き", NOW))
        uow.memory.add_event(
            MemoryEvent(user.id, "s1", "assistant", "承知しました", NOW + timedelta(seconds=1))
        )
        uow.memory.put_fact(MemoryFact(user.id, "sweetness", "prefers dry", NOW, NOW))
        later = NOW + timedelta(days=1)
        fact = uow.memory.put_fact(
            MemoryFact(user.id, "sweetness", "likes it slightly sweet", later, later)
        )
        uow.memory.add_summary(SessionSummary(user.id, "s1", "talked about dry sake", NOW))
        uow.commit()
    with uow_factory() as uow:
        assert [e.content for e in uow.memory.events(user.id, "s1")] == [
            "辛口が好き",
            "承知しました",
        ]
        facts = uow.memory.facts(user.id)
        assert [(f.key, f.value) for f in facts] == [("sweetness", "likes it slightly sweet")]
        assert facts[0].created_at == NOW and facts[0].id == fact.id
        assert [s.summary for s in uow.memory.summaries(user.id)] == ["talked about dry sake"]
        assert fact.id is not None and uow.memory.delete_fact(user.id, fact.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.memory.facts(user.id) == []


def test_deleting_a_user_erases_everything_of_theirs(uow_factory: Uow) -> None:
    user, sake_id = _user(uow_factory), _sake(uow_factory)
    with uow_factory() as uow:
        uow.preferences.save(Preferences(user.id, sweetness=2), source="survey")
        uow.tastings.add(TastingRecord(str(uuid.uuid4()), user.id, sake_id, 3, date(2026, 11, 2)))
        uow.memory.put_fact(MemoryFact(user.id, "budget", "3000 yen", NOW, NOW))
        uow.commit()
    with uow_factory() as uow:
        uow.users.delete(user.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(user.id) is None
        assert uow.preferences.get(user.id) is None and uow.preferences.history(user.id) == []
        assert uow.tastings.list_for_user(user.id) == [] and uow.memory.facts(user.id) == []
        assert uow.sakes.count() == 1  # the catalog is not the user's
