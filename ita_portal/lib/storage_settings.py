"""Where media live, read from the environment: the file system (default) or an S3 bucket.

One machine keeps media under MEDIA_ROOT. Several web machines behind a load balancer share one
S3-compatible bucket (MinIO, Ceph, a cloud's object storage) through django-storages: every
upload, scan page, published PDF, pending score import and held upload is an object there, so a
request may reach any machine. The bucket stays private: files are served only by the portal's
access-checked /media/ view, never by a bucket URL (no ACL; a file's URL is the /media/ view's,
ita_portal/lib/storage_s3.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "ita_portal.lib.storage_s3.PortalS3Storage"  # django-storages' S3Storage
FILE_SYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
ERROR_MEDIA_STORAGE = (
    "MEDIA_STORAGE ต้องเป็น file หรือ s3 แต่ได้ {raw!r} / MEDIA_STORAGE must be file or s3"
)
ERROR_BUCKET_MISSING = (
    "MEDIA_STORAGE=s3 แต่ยังไม่ได้ตั้ง AWS_STORAGE_BUCKET_NAME (ชื่อ bucket อย่างน้อย 3 ตัวอักษร)"
    " / MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"
)

# The S3Storage options read from these variables when they are set (a server's defaults else).
S3_OPTIONAL_VARIABLES = (
    ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
    ("region_name", "AWS_S3_REGION_NAME"),
    ("access_key", "AWS_ACCESS_KEY_ID"),
    ("secret_key", "AWS_SECRET_ACCESS_KEY"),
)


def media_storage(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The STORAGES["default"] entry: S3 when MEDIA_STORAGE=s3 (or a bucket is named without
    MEDIA_STORAGE), else the file system under MEDIA_ROOT."""
    env = os.environ if environ is None else environ
    kind = (env.get("MEDIA_STORAGE") or "").strip().lower()
    bucket = (env.get("AWS_STORAGE_BUCKET_NAME") or "").strip()
    if kind not in ("", "file", "s3"):
        raise ImproperlyConfigured(ERROR_MEDIA_STORAGE.format(raw=env.get("MEDIA_STORAGE")))
    if kind == "file" or (kind == "" and not bucket):
        return {"BACKEND": FILE_SYSTEM_BACKEND}
    if len(bucket) < 3:
        raise ImproperlyConfigured(ERROR_BUCKET_MISSING)
    return {"BACKEND": S3_BACKEND, "OPTIONS": s3_options(env, bucket)}


def s3_options(env: Mapping[str, str], bucket: str) -> dict[str, Any]:
    """django-storages' S3Storage options: a private bucket, path-style addressing (works with
    MinIO and any endpoint without wildcard DNS), files never overwritten under the same name."""
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "default_acl": None,
        "querystring_auth": True,  # should a bucket URL ever leak, it is signed and expires
        "file_overwrite": False,
        "addressing_style": "path",
        "location": (env.get("AWS_LOCATION") or "").strip("/"),
    }
    for option, name in S3_OPTIONAL_VARIABLES:
        if env.get(name):
            options[option] = env[name]
    return options
