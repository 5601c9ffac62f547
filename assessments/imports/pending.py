"""Uploaded score files waiting for the admin's confirmation, bound to the uploader's session.

Replaces django-import-export's temporary storage, whose confirmation form named any file of
the system temp folder for the server to read, import and delete. Here a file is saved under a
random name in IMPORT_UPLOAD_DIR and that name is recorded in the session with the user; the
confirmation can only take a name this session recorded, and only ever touches that folder.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)

SESSION_KEY: Final = "score_import_pending"
MAX_AGE_SECONDS: Final = 6 * 3600  # a preview left longer than this must be uploaded again
MAX_PER_SESSION: Final = 3
_TOKEN = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class PendingUpload:
    token: str
    filename: str
    path: Path


def _folder() -> Path:
    return Path(settings.IMPORT_UPLOAD_DIR)


def _entries(request: HttpRequest) -> dict[str, dict[str, Any]]:
    entries = request.session.get(SESSION_KEY)
    return dict(entries) if isinstance(entries, dict) else {}


def _remove(tokens: Iterable[str]) -> None:
    for token in tokens:
        if _TOKEN.fullmatch(token):
            (_folder() / token).unlink(missing_ok=True)


def _remove_stale(now: float) -> None:
    """Files of previews never confirmed (only names of our own form are looked at)."""
    for path in _folder().iterdir():
        if _TOKEN.fullmatch(path.name) and path.stat().st_mtime < now - MAX_AGE_SECONDS:
            path.unlink(missing_ok=True)


def pending_save(request: HttpRequest, chunks: Iterable[bytes], filename: str) -> PendingUpload:
    """Keep an uploaded file for this session's confirmation; returns its random name."""
    folder = _folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = time.time()
    _remove_stale(now)
    token = secrets.token_hex(16)
    path = folder / token
    with path.open("xb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    entries = _entries(request)
    entries[token] = {"user": request.user.pk, "filename": filename, "saved": now}
    # A session keeps its few latest previews; older ones are dropped with their files.
    latest = sorted(entries, key=lambda t: entries[t]["saved"], reverse=True)
    _remove(latest[MAX_PER_SESSION:])
    request.session[SESSION_KEY] = {t: entries[t] for t in latest[:MAX_PER_SESSION]}
    return PendingUpload(token=token, filename=filename, path=path)


def pending_take(request: HttpRequest, token: object) -> PendingUpload | None:
    """The file this session saved under token, now no longer pending; None for any other name.

    The caller reads the file and then discards it with pending_discard.
    """
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    entries = _entries(request)
    entry = entries.pop(token, None)
    if entry is None or entry.get("user") != request.user.pk:
        return None
    request.session[SESSION_KEY] = entries
    path = _folder() / token
    if entry.get("saved", 0) < time.time() - MAX_AGE_SECONDS or not path.is_file():
        path.unlink(missing_ok=True)
        return None
    return PendingUpload(token=token, filename=str(entry.get("filename", "")), path=path)


def pending_discard(upload: PendingUpload) -> None:
    upload.path.unlink(missing_ok=True)
