"""What the sommelier remembers about the signed-in user: see it, delete a fact, delete all."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from sakesensei.domain.memory import MemoryFact, SessionSummary
from sakesensei.entrypoints.api.deps import CurrentUser, UowFactory
from sakesensei.services.remembered import forget_everything, forget_fact, remembered

router = APIRouter(prefix="/memory", tags=["memory"])


class FactOut(BaseModel):
    id: int
    key: str = Field(description='the kind of fact: "sweetness", "budget", "dislikes.<grade>"...')
    value: str
    source: str | None = Field(description="your message it was drawn from")
    session_id: str | None = Field(description="the conversation you said it in")
    created_at: datetime
    updated_at: datetime


class SummaryOut(BaseModel):
    session_id: str
    summary: str
    created_at: datetime


class MemoryOut(BaseModel):
    facts: list[FactOut] = Field(description="what the sommelier remembers about you, by key")
    summaries: list[SummaryOut] = Field(description="your conversations, newest first")


def _fact(f: MemoryFact) -> FactOut:
    return FactOut(
        id=f.id or 0,
        key=f.key,
        value=f.value,
        source=f.source,
        session_id=f.session_id,
        created_at=f.created_at,
        updated_at=f.updated_at,
    )


def _summary(s: SessionSummary) -> SummaryOut:
    return SummaryOut(session_id=s.session_id, summary=s.summary, created_at=s.created_at)


@router.get("", response_model=MemoryOut)
def read_memory(user: CurrentUser, uow_factory: UowFactory) -> MemoryOut:
    """Everything the sommelier remembers about you: facts drawn from what you said (each
    with the message it came from) and a summary of each conversation. Facts also fill
    in your recommendations where your survey says nothing."""
    found = remembered(uow_factory, user.id)
    return MemoryOut(
        facts=[_fact(f) for f in found.facts], summaries=[_summary(s) for s in found.summaries]
    )


@router.delete("/{fact_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_fact(fact_id: int, user: CurrentUser, uow_factory: UowFactory) -> None:
    """Forget one fact; it stops affecting your recommendations at once."""
    forget_fact(uow_factory, user.id, fact_id)


@router.delete("", status_code=status.HTTP_204_NO_CONTENT)
def delete_memory(user: CurrentUser, uow_factory: UowFactory) -> None:
    """Forget everything: every fact, conversation and summary."""
    forget_everything(uow_factory, user.id)
