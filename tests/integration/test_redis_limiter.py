"""The Redis rate limiter against a real Redis: shared counts, windows, atomicity, failures."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from sakesensei.adapters.cache.redis_limiter import RedisRateLimiter
from sakesensei.domain.errors import ConfigurationError, StorageUnavailable
from tests.support.redis_server import redis_or_skip, redis_prefix


@pytest.fixture
def make_limiter() -> Iterator[tuple[str, str]]:
    url = redis_or_skip()
    with redis_prefix() as prefix:
        yield url, prefix


def test_two_limiters_share_one_count(make_limiter: tuple[str, str]) -> None:
    url, prefix = make_limiter
    a = RedisRateLimiter.from_url(url, prefix)
    b = RedisRateLimiter.from_url(url, prefix)
    assert [a.hit("all:198.51.100.1", 4, 60), b.hit("all:198.51.100.1", 4, 60)] == [0, 0]
    assert [a.hit("all:198.51.100.1", 4, 60), b.hit("all:198.51.100.1", 4, 60)] == [0, 0]
    wait = a.hit("all:198.51.100.1", 4, 60)
    assert 59 <= wait <= 60
    assert b.hit("all:198.51.100.2", 4, 60) == 0  # another address counts on its own


def test_the_window_expires_in_redis(make_limiter: tuple[str, str]) -> None:
    url, prefix = make_limiter
    limiter = RedisRateLimiter.from_url(url, prefix)
    assert limiter.hit("k", 1, 1) == 0
    assert limiter.hit("k", 1, 1) == 1
    time.sleep(1.1)
    assert limiter.hit("k", 1, 1) == 0


def test_counting_is_atomic_under_concurrency(make_limiter: tuple[str, str]) -> None:
    url, prefix = make_limiter
    limiter = RedisRateLimiter.from_url(url, prefix)
    with ThreadPoolExecutor(16) as pool:
        waits = list(pool.map(lambda _: limiter.hit("burst", 50, 60), range(200)))
    assert waits.count(0) == 50


def test_a_key_without_expiry_gets_one(make_limiter: tuple[str, str]) -> None:
    url, prefix = make_limiter
    client = redis.Redis.from_url(url)
    client.set(f"{prefix}:ratelimit:stuck", 100)  # as if set by hand, with no TTL
    assert RedisRateLimiter.from_url(url, prefix).hit("stuck", 5, 30) == 30
    assert 0 < client.pttl(f"{prefix}:ratelimit:stuck") <= 30_000


def test_an_unreachable_redis_is_storage_unavailable() -> None:
    limiter = RedisRateLimiter.from_url("redis://127.0.0.1:1/0", "x")
    with pytest.raises(StorageUnavailable, match="cannot reach Redis"):
        limiter.hit("k", 1, 1)


def test_a_bad_url_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="SAKESENSEI_REDIS_URL"):
        RedisRateLimiter.from_url("http://127.0.0.1:6379", "x")
