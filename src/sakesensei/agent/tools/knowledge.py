"""Knowledge tools: sake words explained from the glossary, and what is remembered of the user."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from sakesensei.agent.tools.base import tool
from sakesensei.agent.tools.context import ToolContext
from sakesensei.services.glossary import MAX_QUERY, GlossaryEntry
from sakesensei.services.memory_recall import MAX_SUMMARIES, recall


class TermIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    term: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_QUERY,
            description="a sake word in kanji, kana, romaji or English (精米歩合, nihonshudo, "
            "hiyaoroshi, 'polishing ratio'); a question naming several finds each",
        ),
    ]


class TermOut(BaseModel):
    term: str
    reading: str = Field(description="in hiragana")
    romaji: str
    english: str
    kind: str = Field(description="grade, style, process, temperature, rice, taste, ...")
    ja: str = Field(description="the explanation in Japanese")
    en: str = Field(description="the explanation in English")
    related: list[str] = Field(description="terms worth explaining next")


class Explanation(BaseModel):
    entries: list[TermOut] = Field(description="every term the question names, in its order")


def _term(e: GlossaryEntry) -> TermOut:
    return TermOut(
        term=e.term,
        reading=e.reading,
        romaji=e.romaji,
        english=e.english,
        kind=e.kind,
        ja=e.ja,
        en=e.en,
        related=list(e.related),
    )


@tool("explain_term", title="Explain a sake term")
def explain_term(args: TermIn, ctx: ToolContext) -> Explanation:
    """Explain sake words in plain Japanese and English from the built-in glossary: grades
    (純米大吟醸 ... 普通酒), 精米歩合, 日本酒度, 酸度, 生酛 and 山廃, 生酒 and 生詰, ひやおろし,
    冷や vs 冷酒, the 燗 temperatures, sake rice, 杜氏, bottle sizes and more. Answer in the
    user's language from the matching explanation."""
    return Explanation(entries=[_term(e) for e in ctx.glossary().lookup(args.term)])


class MemoryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    summaries: Annotated[
        int, Field(ge=0, le=MAX_SUMMARIES, description="how many recent session summaries")
    ] = 5


class FactOut(BaseModel):
    key: str
    value: str
    updated_at: datetime


class SummaryOut(BaseModel):
    session_id: str
    summary: str
    created_at: datetime


class MemoryOut(BaseModel):
    facts: list[FactOut] = Field(description="lasting things the user told the sommelier")
    summaries: list[SummaryOut] = Field(description="recent conversations, newest first")
    total_summaries: int


@tool("recall_memory", title="What is remembered", user_scoped=True)
def recall_memory(args: MemoryIn, ctx: ToolContext) -> MemoryOut:
    """What the sommelier remembers about the signed-in user: facts they shared ("prefers
    dry", "budget 3000 yen") and summaries of their recent conversations. The user can see
    and delete these under /api/v1/memory."""
    found = recall(ctx.uow_factory, ctx.require_user(), args.summaries)
    return MemoryOut(
        facts=[FactOut(key=f.key, value=f.value, updated_at=f.updated_at) for f in found.facts],
        summaries=[
            SummaryOut(session_id=s.session_id, summary=s.summary, created_at=s.created_at)
            for s in found.summaries
        ],
        total_summaries=found.total_summaries,
    )


TOOLS = (explain_term, recall_memory)
