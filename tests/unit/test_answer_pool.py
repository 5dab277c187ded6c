"""The answer pool: new questions are heard before begun answers go on, begun answers
finish in the order they came, a failing answer is ended and the pool goes on, and idle
threads leave."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from sakesensei.entrypoints.api import answer_pool
from sakesensei.entrypoints.api.answer_pool import AnswerPool


class Script:
    """An answer of `steps` steps; each step notes (name, step number) in `log`."""

    def __init__(
        self,
        name: str,
        steps: int,
        log: list[tuple[str, int]],
        gate: threading.Event | None = None,
        fail_at: int | None = None,
    ) -> None:
        self.name = name
        self.steps = steps
        self.log = log
        self.gate = gate
        self.fail_at = fail_at
        self.done = threading.Event()
        self.abandoned = False
        self._step = 0

    def step(self, hurry: Callable[[], bool]) -> bool:
        if self.gate is not None:
            self.gate.wait(5)
            self.gate = None
        self._step += 1
        self.log.append((self.name, self._step))
        if self._step == self.fail_at:
            raise RuntimeError("this answer breaks")
        finished = self._step >= self.steps
        if finished:
            self.done.set()
            return True
        while not hurry():
            self._step += 1
            self.log.append((self.name, self._step))
            if self._step >= self.steps:
                self.done.set()
                return True
        return False

    def abandon(self) -> None:
        self.abandoned = True
        self.done.set()


def _wait(*jobs: Script) -> None:
    for job in jobs:
        assert job.done.wait(5), f"{job.name} did not finish"


def test_new_questions_go_before_answers_already_begun() -> None:
    pool = AnswerPool(threads=1)
    log: list[tuple[str, int]] = []
    gate = threading.Event()
    first = Script("a", 3, log, gate=gate)
    pool.submit(first)
    time.sleep(0.05)  # the thread holds `a` at its gate
    second, third = Script("b", 3, log), Script("c", 3, log)
    pool.submit(second)
    pool.submit(third)
    gate.set()
    _wait(first, second, third)
    firsts = [log.index((name, 1)) for name in "abc"]
    # Every answer said its first step before any answer took its last.
    assert max(firsts) < min(log.index((name, 3)) for name in "abc")
    # `c`, with nobody waiting behind it, went on to its end; the answers put back in
    # line went on in the order their questions came.
    assert log.index(("c", 3)) < log.index(("a", 2)) < log.index(("b", 2))


def test_a_failing_answer_is_ended_and_the_pool_goes_on() -> None:
    pool = AnswerPool(threads=1)
    log: list[tuple[str, int]] = []
    broken, fine = Script("x", 3, log, fail_at=1), Script("y", 2, log)
    pool.submit(broken)
    pool.submit(fine)
    _wait(broken, fine)
    assert broken.abandoned and not fine.abandoned
    assert ("y", 2) in log


def test_idle_threads_leave_and_come_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answer_pool, "IDLE_SECONDS", 0.05)
    pool = AnswerPool(threads=2)
    log: list[tuple[str, int]] = []
    job = Script("a", 1, log)
    pool.submit(job)
    _wait(job)
    deadline = time.monotonic() + 5
    while pool._workers and time.monotonic() < deadline:
        time.sleep(0.02)
    assert pool._workers == 0
    again = Script("b", 1, log)
    pool.submit(again)
    _wait(again)
    assert log == [("a", 1), ("b", 1)]


def test_a_pool_needs_a_thread() -> None:
    with pytest.raises(ValueError):
        AnswerPool(threads=0)
