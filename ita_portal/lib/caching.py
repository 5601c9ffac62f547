"""The cache as an aid, never a dependency: what a cache that is down raises, and reads and
writes that carry on without it (the page is computed again, the API is not throttled)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Redis refused, timed out or broke the connection; the file cache's folder cannot be made or
# written (OSError: PermissionError, NotADirectoryError, a read-only file system).
CACHE_ERRORS: tuple[type[Exception], ...] = (RedisError, OSError)


def cache_get(key: str) -> Any:
    """The cached value, or None when there is none or the cache is down (logged)."""
    try:
        return cache.get(key)
    except CACHE_ERRORS as exc:
        logger.warning("cache unavailable, reading %s without it: %r", key, exc)
        return None


def cache_set(key: str, value: Any, *, timeout: int) -> None:
    """Keep the value when the cache answers; carry on without it when it does not (logged)."""
    try:
        cache.set(key, value, timeout=timeout)
    except CACHE_ERRORS as exc:
        logger.warning("cache unavailable, %s not kept: %r", key, exc)
