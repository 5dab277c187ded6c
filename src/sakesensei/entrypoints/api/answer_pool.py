"""A few threads that write the built-in sommelier's answers, new questions first.

The built-in sommelier is CPU work, and a process has one interpreter lock: a hundred
answers made side by side in a hundred threads all finish late, each slowed by the
others. Here a few threads take the answers one step at a time. Once an answer has said
its first words (what the sommelier understood), each of its events (a token, a tool
call) is a point where, if a new question is waiting, the thread puts it back in line
and starts the new one: every asker hears the first words of their answer before
anyone's answer is written out in full. Answers already begun are then finished in the
order they came.

A language model's answer waits on the network between tokens, so it gets a thread of
its own instead (see chat_stream).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger("sakesensei.api.chat")

IDLE_SECONDS = 30.0
# Questions closer together than this are one burst; answers already begun wait at most
# MAX_HOLD for a burst to pass before they go on (each time they are picked up).
BURST_GAP = 0.004
MAX_HOLD = 0.05


class Job(Protocol):
    def step(self, hurry: Callable[[], bool]) -> bool:
        """Go on with the answer until it ends (True) or, after an event, until `hurry()`
        says a new question is waiting (False: call again to go on)."""
        ...

    def abandon(self) -> None:
        """End the answer as failed (its step raised)."""
        ...


class AnswerPool:
    """Shared by every chat of one application; threads start when needed and leave when
    idle, so an application that is not chatting holds none."""

    def __init__(self, threads: int = 2) -> None:
        if threads < 1:
            raise ValueError("an answer pool needs at least one thread")
        self._size = threads
        self._cond = threading.Condition()
        self._new: deque[tuple[int, Job]] = deque()
        self._begun: list[tuple[int, Job]] = []  # a heap: the earliest question first
        self._order = itertools.count()
        self._workers = 0
        self._idle = 0
        self._last_submit = 0.0

    def submit(self, job: Job) -> None:
        with self._cond:
            self._new.append((next(self._order), job))
            self._last_submit = time.monotonic()
            self._cond.notify()
            if not self._idle and self._workers < self._size:
                self._workers += 1
                threading.Thread(target=self._work, name="sommelier-pool", daemon=True).start()

    def _hurry(self) -> bool:
        return bool(self._new)  # read without the lock: a stale answer costs one step

    def _next(self) -> tuple[int, Job] | None:
        with self._cond:
            held = 0.0
            while True:
                if self._new:
                    return self._new.popleft()
                if self._begun:
                    # In a burst the event loop is still reading the next questions: let it
                    # have the interpreter for a moment rather than go on with old answers.
                    since = time.monotonic() - self._last_submit
                    if since < BURST_GAP and held < MAX_HOLD:
                        self._cond.wait(BURST_GAP - since)
                        held += BURST_GAP - since
                        continue
                    return heapq.heappop(self._begun)
                self._idle += 1
                woken = self._cond.wait(IDLE_SECONDS)
                self._idle -= 1
                if not woken and not self._new and not self._begun:
                    self._workers -= 1
                    return None

    def _work(self) -> None:
        while (item := self._next()) is not None:
            order, job = item
            try:
                finished = job.step(self._hurry)
            except Exception:
                log.exception("an answer failed in the answer pool")
                job.abandon()
                finished = True
            if not finished:
                with self._cond:
                    heapq.heappush(self._begun, (order, job))
                    if self._idle:
                        self._cond.notify()
