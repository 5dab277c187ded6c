"""Graceful degradation: the language model answers, unless it fails or is slow, and then
the built-in sommelier does.

The model's answer runs in a thread of its own, so waiting for it can stop at a deadline:
no first event within `first_token_seconds`, or a pause longer than `idle_seconds` later
on, counts as a failure just like an error from the provider. Before the model has said
anything the built-in sommelier answers instead; mid-answer it answers in full after what
was already said. Either way a Notice says so, and the user never sees an error for it.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Generator
from dataclasses import dataclass

from sakesensei.agent.conversation import (
    Event,
    Notice,
    Reply,
    Response,
    Sommelier,
    Token,
    Turn,
)
from sakesensei.agent.model.loop import language_of
from sakesensei.domain.errors import ProviderUnavailable
from sakesensei.services.telemetry import TELEMETRY

log = logging.getLogger("sakesensei.agent.fallback")

_NOTICES = {
    ("slow", "en"): "The language model was slow to answer, so the built-in sommelier "
    "answers instead.",
    ("slow", "ja"): "言語モデルの応答が遅いため、内蔵のソムリエがお答えします。",
    ("failed", "en"): "The language model is not available right now, so the built-in "
    "sommelier answers instead.",
    ("failed", "ja"): "言語モデルが現在利用できないため、内蔵のソムリエがお答えします。",
    ("stopped", "en"): "The language model stopped mid-answer, so the built-in sommelier "
    "answers instead.",
    ("stopped", "ja"): "言語モデルの回答が途中で止まったため、内蔵のソムリエがお答えします。",
}


@dataclass(frozen=True, slots=True)
class _Item:
    event: Event | None = None
    reply: Reply | None = None
    error: BaseException | None = None


class _Pump:
    """Iterates a Response in a thread of its own and hands its events over a queue."""

    def __init__(self, response: Response) -> None:
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._stop = threading.Event()
        threading.Thread(
            target=self._run, args=(response,), name="sommelier-model", daemon=True
        ).start()

    def _run(self, response: Response) -> None:
        try:
            for event in response:
                if self._stop.is_set():
                    response.close()
                    return
                self._queue.put(_Item(event=event))
            self._queue.put(_Item(reply=response.reply))
        except Exception as exc:
            self._queue.put(_Item(error=exc))

    def next(self, timeout: float) -> _Item | None:
        """The next item, or None if none came within `timeout` seconds."""
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def stop(self) -> None:
        """Let go of the answer: the thread ends it at its next event (or failure)."""
        self._stop.set()


class FallbackSommelier:
    """The primary sommelier (a language model), and the built-in one should it fail."""

    def __init__(
        self,
        primary: Sommelier,
        fallback: Sommelier,
        *,
        provider: str,
        first_token_seconds: float = 2.0,
        idle_seconds: float = 30.0,
    ) -> None:
        self._primary = primary
        self._fallback = fallback
        self._provider = provider
        self._first = first_token_seconds
        self._idle = idle_seconds

    def respond(self, turn: Turn) -> Response:
        return Response(self._answer(turn))

    def _answer(self, turn: Turn) -> Generator[Event, None, Reply]:
        pump = _Pump(self._primary.respond(turn))
        began = spoke = False
        try:
            while True:
                item = pump.next(self._idle if began else self._first)
                if item is None:
                    kind = "stopped" if began else "slow"
                    waited = self._idle if began else self._first
                    log.warning("%s: no answer within %.1f s; falling back", self._provider, waited)
                    TELEMETRY.llm_error(self._provider, "timeout")
                    break
                if item.event is not None:
                    began = True
                    spoke = spoke or isinstance(item.event, Token)
                    yield item.event
                    continue
                if item.reply is not None:
                    return item.reply
                kind = "stopped" if began else "failed"
                self._log_failure(item.error)
                break
        finally:
            pump.stop()
        yield Notice(_NOTICES[(kind, language_of(turn))])
        if spoke:
            yield Token("\n\n")
        fallback = self._fallback.respond(turn)
        yield from fallback
        return fallback.reply

    def _log_failure(self, error: BaseException | None) -> None:
        if isinstance(error, ProviderUnavailable):
            log.warning("%s; falling back to the built-in sommelier", error)
            TELEMETRY.llm_error(self._provider, "unavailable")
        else:
            # Not the provider's doing: our own loop broke, and the traceback says where.
            log.error("the model sommelier failed; falling back", exc_info=error)
            TELEMETRY.llm_error(self._provider, "internal")
