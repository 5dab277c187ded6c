"""The sommelier's answer as server-sent events, and the rate limit on asking.

The answer is made in a thread of its own (the sommelier, its tools and the database are
blocking code) and handed to the event loop one event at a time, so each token goes out
as soon as it is known. The same thread stores what the turn leaves behind before the
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
    Sommelier,
    Token,
    ToolCall,
    Turn,
)
from sakesensei.domain.errors import RateLimited, SakeSenseiError
from sakesensei.entrypoints.api.middleware.offload import run_blocking
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
    """The answer to one turn, made in a thread and read from the event loop."""

    def __init__(self, run: Callable[[Turn, _Answer], None], turn: Turn) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[Event | _End] = asyncio.Queue()
        self.cancelled = threading.Event()
        self._thread = threading.Thread(
            target=run, args=(turn, self), name="sommelier-answer", daemon=True
        )
        self._thread.start()

    def push(self, item: Event | _End) -> None:
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)
        except RuntimeError:  # the server's loop is gone: nobody is listening
            self.cancelled.set()

    async def waiting(self) -> list[Event | _End]:
        """The next item (waiting for it), and every other one already there."""
        items = [await self._queue.get()]
        while not self._queue.empty():
            items.append(self._queue.get_nowait())
        return items


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
    ) -> None:
        self.conversations = conversations
        self.sommelier = sommelier
        self._limiter = limiter
        self._limit = limit
        self._window = window_seconds

    async def admit(self, subject: str) -> None:
        """Count one message of `subject` (a user or a visitor's address); RateLimited when
        over the limit. A limiter that cannot count lets the message through."""
        if self._limit <= 0:
            return
        try:
            wait = await run_blocking(
                lambda: self._limiter.hit(f"chat:{subject}", self._limit, self._window)
            )
        except SakeSenseiError as exc:
            log.warning("chat rate limit not applied: %s", exc)
            return
        if wait:
            raise RateLimited(
                f"too many chat messages (limit {self._limit} per {self._window} s); "
                f"retry in {wait} s",
                wait,
            )

    async def events(self, turn: Turn, started: float) -> AsyncIterator[str]:
        """The answer's events as SSE frames, ending with `done` (or `error`).

        Events that are already waiting go out in one write: a burst of tokens costs one
        send, not one each, while a lone token still leaves at once.
        """
        answer = _Answer(self._run, turn)
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

    def _run(self, turn: Turn, answer: _Answer) -> None:
        said: list[str] = []
        reply: Reply | None = None
        failed = False
        response = self.sommelier.respond(turn)
        try:
            for event in response:
                if answer.cancelled.is_set():
                    response.close()
                    break
                if isinstance(event, Token):
                    said.append(event.text)
                answer.push(event)
            else:
                reply = response.reply
        except Exception:
            log.exception("the sommelier failed")
            failed = True
        try:
            self.conversations.finish(turn, "".join(said), reply)
        except Exception:
            # The user has their answer; only its memory is lost, and the log says why.
            log.exception("could not store the chat turn")
        answer.push(_End(failed))
