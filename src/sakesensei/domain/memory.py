"""What the sommelier remembers: conversation events, long-term facts, session summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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


@dataclass(slots=True)
class SessionSummary:
    user_id: str
    session_id: str
    summary: str
    created_at: datetime
    id: int | None = None
