"""What the sommelier remembers about one user: lasting facts and recent session summaries."""

from __future__ import annotations

from dataclasses import dataclass

from sakesensei.domain.errors import InvalidInput
from sakesensei.domain.memory import MemoryFact, SessionSummary
from sakesensei.ports import UnitOfWorkFactory

MAX_SUMMARIES = 50


@dataclass(frozen=True, slots=True)
class Recollection:
    facts: list[MemoryFact]  # by key
    summaries: list[SessionSummary]  # newest first
    total_summaries: int


def recall(uow_factory: UnitOfWorkFactory, user_id: str, summaries: int = 5) -> Recollection:
    """The user's facts, and their `summaries` most recent session summaries."""
    if not 0 <= summaries <= MAX_SUMMARIES:
        raise InvalidInput(f"summaries must be between 0 and {MAX_SUMMARIES}, not {summaries}")
    with uow_factory() as uow:
        facts = uow.memory.facts(user_id)
        stored = uow.memory.summaries(user_id)
    newest = sorted(stored, key=lambda s: (s.created_at, s.id or 0), reverse=True)
    return Recollection(facts, newest[:summaries], len(stored))
