"""/healthz/: is this instance able to serve? For load balancers and monitoring; no login.

Checks the database, the cache, the Celery broker (when one is configured) and that the media
storage takes a write. 200 when every part answers, else 503 naming the parts that failed.
The answer names the kind of error only; the details go to the log (the page is public).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
SKIPPED = "skipped"
BROKER_TIMEOUT_SECONDS = 3
PROBE_FOLDER = "healthz"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("database answered wrongly")


def check_cache() -> None:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("cache did not keep a value")
    finally:
        cache.delete(key)


def check_broker() -> bool:
    """Connect to the Celery broker; False when none is configured (tasks run inline)."""
    if not settings.CELERY_BROKER_URL:
        return False
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
    return True


def check_storage() -> None:
    """Write, read back and delete a small file where uploads and published PDFs go."""
    content = uuid.uuid4().hex.encode()
    name = default_storage.save(f"{PROBE_FOLDER}/{uuid.uuid4().hex}.txt", ContentFile(content))
    try:
        with default_storage.open(name, "rb") as probe:
            if probe.read() != content:
                raise RuntimeError("storage returned other bytes")
    finally:
        default_storage.delete(name)


CHECKS: dict[str, Callable[[], object]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


def run_checks() -> dict[str, str]:
    """Each part's state: "ok", "skipped" (not configured) or "error: <kind of error>"."""
    results = {}
    for name, check in CHECKS.items():
        try:
            outcome = check()
        except Exception as exc:  # a health check reports every failure, whatever its kind
            logger.error("healthz: %s failed: %r", name, exc)
            results[name] = f"error: {type(exc).__name__}"
        else:
            results[name] = SKIPPED if outcome is False else OK
    return results


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    failed = sorted(name for name, state in checks.items() if state not in (OK, SKIPPED))
    return JsonResponse(
        {"status": "fail" if failed else "ok", "failed": failed, "checks": checks},
        status=503 if failed else 200,
    )
