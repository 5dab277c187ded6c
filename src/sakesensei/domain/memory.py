"""What the sommelier remembers: conversation events, long-term facts, session summaries,
and the sessions themselves (who owns each one, and what is pending in it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class MemoryEvent:
    """One turn of a conversation in a session."""

    user_id: str
    session_id: str
    role: str  # user | assistant | tool
    content: str
    created_at: datetime
    id: int | None = None


@dataclass(slots=True)
class MemoryFact:
    """Something lasting about the user ("prefers dry"), keyed so it can be replaced."""

    user_id: str
    key: str
    value: str
    created_at: datetime
    updated_at: datetime
    id: int | None = None
    # The user's own words it was drawn from, and the conversation they were said in.
    source: str | None = None
    session_id: str | None = None


@dataclass(slots=True)
class SessionSummary:
    """A few lines about one conversation; one per session, rewritten as it goes on."""

    user_id: str
    session_id: str
    summary: str
    created_at: datetime
    id: int | None = None


@dataclass(slots=True)
class ChatSession:
    """A conversation; `state` is what the sommelier left pending in it.

    A visitor's session has no user_id, and keeps its last few messages in `history`
    as (role, text) pairs; a signed-in user's messages are MemoryEvents instead.
    """

    id: str
    user_id: str | None
    created_at: datetime
    updated_at: datetime
    state: dict[str, Any] = field(default_factory=dict)
    history: list[tuple[str, str]] = field(default_factory=list)
