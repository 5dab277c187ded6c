"""The in-process rate limiter: fixed windows from a key's first hit, on a fake clock."""

from __future__ import annotations

from sakesensei.adapters.cache.memory_limiter import MemoryRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_up_to_the_limit_then_says_how_long_to_wait() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(clock)
    assert [limiter.hit("ip:1", 3, 60) for _ in range(3)] == [0, 0, 0]
    assert limiter.hit("ip:1", 3, 60) == 60
    clock.now += 45.5
    assert limiter.hit("ip:1", 3, 60) == 15  # rounded up: never "retry in 0 s"


def test_a_new_window_starts_when_the_old_one_ends() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(clock)
    for _ in range(5):
        limiter.hit("k", 2, 10)
    clock.now += 10
    assert limiter.hit("k", 2, 10) == 0
    assert limiter.hit("k", 2, 10) == 0
    assert limiter.hit("k", 2, 10) == 10


def test_keys_count_on_their_own() -> None:
    limiter = MemoryRateLimiter(Clock())
    assert limiter.hit("all:198.51.100.1", 1, 60) == 0
    assert limiter.hit("all:198.51.100.2", 1, 60) == 0
    assert limiter.hit("auth:198.51.100.1", 1, 60) == 0
    assert limiter.hit("all:198.51.100.1", 1, 60) > 0


def test_expired_windows_are_swept_so_memory_follows_active_clients() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(clock)
    for i in range(5000):
        limiter.hit(f"old:{i}", 10, 1)
    clock.now += 2
    for i in range(5000):
        limiter.hit(f"new:{i % 10}", 10_000, 60)
    assert len(limiter) <= 10 + 4096
