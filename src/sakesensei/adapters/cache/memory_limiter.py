"""A rate limiter inside one process: the embedded default, when there is no Redis."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

# Sweep expired windows every this many hits, so memory follows the active clients,
# not every address ever seen.
_SWEEP_EVERY = 4096


class MemoryRateLimiter:
    """Fixed windows that start at a key's first hit, the same rule as RedisRateLimiter."""

    blocking = False  # a dict and a lock: called in place on the event loop

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[int, float]] = {}  # key -> (count, window end)
        self._lock = threading.Lock()
        self._hits = 0

    def hit(self, key: str, limit: int, window_seconds: int) -> int:
        now = self._clock()
        with self._lock:
            self._hits += 1
            if self._hits % _SWEEP_EVERY == 0:
                self._sweep(now)
            count, ends = self._windows.get(key, (0, 0.0))
            if ends <= now:
                count, ends = 0, now + window_seconds
            count += 1
            self._windows[key] = (count, ends)
        if count <= limit:
            return 0
        return max(1, math.ceil(ends - now))

    def _sweep(self, now: float) -> None:
        self._windows = {k: v for k, v in self._windows.items() if v[1] > now}

    def __len__(self) -> int:
        return len(self._windows)
