"""Run a blocking call (a database read, a Redis round trip) off the event loop."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

T = TypeVar("T")

# The protections get threads of their own: sharing the pool that sync routes use would make
# every request wait behind the slowest routes just to be counted. A limiter belongs to one
# event loop, and a process may run several (tests run many servers), hence one per loop.
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)
THREADS = 64


async def run_blocking(func: Callable[[], T]) -> T:
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = CapacityLimiter(THREADS)
    return await anyio.to_thread.run_sync(func, limiter=limiter)
