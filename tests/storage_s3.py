"""Media on a real S3-compatible server on 127.0.0.1, for the tests.

TEST_S3_ENDPOINT_URL names a server already running (`.ci/run` starts moto's standalone server);
without it one moto ThreadedMotoServer is started for the session on a free port. Each test gets
its own empty folder (an S3 key prefix) of one session bucket: the storage it sees is as empty
as a fresh MEDIA_ROOT. TEST_MEDIA_STORAGE=s3 puts every test's media there (tests/conftest.py).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ita_portal.lib.storage_settings import (
    FILE_SYSTEM_BACKEND,
    S3_BACKEND,
    S3_OPTIONAL_VARIABLES,
)

REGION = "us-east-1"
KEY = "testing"  # moto accepts any key; nothing here leaves 127.0.0.1


def s3_wanted_everywhere() -> bool:
    return os.environ.get("TEST_MEDIA_STORAGE", "").strip().lower() == "s3"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """The URL of the S3-compatible server the tests use."""
    given = os.environ.get("TEST_S3_ENDPOINT_URL", "").strip()
    if given:
        yield given
        return
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def s3_bucket(s3_endpoint: str) -> str:
    """One bucket for the session (each test works under a prefix of its own)."""
    import boto3

    name = f"ita-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEY,
        aws_secret_access_key=KEY,
    )
    client.create_bucket(Bucket=name)
    return name


def s3_storage_config(endpoint: str, bucket: str, location: str) -> dict[str, Any]:
    """The STORAGES["default"] entry the portal's settings make for a bucket (same options)."""
    from ita_portal.lib.storage_settings import media_storage

    config = media_storage(
        {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": KEY,
            "AWS_SECRET_ACCESS_KEY": KEY,
            "AWS_LOCATION": location,
        }
    )
    assert config["BACKEND"] == S3_BACKEND
    return config


def use_s3_media(settings, endpoint: str, bucket: str) -> str:
    """Point the default storage at a fresh, empty folder of the bucket; its prefix."""
    location = f"t-{uuid.uuid4().hex}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage_config(endpoint, bucket, location),
    }
    return location


def media_environment(media_root: str | Path) -> dict[str, str]:
    """The variables that give another process (a Celery worker, a fresh manage.py) this test's
    media: its folder of the S3 bucket when the test's media are on S3, else media_root."""
    from django.conf import settings

    environ = {"MEDIA_STORAGE": "file", "MEDIA_ROOT": str(media_root)}
    default = settings.STORAGES["default"]
    if default["BACKEND"] != S3_BACKEND:
        return environ
    options = default["OPTIONS"]
    environ |= {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": options["bucket_name"],
        "AWS_LOCATION": options["location"],
    }
    environ |= {
        name: options[option] for option, name in S3_OPTIONAL_VARIABLES if option in options
    }
    return environ


@pytest.fixture
def s3_media(settings, s3_endpoint, s3_bucket) -> str:
    """This test's media on the S3 server (an empty folder of the session's bucket)."""
    return use_s3_media(settings, s3_endpoint, s3_bucket)


@pytest.fixture(params=["file", "s3"])
def media_storage(request, settings, tmp_path) -> str:
    """Each test twice: media on the file system (a temporary MEDIA_ROOT), then on S3."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.param == "file":  # even when TEST_MEDIA_STORAGE=s3 put every test's media on S3
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": FILE_SYSTEM_BACKEND}}
    else:
        use_s3_media(
            settings, request.getfixturevalue("s3_endpoint"), request.getfixturevalue("s3_bucket")
        )
    return str(request.param)
