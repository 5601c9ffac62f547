"""/healthz/: is this instance able to serve? For load balancers and monitoring; no login.

Checks the database, the cache, the Celery broker and that a worker consumes this
installation's queue (both when a broker is configured; tasks run inline otherwise), and that
the media storage takes a write. 200 when every part answers, else 503 naming the parts that
failed. Each part is checked in its own thread and the answer comes within
HEALTHZ_TIMEOUT_SECONDS whatever hangs: a part still busy then is "error: timeout".
The answer names the kind of error only; the details go to the log (the page is public).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from celery import Celery
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
SKIPPED = "skipped"
TIMED_OUT = "error: timeout"
# Connecting to the broker and each command on it (the probes only: the broker settings of the
# application are CELERY_* settings).
BROKER_TIMEOUT_SECONDS = 2.0
# How long the worker check listens for replies after the last one (a live worker answers in
# milliseconds; every worker sharing the broker answers, so the wait is not cut short).
WORKER_REPLY_SECONDS = 1.0
PROBE_FOLDER = "healthz"
ERROR_UNKNOWN_PART = "ไม่มีส่วนที่ชื่อ {names} ใน /healthz/: ข้ามได้เฉพาะ {parts} / unknown part {names}"


class NoWorkerForQueue(RuntimeError):
    """No worker answered that consumes this installation's queue."""


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


@contextmanager
def broker_probe() -> Iterator[Celery]:
    """A Celery app configured as the workers are (CELERY_* settings), with short timeouts."""
    probe = Celery("ita_portal-healthz", set_as_current=False)
    probe.config_from_object("django.conf:settings", namespace="CELERY")
    probe.conf.broker_connection_timeout = BROKER_TIMEOUT_SECONDS
    probe.conf.broker_transport_options = {
        **(probe.conf.broker_transport_options or {}),
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    }
    try:
        yield probe
    finally:
        probe.close()


def check_broker() -> bool:
    """Connect to the Celery broker; False when none is configured (tasks run inline)."""
    if not settings.CELERY_BROKER_URL:
        return False
    with broker_probe() as probe, probe.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
    return True


def check_worker() -> bool:
    """A worker consumes CELERY_TASK_DEFAULT_QUEUE; False when no broker is configured.

    Asked over the broker (the workers' remote control: active_queues), so the answer is the
    worker's own, now; several installations may share one Redis, hence the queue's name.
    """
    if not settings.CELERY_BROKER_URL:
        return False
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    with broker_probe() as probe, probe.connection_for_write() as broker:
        inspect = probe.control.inspect(timeout=WORKER_REPLY_SECONDS, connection=broker)
        replies = inspect.active_queues() or {}
    if not any(q.get("name") == queue for queues in replies.values() for q in queues or []):
        raise NoWorkerForQueue(f"no worker of queue {queue!r} answered ({len(replies)} did)")
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
    "worker": check_worker,
    "storage": check_storage,
}


def _run_one(name: str, check: Callable[[], object], results: dict[str, str]) -> None:
    """Run one check in its own thread; close the connections the thread opened."""
    try:
        outcome = check()
    except Exception as exc:  # a health check reports every failure, whatever its kind
        logger.error("healthz: %s failed: %r", name, exc)
        results[name] = f"error: {type(exc).__name__}"
    else:
        results[name] = SKIPPED if outcome is False else OK
    finally:
        connections.close_all()  # this thread's own database connection


def run_checks(skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Each part's state: "ok", "skipped" (not configured or asked to skip) or "error: <kind>"."""
    results: dict[str, str] = dict.fromkeys(skip & CHECKS.keys(), SKIPPED)
    threads = [
        threading.Thread(
            target=_run_one, args=(name, check, results), name=f"healthz-{name}", daemon=True
        )
        for name, check in CHECKS.items()
        if name not in skip
    ]
    deadline = time.monotonic() + settings.HEALTHZ_TIMEOUT_SECONDS
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    answered = dict(results)  # a check that answers later changes nothing now
    for name in CHECKS.keys() - answered.keys():
        logger.error(
            "healthz: %s did not answer within %s s", name, settings.HEALTHZ_TIMEOUT_SECONDS
        )
    return {name: answered.get(name, TIMED_OUT) for name in CHECKS}


def parts_to_skip(request: HttpRequest) -> frozenset[str]:
    """`?skip=worker` (comma-separated or repeated): a load balancer asks about this machine only."""
    names = frozenset(
        n.strip() for v in request.GET.getlist("skip") for n in v.split(",") if n.strip()
    )
    unknown = names - CHECKS.keys()
    if unknown:
        raise ValueError(
            ERROR_UNKNOWN_PART.format(names=", ".join(sorted(unknown)), parts=", ".join(CHECKS))
        )
    return names


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        skip = parts_to_skip(request)
    except ValueError as exc:
        return JsonResponse({"status": "error", "error": str(exc)}, status=400)
    checks = run_checks(skip)
    failed = sorted(name for name, state in checks.items() if state not in (OK, SKIPPED))
    return JsonResponse(
        {"status": "fail" if failed else "ok", "failed": failed, "checks": checks},
        status=503 if failed else 200,
    )
