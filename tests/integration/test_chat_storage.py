"""The sommelier's memory on SQLite and PostgreSQL: sessions with their state, the newest
events of a session, facts with their source, one summary per session, and forgetting."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sakesensei.domain.memory import ChatSession, MemoryEvent, MemoryFact, SessionSummary
from sakesensei.domain.users import User
from sakesensei.ports import UnitOfWork

Uow = Callable[[], UnitOfWork]
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _user(uow_factory: Uow, email: str) -> str:
    user = User(id=str(uuid.uuid4()), email=email, password_hash="argon2-hash")
    with uow_factory() as uow:
        uow.users.add(user)
        uow.commit()
    return user.id


def test_sessions_keep_their_owner_state_and_a_visitors_history(uow_factory: Uow) -> None:
    hana = _user(uow_factory, "hana@example.com")
    with uow_factory() as uow:
        uow.memory.save_session(ChatSession("s-hana", hana, NOW, NOW, {"pending": {"a": 1}}))
        uow.memory.save_session(
            ChatSession("s-visit", None, NOW, NOW, {}, [("user", "hi"), ("assistant", "やあ")])
        )
        uow.commit()
    later = NOW + timedelta(minutes=5)
    with uow_factory() as uow:
        uow.memory.save_session(ChatSession("s-hana", hana, later, later, {}))
        # Saving under another owner never takes a session over.
        uow.memory.save_session(ChatSession("s-visit", hana, later, later, {"x": 1}))
        uow.commit()
    with uow_factory() as uow:
        mine = uow.memory.get_session("s-hana")
        assert mine is not None and mine.user_id == hana and mine.state == {}
        assert mine.created_at == NOW and mine.updated_at == later
        visit = uow.memory.get_session("s-visit")
        assert visit is not None and visit.user_id is None and visit.state == {}
        assert visit.history == [("user", "hi"), ("assistant", "やあ")]
        assert uow.memory.get_session("nope") is None


def test_idle_visitor_sessions_are_forgotten_and_users_sessions_are_not(uow_factory: Uow) -> None:
    hana = _user(uow_factory, "hana@example.com")
    old = NOW - timedelta(days=2)
    with uow_factory() as uow:
        uow.memory.save_session(ChatSession("old-visit", None, old, old))
        uow.memory.save_session(ChatSession("new-visit", None, NOW, NOW))
        uow.memory.save_session(ChatSession("old-hana", hana, old, old))
        assert uow.memory.forget_idle_visitors(NOW - timedelta(days=1)) == 1
        uow.commit()
    with uow_factory() as uow:
        assert uow.memory.get_session("old-visit") is None
        assert uow.memory.get_session("new-visit") is not None
        assert uow.memory.get_session("old-hana") is not None


def test_the_newest_events_of_a_session_come_oldest_first(uow_factory: Uow) -> None:
    hana = _user(uow_factory, "hana@example.com")
    with uow_factory() as uow:
        for n in range(5):
            at = NOW + timedelta(seconds=n)
            uow.memory.add_event(MemoryEvent(hana, "s-1", "user", f"m{n}", at))
        uow.memory.add_event(MemoryEvent(hana, "s-2", "user", "elsewhere", NOW))
        uow.commit()
    with uow_factory() as uow:
        assert [e.content for e in uow.memory.events(hana, "s-1", limit=2)] == ["m3", "m4"]
        assert len(uow.memory.events(hana, "s-1")) == 5


def test_facts_keep_their_source_and_summaries_are_one_per_session(uow_factory: Uow) -> None:
    hana = _user(uow_factory, "hana@example.com")
    ren = _user(uow_factory, "ren@example.com")
    with uow_factory() as uow:
        uow.memory.put_fact(
            MemoryFact(
                hana, "budget", "budget 3000 yen", NOW, NOW, source="3000円まで", session_id="s-1"
            )
        )
        later = NOW + timedelta(hours=1)
        uow.memory.put_fact(
            MemoryFact(
                hana, "budget", "budget 2000 yen", later, later, source="2000円", session_id="s-2"
            )
        )
        uow.memory.put_summary(SessionSummary(hana, "s-1", "first", NOW))
        uow.memory.put_summary(SessionSummary(hana, "s-1", "first\nsecond", later))
        uow.memory.put_summary(SessionSummary(ren, "s-1", "ren's", NOW))
        uow.memory.save_session(ChatSession("s-1", hana, NOW, NOW))
        uow.commit()
    with uow_factory() as uow:
        (fact,) = uow.memory.facts(hana)
        assert (fact.value, fact.source, fact.session_id, fact.created_at) == (
            "budget 2000 yen",
            "2000円",
            "s-2",
            NOW,
        )
        assert [s.summary for s in uow.memory.summaries(hana)] == ["first\nsecond"]
        uow.memory.forget_user(hana)
        uow.commit()
    with uow_factory() as uow:
        assert uow.memory.facts(hana) == [] and uow.memory.summaries(hana) == []
        assert uow.memory.get_session("s-1") is None
        assert [s.summary for s in uow.memory.summaries(ren)] == ["ren's"]


def test_a_new_session_is_added_then_saved_like_any_other(uow_factory: Uow) -> None:
    hana = _user(uow_factory, "hana-new@example.com")
    with uow_factory() as uow:
        uow.memory.add_session(ChatSession("s-new", hana, NOW, NOW, {"step": 1}))
        uow.commit()
    later = NOW + timedelta(minutes=1)
    with uow_factory() as uow:
        uow.memory.save_session(ChatSession("s-new", hana, later, later, {"step": 2}))
        uow.commit()
    with uow_factory() as uow:
        stored = uow.memory.get_session("s-new")
        assert stored is not None and stored.user_id == hana and stored.state == {"step": 2}
        assert stored.created_at == NOW and stored.updated_at == later
