"""/healthz/: 200 when the database, cache, broker and a worker of this installation's queue
(if a broker is configured) and storage answer; 503 naming the part that failed, within a
deadline even when a dependency accepts and never answers; public, never cached, exempt from
the HTTPS redirect."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from unittest.mock import patch

import pytest
from django.test import Client, override_settings

from ita_portal.backup import media_files
from ita_portal.health import ERROR_UNKNOWN_PART, PROBE_FOLDER
from ita_portal.lib.throttling import THROTTLE_FAILED_OPEN
from tests.hanging import HangingServer, refusing_port, watchdog
from tests.manage_subprocess import CLEARED, ROOT
from tests.storage_s3 import media_environment, s3_storage_config

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_no_broker(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_BROKER_URL = ""


def health(client: Client) -> tuple[int, dict]:
    response = client.get("/healthz/")
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


def test_all_parts_answer_200_without_login(anonymous_client, settings):
    status, body = health(anonymous_client)
    assert status == 200
    assert body == {
        "status": "ok",
        "failed": [],
        "checks": {
            "database": "ok",
            "cache": "ok",
            "broker": "skipped",
            "worker": "skipped",
            "storage": "ok",
        },
    }
    # The storage probe leaves nothing behind.
    assert [n for n in media_files() if n.startswith(f"{PROBE_FOLDER}/")] == []


def test_a_configured_broker_is_checked_and_so_is_its_worker(anonymous_client, settings):
    settings.CELERY_BROKER_URL = "memory://"
    status, body = health(anonymous_client)
    assert status == 503
    assert body["checks"]["broker"] == "ok"
    assert body["failed"] == ["worker"]  # no worker in this process


def test_an_unreachable_broker_is_503(anonymous_client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    status, body = health(anonymous_client)
    assert status == 503
    assert body["status"] == "fail"
    assert body["failed"] == ["broker", "worker"]
    assert body["checks"]["broker"] == "error: OperationalError"
    assert body["checks"]["database"] == "ok"


def test_an_unreachable_cache_is_503(anonymous_client, settings):
    settings.CACHES = redis_cache("redis://127.0.0.1:1/0")
    status, body = health(anonymous_client)
    assert status == 503
    assert body["failed"] == ["cache"]


def test_a_storage_that_takes_no_write_is_503(anonymous_client, settings, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    settings.MEDIA_ROOT = not_a_folder / "media"
    # The file system's failure, whatever storage the run puts media on (TEST_MEDIA_STORAGE).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    status, body = health(anonymous_client)
    assert status == 503
    assert body["failed"] == ["storage"]


def test_a_bucket_that_takes_no_write_is_503(anonymous_client, settings, s3_endpoint):
    missing = f"no-such-bucket-{uuid.uuid4().hex[:12]}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage_config(s3_endpoint, missing, "media"),
    }
    status, body = health(anonymous_client)
    assert status == 503
    assert body["failed"] == ["storage"]


def test_a_load_balancer_may_leave_the_worker_out(anonymous_client, settings):
    # A worker that is down must not take every web machine out of the load balancer.
    settings.CELERY_BROKER_URL = "memory://"
    response = anonymous_client.get("/healthz/?skip=worker")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == "skipped"
    assert response.json()["checks"]["broker"] == "ok"


def test_skipping_a_part_that_does_not_exist_is_refused_in_thai(anonymous_client):
    response = anonymous_client.get("/healthz/?skip=worker,wrker")
    assert response.status_code == 400
    assert response.json()["error"] == ERROR_UNKNOWN_PART.format(
        names="wrker", parts="database, cache, broker, worker, storage"
    )


def test_the_answer_is_never_cached(anonymous_client):
    response = anonymous_client.get("/healthz/")
    assert "no-cache" in response["Cache-Control"]


def test_only_get_and_head(anonymous_client):
    assert anonymous_client.head("/healthz/").status_code == 200
    assert anonymous_client.post("/healthz/").status_code == 405


def test_a_load_balancer_may_probe_over_plain_http():
    with override_settings(SECURE_SSL_REDIRECT=True):
        client = Client()  # SecurityMiddleware reads the setting when the client is built
        assert client.get("/").status_code == 301
        assert client.get("/healthz/").status_code == 200


# --- Dependencies that hang or refuse: the answer comes within the deadline, naming the part ---

# Run in a fresh process with the real settings (as gunicorn would), so the timeouts read from
# the environment are what is tested. The watchdog aborts the request itself (start-up is not
# counted), shorter than any library default (redis-py 8 waits 5 s; libpq for ever).
HEALTHZ_DEADLINE_SECONDS = 2
PROBE = """
import json, signal, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
signal.alarm(WATCHDOG)  # the watchdog: a request still blocked then kills the process
response = Client().get("/healthz/")
signal.alarm(0)
print(json.dumps({"status": response.status_code, "body": response.json()}))
""".replace("WATCHDOG", str(HEALTHZ_DEADLINE_SECONDS * 2))


def health_in_fresh_process(tmp_path, **env: str) -> tuple[int, dict]:
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ |= {
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        **media_environment(tmp_path / "media"),  # the test's storage: a folder, or S3
        "HEALTHZ_TIMEOUT_SECONDS": str(HEALTHZ_DEADLINE_SECONDS),
    } | env
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,  # start-up on a busy machine; the request has its own watchdog above
    )
    # -14 (SIGALRM): the request was still blocked when the watchdog fired.
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    return answer["status"], answer["body"]


def test_a_cache_that_accepts_and_never_answers_is_503_not_a_hang(tmp_path):
    with HangingServer() as redis:
        status, body = health_in_fresh_process(
            tmp_path,
            REDIS_CACHE_URL=f"redis://127.0.0.1:{redis.port}/13",
            REDIS_SOCKET_TIMEOUT_SECONDS="1",
            REDIS_CONNECT_TIMEOUT_SECONDS="1",
        )
        assert redis.accepted >= 1  # the check did reach it
    assert status == 503
    assert body["failed"] == ["cache"]
    assert body["checks"]["cache"] in {"error: timeout", "error: TimeoutError"}


def test_a_database_that_accepts_and_never_answers_is_503_not_a_hang(tmp_path):
    with HangingServer() as postgres:
        status, body = health_in_fresh_process(
            tmp_path,
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{postgres.port}/ita_health",
            DB_CONNECT_TIMEOUT_SECONDS="2",
        )
        assert postgres.accepted >= 1
    assert status == 503
    assert body["failed"] == ["database"]
    assert body["checks"]["database"] in {"error: timeout", "error: OperationalError"}


def test_a_database_that_refuses_is_503(tmp_path):
    status, body = health_in_fresh_process(
        tmp_path, DATABASE_URL=f"postgres://postgres@127.0.0.1:{refusing_port()}/ita_health"
    )
    assert status == 503
    assert body["failed"] == ["database"]
    assert body["checks"]["database"] == "error: OperationalError"
    assert "127.0.0.1" not in json.dumps(body)  # kinds of error only: details go to the log


def redis_cache(url: str, key_prefix: str = "") -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        }
    }


def test_a_broker_that_never_answers_is_503_within_the_deadline(anonymous_client, settings):
    settings.HEALTHZ_TIMEOUT_SECONDS = 2
    with HangingServer() as broker, watchdog(20):
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{broker.port}/13"
        status, body = health(anonymous_client)
    assert status == 503
    assert body["failed"] == ["broker", "worker"]
    assert body["checks"]["database"] == "ok"


# --- The file cache on a fresh install ---


def file_cache(folder) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder),
        }
    }


def test_a_file_cache_folder_that_does_not_exist_yet_is_made(anonymous_client, settings, tmp_path):
    settings.CACHES = file_cache(tmp_path / "not" / "yet")
    status, body = health(anonymous_client)
    assert status == 200, body
    assert anonymous_client.get("/api/years/").status_code == 200
    assert (tmp_path / "not" / "yet").is_dir()


def test_a_file_cache_that_cannot_be_made_is_503_and_the_api_still_answers(
    anonymous_client, settings, tmp_path
):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    settings.CACHES = file_cache(not_a_folder / "cache")
    status, body = health(anonymous_client)
    assert status == 503
    assert body["failed"] == ["cache"]
    assert anonymous_client.get("/api/years/").status_code == 200


# --- The public API keeps answering when the cache is down (its throttle fails open) ---


def test_the_api_answers_when_the_cache_refuses(anonymous_client, settings, caplog):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{refusing_port()}/13")
    with watchdog(20):
        response = anonymous_client.get("/api/years/")
    assert response.status_code == 200
    assert THROTTLE_FAILED_OPEN in caplog.text


def test_the_api_answers_when_the_cache_never_answers(anonymous_client, settings):
    with HangingServer() as redis, watchdog(20):
        settings.CACHES = redis_cache(f"redis://127.0.0.1:{redis.port}/13")
        response = anonymous_client.get("/api/years/")
        assert redis.accepted >= 1
    assert response.status_code == 200


def test_the_api_still_throttles_when_the_cache_answers(anonymous_client, settings):
    from rest_framework.throttling import AnonRateThrottle

    # Fresh counts under a prefix of this run, not cache.clear(): that empties the whole Redis DB,
    # the queues of a live worker in another test process (pytest -n) with it.
    settings.CACHES = redis_cache("redis://127.0.0.1:6379/13", f"ita-test-{uuid.uuid4().hex}")
    with patch.object(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"}):
        codes = [anonymous_client.get("/api/years/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


# --- The Celery worker: is one alive for this installation's queue? ---


def test_a_broker_without_a_worker_for_this_queue_is_503_naming_the_worker(
    anonymous_client, settings
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/13"
    settings.CELERY_TASK_DEFAULT_QUEUE = f"ita-health-nobody-{uuid.uuid4().hex[:8]}"
    with watchdog(20):
        status, body = health(anonymous_client)
    assert status == 503
    assert body["failed"] == ["worker"]
    assert body["checks"]["broker"] == "ok"
    assert body["checks"]["worker"] == "error: NoWorkerForQueue"


@pytest.fixture(scope="module")
def live_worker(tmp_path_factory):
    """A real `celery -A ita_portal worker` on Redis DB 13 and a queue of this test run."""
    queue = f"ita-health-{uuid.uuid4().hex[:8]}"
    folder = tmp_path_factory.mktemp("worker")
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED} | {
        "DEBUG": "true",
        "CELERY_BROKER_URL": WORKER_BROKER,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "CACHE_DIR": str(folder / "cache"),
    }
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "--app",
            "ita_portal",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--hostname",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
        ],  # fmt: skip
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield queue
    finally:
        worker.terminate()
        worker.wait(timeout=30)


WORKER_BROKER = "redis://127.0.0.1:6379/13"


def test_a_live_worker_of_this_queue_makes_the_answer_ok(anonymous_client, settings, live_worker):
    settings.CELERY_BROKER_URL = WORKER_BROKER
    settings.CELERY_TASK_DEFAULT_QUEUE = live_worker
    with watchdog(90):  # the worker starts in a few seconds; until then the worker part fails
        status, body = health(anonymous_client)
        while body["checks"]["worker"] != "ok":
            status, body = health(anonymous_client)
    assert status == 200
    assert body["checks"] == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "worker": "ok",
        "storage": "ok",
    }
    # Another installation's queue on the same Redis is not served by this worker.
    settings.CELERY_TASK_DEFAULT_QUEUE = f"{live_worker}-other"
    status, body = health(anonymous_client)
    assert status == 503
    assert body["failed"] == ["worker"]
