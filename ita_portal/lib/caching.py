"""The cache as an aid, never a dependency: what a cache that is down raises, and reads and
writes that carry on without it (the page is computed again, the API is not throttled)."""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)


def cache_errors() -> tuple[type[Exception], ...]:
    """What a cache that is down raises, for an `except` clause (evaluated only when something
    was raised): Redis refused, timed out or broke the connection; the file cache's folder
    cannot be made or written (OSError: PermissionError, NotADirectoryError, a read-only file
    system).

    redis-py is not imported for this (about a second of every process start here, paid by
    commands and workers that never touch the cache): a RedisError can only have been raised
    once Django's Redis cache has imported it, and then it is in sys.modules.
    """
    redis_exceptions = sys.modules.get("redis.exceptions")
    if redis_exceptions is None:
        return (OSError,)
    return (redis_exceptions.RedisError, OSError)


def counter_errors() -> tuple[type[Exception], ...]:
    """cache_errors() and incr's ValueError: the counter expired between add() and incr()."""
    return (*cache_errors(), ValueError)


def cache_get(key: str) -> Any:
    """The cached value, or None when there is none or the cache is down (logged)."""
    try:
        return cache.get(key)
    except cache_errors() as exc:
        logger.warning("cache unavailable, reading %s without it: %r", key, exc)
        return None


def cache_set(key: str, value: Any, *, timeout: int) -> None:
    """Keep the value when the cache answers; carry on without it when it does not (logged)."""
    try:
        cache.set(key, value, timeout=timeout)
    except cache_errors() as exc:
        logger.warning("cache unavailable, %s not kept: %r", key, exc)


def cache_count(key: str, *, timeout: int) -> int | None:
    """Add one to a shared counter and return it; None when the cache is down (logged), so a
    rate limit built on it lets the action through rather than answering 500."""
    try:
        cache.add(key, 0, timeout=timeout)
        return int(cache.incr(key))
    except counter_errors() as exc:
        logger.warning("cache unavailable, %s not counted: %r", key, exc)
        return None
