"""/healthz/: 200 when the database, cache, broker (if configured) and storage answer; 503
naming the part that failed; public, never cached, exempt from the HTTPS redirect."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings

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
        "checks": {"database": "ok", "cache": "ok", "broker": "skipped", "storage": "ok"},
    }
    # The storage probe leaves nothing behind.
    assert list((settings.MEDIA_ROOT / "healthz").iterdir()) == []


def test_a_configured_broker_is_checked(anonymous_client, settings):
    settings.CELERY_BROKER_URL = "memory://"
    status, body = health(anonymous_client)
    assert status == 200
    assert body["checks"]["broker"] == "ok"


def test_an_unreachable_broker_is_503(anonymous_client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    status, body = health(anonymous_client)
    assert status == 503
    assert body["status"] == "fail"
    assert body["failed"] == ["broker"]
    assert body["checks"]["broker"] == "error: OperationalError"
    assert body["checks"]["database"] == "ok"


def test_a_failing_database_is_503(anonymous_client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    status, body = health(anonymous_client)
    assert status == 503
    assert body["failed"] == ["database"]
    assert body["checks"]["database"] == "error: OperationalError"


def test_an_unreachable_cache_is_503(anonymous_client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    status, body = health(anonymous_client)
    assert status == 503
    assert body["failed"] == ["cache"]


def test_a_storage_that_takes_no_write_is_503(anonymous_client, settings, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    settings.MEDIA_ROOT = not_a_folder / "media"
    status, body = health(anonymous_client)
    assert status == 503
    assert body["failed"] == ["storage"]


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
