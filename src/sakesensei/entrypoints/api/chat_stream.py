"""The sommelier's answer as server-sent events, and the rate limit on asking.

The answer is made on a worker thread (the sommelier, its tools and the database are
blocking code): the built-in sommelier's in a small pool that serves new questions
first (answer_pool), a language model's on a thread of its own. Its events are handed
to the event loop as they come, so each token goes out as soon as it is known. The same
thread stores what the turn leaves behind before the
final `done`, so the next message of the session already sees this one. A client that
goes away stops the answer at its next event; what was said by then is still kept.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from sakesensei.agent.chat.sessions import Conversations
from sakesensei.agent.conversation import (
    Cards,
    Event,
    Notice,
    Reply,
    Response,
    Sommelier,
    Token,
    ToolCall,
    Turn,
)
from sakesensei.domain.errors import RateLimited, SakeSenseiError
from sakesensei.entrypoints.api.answer_pool import AnswerPool
from sakesensei.ports import RateLimiter
from sakesensei.services.telemetry import TELEMETRY

log = logging.getLogger("sakesensei.api.chat")

FAILED = "the sommelier could not finish this answer on our side; please try again"


def sse(name: str, data: dict[str, Any]) -> str:
    """One event: its name and its data as one line of JSON."""
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"


def event_frame(event: Event) -> str | None:
    if isinstance(event, Token):
        return sse("token", {"text": event.text}) if event.text else None
    if isinstance(event, ToolCall):
        return sse(
            "tool", {"name": event.name, "arguments": event.arguments, "status": event.status}
        )
    if isinstance(event, Cards):
        return sse("cards", {"sake_ids": list(event.sake_ids)})
    if isinstance(event, Notice):
        return sse("notice", {"message": event.message})
    return None


@dataclass(frozen=True, slots=True)
class _End:
    failed: bool


class _Answer:
    """The answer to one turn: made by a thread (the pool's or its own), read by the loop.

    The thread first opens the turn (`open`: the token's user, the rate limit, the
    session's reads), so a message costs no other trip to a thread, and a burst of them
    is opened in the order it came instead of by many threads taking turns at the
    interpreter lock. The route awaits `opened` to answer with an error status, or to
    start the stream.

    The thread appends to a list and wakes the loop only when the list was empty: a
    sommelier that says a sentence at once costs one wake-up, not one per token, and a
    lone token still wakes the loop at once. With `batch` (the pool's answers, which
    only compute) the events after the first token are handed over when the step ends,
    all at once: one wake-up and one write for the rest of the answer instead of dozens.
    """

    def __init__(
        self,
        open_turn: Callable[[], Turn],
        sommelier: Sommelier,
        conversations: Conversations,
        *,
        batch: bool = False,
    ) -> None:
        self._loop = asyncio.get_running_loop()
        self.opened: asyncio.Future[Turn] = self._loop.create_future()
        self._open = open_turn
        self._turn: Turn | None = None
        self._ready = asyncio.Event()
        self._lock = threading.Lock()
        self._items: list[Event | _End] = []
        self.cancelled = threading.Event()
        self._sommelier = sommelier
        self._conversations = conversations
        self._response: Response | None = None
        self._said: list[str] = []
        self._batch = batch
        self._held: list[Event] = []
        self._said_all = False

    def push(self, *items: Event | _End) -> None:
        with self._lock:
            woken = bool(self._items)  # the loop has a wake-up on its way and takes these too
            self._items.extend(items)
            if woken:
                return
        try:
            self._loop.call_soon_threadsafe(self._ready.set)
        except RuntimeError:  # the server's loop is gone: nobody is listening
            self.cancelled.set()

    async def waiting(self) -> list[Event | _End]:
        """Every item there is, waiting for the first one."""
        while True:
            await self._ready.wait()
            self._ready.clear()
            with self._lock:
                items, self._items = self._items, []
            if items:
                return items

    # The making side (answer_pool.Job), on a worker thread.

    def run(self) -> None:
        """The whole answer at once, on a thread of its own."""
        while not self.step(lambda: False):
            pass

    def step(self, hurry: Callable[[], bool]) -> bool:
        if self._turn is None:
            try:
                self._turn = self._open()
            except Exception as exc:  # a refusal (401, 429, 404...) or a failure, for the route
                error = exc
                self._settle(lambda: self.opened.set_exception(error))
                return True
            turn = self._turn
            self._settle(lambda: self.opened.set_result(turn))
        if self._said_all:  # only storing the turn is left; it waited for new questions
            self._end(self._response.reply if self._response else None, failed=False)
            return True
        if self._response is None and self.cancelled.is_set():
            self._end(None, failed=False)  # the asker left before the answer began
            return True
        try:
            if self._response is None:
                self._response = self._sommelier.respond(self._turn)
            response = self._response
            for event in response:
                if self.cancelled.is_set():
                    response.close()
                    self._end(None, failed=False)
                    return True
                first = isinstance(event, Token) and not self._said
                if isinstance(event, Token):
                    self._said.append(event.text)
                self._held.append(event)
                if first or not self._batch:
                    self._hand_over()
                if self._said and hurry():
                    self._hand_over()
                    return False  # heard already: new questions go first
        except Exception:
            log.exception("the sommelier failed")
            self._hand_over()
            self._end(None, failed=True)
            return True
        self._hand_over()
        if hurry():
            # Everything is said; storing it (and the `done` after it) can wait for the
            # first words of the questions that came meanwhile.
            self._said_all = True
            return False
        self._end(response.reply, failed=False)
        return True

    def _settle(self, outcome: Callable[[], object]) -> None:
        def settle() -> None:
            if not self.opened.done():  # the route may have been cancelled meanwhile
                outcome()

        try:
            self._loop.call_soon_threadsafe(settle)
        except RuntimeError:  # the server's loop is gone
            self.cancelled.set()

    def _hand_over(self) -> None:
        if self._held:
            self.push(*self._held)
            self._held = []

    def abandon(self) -> None:
        if self._turn is None:
            self._settle(lambda: self.opened.set_exception(RuntimeError("the turn did not open")))
            return
        self._end(None, failed=True)

    def _end(self, reply: Reply | None, *, failed: bool) -> None:
        assert self._turn is not None  # only an opened turn has an end
        try:
            self._conversations.finish(self._turn, "".join(self._said), reply)
        except Exception:
            # The user has their answer; only its memory is lost, and the log says why.
            log.exception("could not store the chat turn")
        self.push(_End(failed))


class ChatStreams:
    """Admits chat messages and streams their answers; one per application."""

    def __init__(
        self,
        conversations: Conversations,
        sommelier: Sommelier,
        limiter: RateLimiter,
        *,
        limit: int,
        window_seconds: int,
        pool: AnswerPool | None = None,
    ) -> None:
        self.conversations = conversations
        self.sommelier = sommelier
        # None: each answer gets a thread of its own (a language model waits on the network).
        self._pool = pool
        self._limiter = limiter
        self._limit = limit
        self._window = window_seconds

    def warm_up(self) -> None:
        """Make the built-in sommelier ready (its lexicon of the catalog, the Japanese
        tokenizer) before the first question; a language model needs nothing."""
        warm_up = getattr(self.sommelier, "warm_up", None)
        if callable(warm_up):
            warm_up(self.conversations.tools)

    def admit(self, subject: str) -> None:
        """Count one message of `subject` (a user or a visitor's address); RateLimited when
        over the limit. A limiter that cannot count lets the message through."""
        if self._limit <= 0:
            return
        try:
            wait = self._limiter.hit(f"chat:{subject}", self._limit, self._window)
        except SakeSenseiError as exc:
            log.warning("chat rate limit not applied: %s", exc)
            return
        if wait:
            raise RateLimited(
                f"too many chat messages (limit {self._limit} per {self._window} s); "
                f"retry in {wait} s",
                wait,
            )

    async def start(self, open_turn: Callable[[], Turn]) -> tuple[_Answer, Turn]:
        """Begin an answer: its thread opens the turn with `open_turn` (blocking: reads the
        database), then goes on to answer. What `open_turn` raises is raised here."""
        answer = _Answer(
            open_turn, self.sommelier, self.conversations, batch=self._pool is not None
        )
        if self._pool is not None:
            self._pool.submit(answer)
        else:
            threading.Thread(target=answer.run, name="sommelier-answer", daemon=True).start()
        try:
            return answer, await answer.opened
        except BaseException:
            answer.cancelled.set()  # a refusal, or the asker went away while it opened
            raise

    async def events(self, answer: _Answer, turn: Turn, started: float) -> AsyncIterator[str]:
        """The answer's events as SSE frames, ending with `done` (or `error`).

        Events that are already waiting go out in one write: a burst of tokens costs one
        send, not one each, while a lone token still leaves at once.
        """
        first_token: float | None = None
        end: _End | None = None
        try:
            while end is None:
                frames = []
                for item in await answer.waiting():
                    if isinstance(item, _End):
                        end = item
                        break
                    frame = event_frame(item)
                    if frame is None:
                        continue
                    if first_token is None and isinstance(item, Token):
                        first_token = time.perf_counter()
                        TELEMETRY.first_token(first_token - started)
                    frames.append(frame)
                if end is not None:
                    frames.append(self._last_frame(end, turn, started, first_token))
                if frames:
                    yield "".join(frames)
        finally:
            answer.cancelled.set()

    @staticmethod
    def _last_frame(end: _End, turn: Turn, started: float, first_token: float | None) -> str:
        if end.failed:
            return sse("error", {"message": FAILED})
        ttft = None if first_token is None else round((first_token - started) * 1000, 1)
        return sse(
            "done",
            {
                "latency_ms": round((time.perf_counter() - started) * 1000, 1),
                "ttft_ms": ttft,
                "session_id": turn.session_id,
            },
        )
