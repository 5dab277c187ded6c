"""Which sake an answer shows: those it names, out of those the tools returned.

Cards come only from tool results, so a sake a model names from its own memory (or
makes up) never becomes a card.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from pydantic import BaseModel

from sakesensei.agent.tools.journal import TastedSakeOut
from sakesensei.agent.tools.records import SakeSummary

# Shorter names ("Sake") would match ordinary words of an answer.
_MIN_NAME = 2


def _squeeze(text: str) -> str:
    """Compared without case, width or spaces: "Dassai 45" names ＤＡＳＳＡＩ４５ too."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _walk(value: object) -> Iterator[BaseModel]:
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)


class SeenSake:
    """The sake of a turn's tool results, with the names an answer may call them by."""

    def __init__(self) -> None:
        self._names: dict[int, set[str]] = {}

    def add_result(self, result: BaseModel) -> None:
        for model in _walk(result):
            if isinstance(model, SakeSummary):
                names = {model.name, model.romaji or "", model.reading or ""}
            elif isinstance(model, TastedSakeOut):
                names = {model.name}
            else:
                continue
            folded = {_squeeze(n) for n in names}
            self._names.setdefault(model.id, set()).update(n for n in folded if len(n) >= _MIN_NAME)

    def __len__(self) -> int:
        return len(self._names)

    def named_in(self, answer: str) -> list[int]:
        """The ids of the seen sake the answer names, in the order it first names them."""
        text = _squeeze(answer)
        first: dict[int, int] = {}
        for sake_id, names in self._names.items():
            found = [p for p in (text.find(n) for n in names) if p >= 0]
            if found:
                first[sake_id] = min(found)
        return sorted(first, key=lambda i: (first[i], i))
