"""The cache as an aid (ita_portal.lib.caching): a cache that is down is carried on without,
and redis-py is not imported at start for it (about a second of every process start, issue 23)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from ita_portal.lib.caching import cache_count, cache_get, cache_set
from tests.start_up import loaded_at_start


@pytest.mark.parametrize(
    "error",
    [RedisConnectionError("connection refused"), RedisTimeoutError("timed out")],
)
def test_a_redis_cache_that_is_down_is_read_and_written_without(monkeypatch, caplog, error):
    def down(*args, **kwargs):
        raise error

    for method in ("get", "set", "add", "incr"):
        monkeypatch.setattr(cache, method, down)

    assert cache_get("page") is None
    cache_set("page", "html", timeout=60)
    assert cache_count("hits", timeout=60) is None
    assert caplog.text.count("cache unavailable") == 3


def test_a_file_cache_whose_folder_cannot_be_written_is_carried_on_without(monkeypatch):
    def read_only(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(cache, "get", read_only)
    assert cache_get("page") is None


def test_any_other_error_of_the_cache_is_not_hidden(monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a bug, not a cache that is down")

    monkeypatch.setattr(cache, "get", broken)
    with pytest.raises(KeyError):
        cache_get("page")


def test_start_up_does_not_import_redis():
    assert not loaded_at_start(
        "redis",
        imports="ita_portal.lib.caching, ita_portal.lib.public_cache, ita_portal.lib.throttling",
    )
