"""What the handlers of one turn share: the understanding, the tools, the answer so far."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sakesensei.agent.builtin.constraints import Constraints
from sakesensei.agent.builtin.facts import Fact
from sakesensei.agent.builtin.intents import Understanding
from sakesensei.agent.builtin.toolbox import ToolBox
from sakesensei.agent.conversation import LearnedFact, Turn
from sakesensei.agent.tools.records import SakeSummary

MAX_SHOWN = 10


@dataclass
class Ctx:
    turn: Turn
    u: Understanding
    lang: str  # "ja" or "en": the language of the answer
    box: ToolBox
    today: date
    facts: list[Fact]  # remembered (stored and this session's)
    remembered: Constraints  # what the facts imply for picks
    state: dict[str, Any]  # the next state, edited as the turn goes
    lines: list[str] = field(default_factory=list)
    cards: list[int] = field(default_factory=list)
    learned: list[LearnedFact] = field(default_factory=list)
    summary: str | None = None

    @property
    def ja(self) -> bool:
        return self.lang == "ja"

    @property
    def signed_in(self) -> bool:
        return self.turn.tools.user_id is not None

    def say(self, ja: str, en: str) -> None:
        self.lines.append(ja if self.ja else en)

    def pick(self, ja: str, en: str) -> str:
        return ja if self.ja else en

    def show(self, sakes: Sequence[SakeSummary]) -> None:
        """Put these sake on the cards and remember them for "the first one" next turn."""
        for s in sakes:
            if s.id not in self.cards:
                self.cards.append(s.id)
        self.state["shown"] = [
            {"id": s.id, "name": s.name, "price": s.price_yen, "sweetness": s.taste.sweetness}
            for s in sakes[:MAX_SHOWN]
        ]

    def shown(self) -> list[dict[str, Any]]:
        raw = self.turn.state.get("shown")
        if not isinstance(raw, list):
            return []
        return [s for s in raw if isinstance(s, dict) and isinstance(s.get("id"), int)]

    def shown_id(self, index: int | None) -> int | None:
        shown = self.shown()
        if index is None or not shown:
            return None
        if index == -1:
            return int(shown[-1]["id"])
        return int(shown[index]["id"]) if index < len(shown) else None
