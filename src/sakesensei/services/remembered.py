"""What the sommelier remembers about a user, as they see it and delete it."""

from __future__ import annotations

from dataclasses import dataclass

from sakesensei.domain.catalog import MAX_ID
from sakesensei.domain.errors import NotFound
from sakesensei.domain.memory import MemoryFact, SessionSummary
from sakesensei.ports import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class Remembered:
    facts: list[MemoryFact]  # by key
    summaries: list[SessionSummary]  # newest first


def remembered(uow_factory: UnitOfWorkFactory, user_id: str) -> Remembered:
    with uow_factory() as uow:
        facts = uow.memory.facts(user_id)
        summaries = uow.memory.summaries(user_id)
    newest = sorted(summaries, key=lambda s: (s.created_at, s.id or 0), reverse=True)
    return Remembered(facts, newest)


def forget_fact(uow_factory: UnitOfWorkFactory, user_id: str, fact_id: int) -> None:
    """Delete one of the user's facts; NotFound when they have none with this id."""
    with uow_factory() as uow:
        if not 1 <= fact_id <= MAX_ID or not uow.memory.delete_fact(user_id, fact_id):
            raise NotFound(f"you have no remembered fact {fact_id}; GET /api/v1/memory lists them")
        uow.commit()


def forget_everything(uow_factory: UnitOfWorkFactory, user_id: str) -> None:
    """Every fact, summary and conversation of the user."""
    with uow_factory() as uow:
        uow.memory.forget_user(user_id)
        uow.commit()
