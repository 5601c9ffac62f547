"""Uploaded and generated files, served only after a check of their owner and publication."""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from .. import selectors
from .downloads import CACHE_PRIVATE, conditional, disposition, verified


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Uploaded and generated files, each checked against its owner (never served statically)."""
    # A NUL byte makes the file system calls fail: no such file, not a server error.
    if "\x00" in path:
        raise Http404
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    file = (root / relative).resolve()
    if not file.is_relative_to(root) or not file.is_file():
        raise Http404
    if not selectors.media_visible(request.user, relative.as_posix()):
        raise Http404
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    stat = file.stat()

    def make() -> HttpResponseBase:
        # A published PDF is served only as published (its SHA-256 checked, reports/integrity.py).
        published = selectors.published_pdf(relative.as_posix())
        if published is not None:
            return verified(published, lambda data: _file_response(data, content_type))
        name = selectors.original_file_name(relative.as_posix())
        return _file_response(file.open("rb"), content_type, name)

    return conditional(
        request,
        etag=f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"',
        last_modified=dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC),
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
