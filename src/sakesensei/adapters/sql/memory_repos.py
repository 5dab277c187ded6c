"""The sommelier's memory over SQLAlchemy Core: sessions, events, facts and summaries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from sakesensei.adapters.sql import tables as t
from sakesensei.adapters.sql.account_repos import _new_id, _utc, _when
from sakesensei.domain.memory import ChatSession, MemoryEvent, MemoryFact, SessionSummary


def _event(row: Row[Any]) -> MemoryEvent:
    return MemoryEvent(**{**row._mapping, "created_at": _when(row.created_at)})


def _fact(row: Row[Any]) -> MemoryFact:
    return MemoryFact(
        **{
            **row._mapping,
            "created_at": _when(row.created_at),
            "updated_at": _when(row.updated_at),
        }
    )


class SqlMemoryRepository:
    def __init__(self, conn: Connection, now: Callable[[], datetime]) -> None:
        self._conn = conn
        self._now = now

    def add_event(self, event: MemoryEvent) -> None:
        values = asdict(event)
        values.pop("id")
        event.id = _new_id(self._conn.execute(insert(t.memory_events).values(values)))

    def events(self, user_id: str, session_id: str, limit: int | None = None) -> list[MemoryEvent]:
        c = t.memory_events.c
        query = select(t.memory_events).where(c.user_id == user_id, c.session_id == session_id)
        if limit is None:
            return [_event(r) for r in self._conn.execute(query.order_by(c.created_at, c.id))]
        newest = query.order_by(c.created_at.desc(), c.id.desc()).limit(limit)
        return [_event(r) for r in reversed(list(self._conn.execute(newest)))]

    def all_events(self, user_id: str) -> list[MemoryEvent]:
        c = t.memory_events.c
        query = select(t.memory_events).where(c.user_id == user_id).order_by(c.created_at, c.id)
        return [_event(r) for r in self._conn.execute(query)]

    def put_fact(self, fact: MemoryFact) -> MemoryFact:
        c = t.memory_facts.c
        existing = self._conn.execute(
            select(c.id, c.created_at).where(c.user_id == fact.user_id, c.key == fact.key)
        ).first()
        if existing:
            self._conn.execute(
                update(t.memory_facts)
                .where(c.id == existing.id)
                .values(
                    value=fact.value,
                    updated_at=fact.updated_at,
                    source=fact.source,
                    session_id=fact.session_id,
                )
            )
            fact.id = existing.id
            fact.created_at = _utc(existing.created_at) or fact.created_at
            return fact
        values = asdict(fact)
        values.pop("id")
        fact.id = _new_id(self._conn.execute(insert(t.memory_facts).values(values)))
        return fact

    def facts(self, user_id: str) -> list[MemoryFact]:
        c = t.memory_facts.c
        query = select(t.memory_facts).where(c.user_id == user_id).order_by(c.key)
        return [_fact(r) for r in self._conn.execute(query)]

    def delete_fact(self, user_id: str, fact_id: int) -> bool:
        c = t.memory_facts.c
        stmt = delete(t.memory_facts).where(c.user_id == user_id, c.id == fact_id)
        return bool(self._conn.execute(stmt).rowcount)

    def add_summary(self, summary: SessionSummary) -> None:
        values = asdict(summary)
        values.pop("id")
        summary.id = _new_id(self._conn.execute(insert(t.session_summaries).values(values)))

    def put_summary(self, summary: SessionSummary) -> None:
        c = t.session_summaries.c
        found = self._conn.execute(
            select(c.id).where(c.user_id == summary.user_id, c.session_id == summary.session_id)
        ).first()
        if found is None:
            self.add_summary(summary)
            return
        self._conn.execute(
            update(t.session_summaries).where(c.id == found.id).values(summary=summary.summary)
        )
        summary.id = found.id

    def summaries(self, user_id: str, session_id: str | None = None) -> list[SessionSummary]:
        c = t.session_summaries.c
        query = select(t.session_summaries).where(c.user_id == user_id).order_by(c.created_at, c.id)
        if session_id is not None:
            query = query.where(c.session_id == session_id)
        return [
            SessionSummary(**{**r._mapping, "created_at": _when(r.created_at)})
            for r in self._conn.execute(query)
        ]

    def get_session(self, session_id: str) -> ChatSession | None:
        row = self._conn.execute(
            select(t.chat_sessions).where(t.chat_sessions.c.id == session_id)
        ).first()
        if row is None:
            return None
        return ChatSession(
            id=row.id,
            user_id=row.user_id,
            created_at=_when(row.created_at),
            updated_at=_when(row.updated_at),
            state=dict(row.state or {}),
            history=[(str(role), str(text)) for role, text in row.history or []],
        )

    def save_session(self, session: ChatSession) -> None:
        c = t.chat_sessions.c
        owner = c.user_id.is_(None) if session.user_id is None else c.user_id == session.user_id
        values = {
            "state": session.state,
            "history": [list(pair) for pair in session.history],
            "updated_at": session.updated_at,
        }
        changed = self._conn.execute(
            update(t.chat_sessions).where(c.id == session.id, owner).values(values)
        ).rowcount
        if changed:
            return
        # A session id of someone else's is never taken over (the caller checked the owner).
        if self._conn.execute(select(c.id).where(c.id == session.id)).first() is None:
            self.add_session(session)

    def add_session(self, session: ChatSession) -> None:
        self._conn.execute(
            insert(t.chat_sessions).values(
                id=session.id,
                user_id=session.user_id,
                created_at=session.created_at,
                state=session.state,
                history=[list(pair) for pair in session.history],
                updated_at=session.updated_at,
            )
        )

    def forget_idle_visitors(self, idle_since: datetime) -> int:
        c = t.chat_sessions.c
        stmt = delete(t.chat_sessions).where(c.user_id.is_(None), c.updated_at < idle_since)
        return int(self._conn.execute(stmt).rowcount or 0)

    def forget_user(self, user_id: str) -> None:
        for table in (t.memory_events, t.memory_facts, t.session_summaries, t.chat_sessions):
            self._conn.execute(delete(table).where(table.c.user_id == user_id))
