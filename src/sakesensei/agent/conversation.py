"""What any sommelier takes and gives: a Turn in, a stream of events out, then a Reply.

The contract every sommelier keeps (the built-in one and the LLM-backed ones):

    response = sommelier.respond(turn)      # a Response: an Iterator[Event]
    for event in response:                  # Token / ToolCall / Cards / Notice, as they happen
        ...
    reply = response.reply                  # only after the events are consumed

`respond` does no work until the first event is asked for, and each event is yielded as
soon as it is known, so a streaming endpoint can forward them one by one. Reading
`reply` before the stream is exhausted raises RuntimeError. A sommelier writes nothing
itself except through the tools of `turn.tools` (the caller's own ToolContext); what to
remember (`reply.learned`) and the new session state are for the caller to store.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from sakesensei.agent.tools.context import ToolContext
from sakesensei.domain.memory import MemoryFact

ToolStatus = Literal["started", "ok", "error"]


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of the answer's text (a word or a phrase); the pieces joined are the answer."""

    text: str


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A tool run: once with status "started", then once with "ok" or "error"."""

    name: str
    arguments: dict[str, Any]
    status: ToolStatus


@dataclass(frozen=True, slots=True)
class Cards:
    """The catalog ids of the sake the answer shows, in the order it names them."""

    sake_ids: list[int]


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know about how the answer was made (e.g. a fallback)."""

    message: str


Event = Token | ToolCall | Cards | Notice


@dataclass(frozen=True, slots=True)
class Turn:
    """One user message and everything a sommelier may use to answer it."""

    message: str
    session_id: str
    # "ja" or "en" when the client knows the user's language, or None. The message's own
    # language wins; this decides only when the message shows none ("45", an emoji).
    language: str | None
    # The session's recent (role, text) pairs, oldest first; role is "user" or "assistant".
    history: Sequence[tuple[str, str]]
    # What is remembered about the signed-in user; empty for visitors.
    facts: Sequence[MemoryFact]
    # JSON-serialisable; what the previous Reply of this session returned as `state`.
    state: dict[str, Any]
    # Already bound to the caller (ToolContext.as_caller): the only way to reach data.
    tools: ToolContext
    # The session begins with this message: nothing of it is stored yet.
    new_session: bool = False

    @property
    def signed_in(self) -> bool:
        return self.tools.user_id is not None


@dataclass(frozen=True, slots=True)
class LearnedFact:
    """Something lasting the user said about themselves, to be stored as a MemoryFact.

    `key` is stable per kind of fact ("sweetness", "budget", "experience",
    "likes.fruity", "dislikes.sparkling"), so a newer fact replaces an older one.
    `source` is the message it was drawn from.
    """

    key: str
    value: str
    source: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What a finished turn leaves behind."""

    # The session state for the next Turn (JSON-serialisable; {} when nothing is pending).
    state: dict[str, Any]
    learned: list[LearnedFact] = field(default_factory=list)
    # A short line about this turn for the session summary, or None.
    summary_hint: str | None = None
    # The language the answer was written in: "ja" or "en".
    language: str = "en"
    # What the message was understood as ("recommend", "log_tasting", ...), when known.
    intent: str | None = None


class Response(Iterator[Event]):
    """The events of one answer, and its Reply once they are all consumed."""

    def __init__(self, events: Generator[Event, None, Reply]) -> None:
        self._events = events
        self._reply: Reply | None = None

    def __iter__(self) -> Response:
        return self

    def __next__(self) -> Event:
        if self._reply is not None:
            raise StopIteration
        try:
            return next(self._events)
        except StopIteration as stop:
            reply = stop.value
            if not isinstance(reply, Reply):
                raise TypeError("a sommelier's event generator must return a Reply") from None
            self._reply = reply
            raise

    @property
    def done(self) -> bool:
        return self._reply is not None

    @property
    def reply(self) -> Reply:
        if self._reply is None:
            raise RuntimeError("the reply is known only after every event has been consumed")
        return self._reply

    def close(self) -> None:
        """Stop early (the client went away); the generator's cleanup runs."""
        self._events.close()


class Sommelier(Protocol):
    def respond(self, turn: Turn) -> Response:
        """The answer to one turn, as a stream of events and then a Reply."""
        ...


def collect(response: Response) -> tuple[list[Event], Reply]:
    """Every event of a response, and its reply (for tests and non-streaming callers)."""
    events = list(response)
    return events, response.reply


def answer_text(events: Sequence[Event]) -> str:
    """The answer's text: its Token pieces joined."""
    return "".join(e.text for e in events if isinstance(e, Token))
