"""The local Redis for tests: its URL, or a skip (a failure in CI) when it does not answer."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis

from tests.support.databases import in_ci

REDIS_URL = os.environ.get("SAKESENSEI_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_or_skip() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        message = f"Redis is not reachable at {REDIS_URL}: {exc}"
        if in_ci():
            pytest.fail(message + " (CI=true: a missing Redis is a failure)")
        pytest.skip(message)
    return REDIS_URL


@contextmanager
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own, its keys deleted afterwards."""
    prefix = f"sakesensei-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()
