"""The built-in sommelier over a real SQLite database holding the shipped catalog, a
signed-in user with a small journal, and a second user whose data must never leak.

Every tool call is recorded, so a test can check that each sake an answer names came
out of a tool result of that very turn.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import text

from sakesensei.agent.builtin import BuiltinSommelier
from sakesensei.agent.builtin.sommelier import japan_today
from sakesensei.agent.conversation import Cards, Event, Reply, ToolCall, Turn, collect
from sakesensei.agent.tools import ToolContext, run_tool, tool_context
from sakesensei.bootstrap import Container, build_container, utc_now
from sakesensei.config import load_settings
from sakesensei.domain.catalog import SakeWithBrewery
from sakesensei.domain.memory import MemoryFact
from sakesensei.domain.tastings import TastingRecord
from sakesensei.domain.users import Preferences
from sakesensei.services.catalog_cache import CatalogCache
from sakesensei.services.recommendations import RecommendationService
from sakesensei.services.shipped_catalog import ensure_catalog

PASSWORD = "Sake-Tasting-2026!"
# Words only the other user's journal holds: no answer to our user may ever contain them.
OTHER_USERS_SECRET = "BOB-PRIVATE-NOTE-7731"
_USER_TABLES = (
    "memory_events",
    "memory_facts",
    "session_summaries",
    "tastings",
    "preference_history",
    "preferences",
)


@dataclass
class Recorder:
    """Wraps run_tool; keeps every call of the current turn with its result."""

    calls: list[tuple[str, dict[str, Any], BaseModel | None]] = field(default_factory=list)

    def __call__(
        self, name: str, arguments: Mapping[str, Any] | None, ctx: ToolContext
    ) -> BaseModel:
        try:
            result = run_tool(name, arguments, ctx)
        except Exception:
            self.calls.append((name, dict(arguments or {}), None))
            raise
        self.calls.append((name, dict(arguments or {}), result))
        return result

    def names(self) -> list[str]:
        return [name for name, _, _ in self.calls]

    def text(self) -> str:
        """Every result of this turn as JSON text."""
        return "\n".join(r.model_dump_json() for _, _, r in self.calls if r is not None)

    def sake_ids(self) -> set[int]:
        """Ids of every sake any result of this turn holds."""
        found: set[int] = set()
        for _, _, result in self.calls:
            if result is not None:
                _walk(result.model_dump(), found)
        return found


def _walk(value: object, found: set[int]) -> None:
    if isinstance(value, dict):
        if isinstance(value.get("id"), int) and "category" in value and "name" in value:
            found.add(value["id"])
        for item in value.values():
            _walk(item, found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, found)


@dataclass
class Exchange:
    """One turn as a test sees it."""

    events: list[Event]
    reply: Reply
    text: str
    tools: list[str]
    result_sake_ids: set[int]
    result_text: str

    @property
    def cards(self) -> list[int]:
        return [i for e in self.events if isinstance(e, Cards) for i in e.sake_ids]


@dataclass
class SommelierWorld:
    container: Container
    context: ToolContext
    sommelier: BuiltinSommelier
    recorder: Recorder
    user_id: str
    other_id: str
    today: date
    catalog: dict[int, SakeWithBrewery]

    def ids_named(self, *names: str) -> list[int]:
        by_name = {i.sake.name: sid for sid, i in self.catalog.items()}
        return [by_name[n] for n in names]

    def reset(self) -> None:
        """Both users' journals, preferences and memory back to the seed."""
        with self.container.engine.begin() as conn:
            for table in _USER_TABLES:
                conn.execute(text(f"DELETE FROM {table}"))
        first_of_month = self.today.replace(day=1)
        last_month = (first_of_month - timedelta(days=1)).replace(day=1)
        two_months = (last_month - timedelta(days=1)).replace(day=1)
        seed = [
            (self.user_id, "久保田 萬寿", 5, last_month + timedelta(days=9), "華やかで上品"),
            (self.user_id, "獺祭 純米大吟醸 45", 4, last_month + timedelta(days=19), None),
            (self.user_id, "八海山 特別本醸造", 3, first_of_month, "すっきり"),
            (
                self.user_id,
                "一ノ蔵 発泡清酒 すず音",
                2,
                two_months + timedelta(days=14),
                "甘すぎた",
            ),
            (
                self.other_id,
                "十四代 本丸 秘伝玉返し",
                5,
                last_month + timedelta(days=3),
                OTHER_USERS_SECRET,
            ),
        ]
        with self.container.uow() as uow:
            for user_id, name, rating, day, notes in seed:
                (sake_id,) = self.ids_named(name)
                uow.tastings.add(
                    TastingRecord(
                        str(uuid.uuid4()),
                        user_id,
                        sake_id,
                        rating,
                        day,
                        notes,
                        created_at=datetime.now(UTC),
                    )
                )
            uow.preferences.save(Preferences(self.user_id, sweetness=3), source="survey")
            uow.preferences.save(
                Preferences(self.other_id, sweetness=5, budget_yen=1234), source="survey"
            )
            now = datetime.now(UTC)
            uow.memory.put_fact(MemoryFact(self.other_id, "budget", OTHER_USERS_SECRET, now, now))
            uow.commit()

    def turn(
        self,
        message: str,
        *,
        signed_in: bool = True,
        state: dict[str, Any] | None = None,
        facts: Sequence[tuple[str, str]] = (),
        language: str | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> Exchange:
        self.recorder.calls.clear()
        now = datetime.now(UTC)
        user = self.user_id if signed_in else None
        turn = Turn(
            message=message,
            session_id="test-session",
            language=language,
            history=list(history),
            facts=[MemoryFact(self.user_id, k, v, now, now) for k, v in facts] if signed_in else [],
            # Sessions keep the state as JSON: anything else in it would be lost.
            state=json.loads(json.dumps(state or {})),
            tools=self.context.as_caller(user, verified=True),
        )
        events, reply = collect(self.sommelier.respond(turn))
        text_ = "".join(e.text for e in events if hasattr(e, "text"))
        return Exchange(
            events=events,
            reply=reply,
            text=text_,
            tools=[e.name for e in events if isinstance(e, ToolCall) and e.status == "started"],
            result_sake_ids=self.recorder.sake_ids(),
            result_text=self.recorder.text(),
        )

    def conversation(self, messages: Sequence[str], **options: Any) -> Iterator[Exchange]:
        """The messages as one session, each turn starting from the state the last left."""
        state: dict[str, Any] = dict(options.pop("state", {}) or {})
        for message in messages:
            exchange = self.turn(message, state=state, **options)
            state = exchange.reply.state
            yield exchange


def build_world(data_dir: Path) -> SommelierWorld:
    settings = load_settings(env="test", data_dir=data_dir, reco_refresh_seconds=3600)
    container = build_container(settings)
    container.upgrade_database()
    ensure_catalog(container.uow)
    user = container.accounts.create_user("hana@example.com", PASSWORD, verified=True)
    other = container.accounts.create_user("bob@example.com", PASSWORD, verified=True)
    catalog = CatalogCache(container.uow)
    recommendations = RecommendationService(container.uow, catalog, utc_now)
    context = tool_context(container.uow, catalog, recommendations, utc_now)
    recorder = Recorder()
    world = SommelierWorld(
        container=container,
        context=context,
        sommelier=BuiltinSommelier(run=recorder),
        recorder=recorder,
        user_id=user.id,
        other_id=other.id,
        today=japan_today(),
        catalog=dict(catalog.snapshot().sakes),
    )
    world.reset()
    return world
