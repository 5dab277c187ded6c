"""Opening a turn of a conversation and keeping what it leaves behind.

Every conversation lives in a session whose id is ours to give: one that is not the
caller's own (unknown, another user's, a visitor's for a user or a user's for a visitor)
is refused as not found, never continued. A signed-in user's messages are kept (the
short-term history the sommelier sees), what it learns about them is remembered with
the message it came from, and its summary is rewritten after each turn. All of that is
written in one transaction once the answer ends, so the answer's first words wait for no
write; the session exists from then on (a message that continues it sooner is refused).
A visitor gets no memory: their session keeps only its last few messages and what the
sommelier left pending, and is forgotten a day after its last message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from sakesensei.agent.chat.summary import extend_summary, summary_line
from sakesensei.agent.conversation import Reply, Turn
from sakesensei.agent.tools.context import ToolContext
from sakesensei.domain.errors import InvalidInput, NotFound
from sakesensei.domain.ids import IDS
from sakesensei.domain.memory import ChatSession, MemoryEvent, MemoryFact, SessionSummary
from sakesensei.ports import MemoryRepository, UnitOfWorkFactory

MAX_CHARS = 4000
HISTORY_EVENTS = 20
LANGUAGES = ("ja", "en")
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
VISITOR_SESSION_IDLE = timedelta(days=1)
SWEEP_EVERY = timedelta(minutes=5)
_MAX_KEY = 200
_MAX_SOURCE = 2000
# C0 controls but tab and newline: PostgreSQL refuses NUL in text, and none of them is
# anything a person typed on purpose.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_message(message: str, max_chars: int = MAX_CHARS) -> str:
    text = _CONTROLS.sub("", message).strip()
    if not text:
        raise InvalidInput("message is empty: write what you would like to know about sake")
    if len(text) > max_chars:
        raise InvalidInput(
            f"message is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Ask a shorter question, or split it into several messages"
        )
    return text


def check_session_id(session_id: str) -> None:
    if not SESSION_ID.fullmatch(session_id):
        raise InvalidInput(
            "session_id must be the id a previous answer gave (letters, digits, - and _, "
            "at most 100 characters); leave it out to start a new conversation"
        )


class Conversations:
    """One per process; opens each turn and stores what it leaves behind."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        tools: ToolContext,
        now: Callable[[], datetime],
        *,
        max_chars: int = MAX_CHARS,
        history_events: int = HISTORY_EVENTS,
    ) -> None:
        self._uow = uow_factory
        self._tools = tools
        self._now = now
        self.max_chars = max_chars
        self._history = history_events
        self._swept = datetime.min.replace(tzinfo=UTC)

    @property
    def tools(self) -> ToolContext:
        """The anonymous tool context turns are opened with."""
        return self._tools

    def open(
        self,
        message: str,
        *,
        session_id: str | None = None,
        user_id: str | None = None,
        verified: bool = False,
        language: str | None = None,
    ) -> Turn:
        """The Turn for a new message. Nothing is written yet: the message, the new
        session and what the answer leaves behind are stored together by finish(). A new
        conversation of a visitor needs no database at all, and a signed-in user's only
        one read, so the answer can start at once."""
        text = clean_message(message, self.max_chars)
        if session_id is not None:
            check_session_id(session_id)
        if language is not None and language not in LANGUAGES:
            raise InvalidInput(f"language must be one of {', '.join(LANGUAGES)}, or left out")
        tools = self._tools.as_caller(user_id, verified).for_one_turn()
        if session_id is None and user_id is None:
            return Turn(text, _new_id(), language, [], [], {}, tools, new_session=True)
        now = self._now()
        with self._uow() as uow:
            if session_id is None:
                session = ChatSession(_new_id(), user_id, now, now)
            else:
                found = uow.memory.get_session(session_id)
                session = _own_session(found, session_id, user_id, now)
            if user_id is None:
                history: Sequence[tuple[str, str]] = session.history
                facts = []
            else:
                events = (
                    uow.memory.events(user_id, session.id, limit=self._history)
                    if session_id is not None
                    else []
                )
                history = [(e.role, e.content) for e in events]
                facts = uow.memory.facts(user_id)
        pairs = [(role, content) for role, content in history if role in ("user", "assistant")]
        state = dict(session.state)
        return Turn(
            text, session.id, language, pairs, facts, state, tools, new_session=session_id is None
        )

    def finish(self, turn: Turn, answer: str, reply: Reply | None) -> None:
        """Keep the message, the answer, what was learned, the new summary and the state.

        `reply` is None when the answer did not finish (the client went away, or the
        sommelier failed): the message and what was said are kept, and the session state
        stays as it was.
        """
        user_id = turn.tools.user_id
        now = self._now()
        with self._uow() as uow:
            if user_id is None:
                self._finish_visit(uow.memory, turn, answer, reply, now)
                if now - self._swept >= SWEEP_EVERY:
                    # Visitor conversations long finished are swept away now and then.
                    self._swept = now
                    uow.memory.forget_idle_visitors(now - VISITOR_SESSION_IDLE)
            else:
                self._remember(uow.memory, user_id, turn, answer, reply, now)
            uow.commit()

    def _finish_visit(
        self, memory: MemoryRepository, turn: Turn, answer: str, reply: Reply | None, now: datetime
    ) -> None:
        said = [*turn.history, ("user", turn.message)]
        if answer:
            said.append(("assistant", answer))
        state = dict(reply.state) if reply is not None else dict(turn.state)
        keep = said[-self._history :] if self._history else []
        _store_session(memory, turn, ChatSession(turn.session_id, None, now, now, state, keep))

    def _remember(
        self,
        memory: MemoryRepository,
        user_id: str,
        turn: Turn,
        answer: str,
        reply: Reply | None,
        now: datetime,
    ) -> None:
        state = dict(reply.state) if reply is not None else dict(turn.state)
        _store_session(memory, turn, ChatSession(turn.session_id, user_id, now, now, state))
        memory.add_event(MemoryEvent(user_id, turn.session_id, "user", turn.message, now))
        if answer:
            memory.add_event(MemoryEvent(user_id, turn.session_id, "assistant", answer, now))
        if reply is not None:
            for fact in reply.learned:
                memory.put_fact(
                    MemoryFact(
                        user_id,
                        fact.key[:_MAX_KEY],
                        fact.value,
                        now,
                        now,
                        source=fact.source[:_MAX_SOURCE],
                        session_id=turn.session_id,
                    )
                )
        previous = (
            None
            if turn.new_session  # a new session has no summary yet
            else next((s.summary for s in memory.summaries(user_id, turn.session_id)), None)
        )
        line = summary_line(turn.message, reply.summary_hint if reply else None)
        memory.put_summary(
            SessionSummary(user_id, turn.session_id, extend_summary(previous, line), now)
        )


def _store_session(memory: MemoryRepository, turn: Turn, session: ChatSession) -> None:
    if turn.new_session:
        memory.add_session(session)  # one insert, no update to try first
    else:
        memory.save_session(session)


def _own_session(
    found: ChatSession | None, session_id: str, user_id: str | None, now: datetime
) -> ChatSession:
    expired = (
        found is not None
        and found.user_id is None
        and found.updated_at < now - VISITOR_SESSION_IDLE
    )
    if found is None or found.user_id != user_id or expired:
        raise NotFound(
            f"there is no conversation {session_id} of yours; leave session_id out to start "
            "a new one"
        )
    return found


def _new_id() -> str:
    return IDS.uuid4()
