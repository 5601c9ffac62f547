"""Uploaded and generated files, served only after a check of their owner and publication."""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import PurePosixPath
from typing import IO

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from ita_portal.lib.media import safe_name, stat

from .. import selectors
from .downloads import CACHE_PRIVATE, conditional, disposition, verified


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Uploaded and generated files, each checked against its owner (never served statically)."""
    # A NUL byte makes the file system calls fail: no such file, not a server error.
    if "\x00" in path:
        raise Http404
    name = safe_name(path)
    # Owner first: a name no record owns costs no request to the storage (a bucket's are paid).
    if name is None or not selectors.media_visible(request.user, name):
        raise Http404
    found = stat(name)
    if found is None:
        raise Http404
    size, modified = found
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    modified_ns = int(modified.timestamp() * 1_000_000) * 1000

    def make() -> HttpResponseBase:
        # A published PDF is served only as published (its SHA-256 checked, reports/integrity.py).
        published = selectors.published_pdf(name)
        if published is not None:
            return verified(published, lambda data: _file_response(data, content_type))
        original = selectors.original_file_name(name)
        return _file_response(default_storage.open(name, "rb"), content_type, original)

    return conditional(
        request,
        etag=f'"{modified_ns:x}-{size:x}"',
        last_modified=modified.astimezone(dt.UTC),
        cache_control=CACHE_PRIVATE,
        make=make,
    )


def _file_response(stream: IO[bytes], content_type: str, name: str = "") -> FileResponse:
    response = FileResponse(stream, content_type=content_type)
    if name:
        # Opened in the browser as before; saved under the name its uploader gave it.
        response["Content-Disposition"] = disposition("inline", name, _ascii_fallback(name))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ascii_fallback(name: str) -> str:
    """The name itself when ASCII, else "file" with its extension (older clients)."""
    if name.isascii():
        return name
    suffix = PurePosixPath(name).suffix
    return f"file{suffix}" if suffix.isascii() else "file"
