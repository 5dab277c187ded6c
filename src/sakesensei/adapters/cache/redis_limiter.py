"""A rate limiter shared by every replica through Redis."""

from __future__ import annotations

import math
from typing import Any

import redis

from sakesensei.domain.errors import ConfigurationError, StorageUnavailable

# One round trip, atomic on the server: count the hit, start the window on the first one,
# and report the time left. Redis's own clock times the window, so replicas whose clocks
# disagree still share one window. A key left without an expiry (it cannot happen inside
# one script, but an operator might SET one by hand) gets one rather than living forever.
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""


class RedisRateLimiter:
    """Fixed windows that start at a key's first hit, counted in Redis under `prefix`."""

    blocking = True  # a round trip to Redis

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._client = client
        self._prefix = prefix
        self._script: Any = client.register_script(_HIT)

    @classmethod
    def from_url(cls, url: str, prefix: str) -> RedisRateLimiter:
        # Short timeouts: a slow Redis must not hold requests; the caller decides what to do.
        try:
            client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        except ValueError as exc:
            raise ConfigurationError(f"SAKESENSEI_REDIS_URL is not usable: {exc}") from None
        return cls(client, prefix)

    def hit(self, key: str, limit: int, window_seconds: int) -> int:
        try:
            count, ttl_ms = self._script(
                keys=[f"{self._prefix}:ratelimit:{key}"], args=[window_seconds * 1000]
            )
        except redis.RedisError as exc:
            raise StorageUnavailable(f"the rate limiter cannot reach Redis: {exc}") from exc
        if int(count) <= limit:
            return 0
        return max(1, math.ceil(int(ttl_ms) / 1000))

    def close(self) -> None:
        self._client.close()
