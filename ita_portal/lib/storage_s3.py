"""The S3 media storage of the portal: django-storages' S3Storage whose URLs are the portal's own.

A file's URL (FieldFile.url: the admin's file boxes, any template) is the access-checked /media/
view, as with the file system: never a bucket URL, which would skip the owner check and need the
bucket reachable from browsers. The bucket stays private; only the web machines talk to it.
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PortalS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))
