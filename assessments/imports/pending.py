"""Uploaded score files waiting for the admin's confirmation, bound to the uploader's session.

Replaces django-import-export's temporary storage, whose confirmation form named any file of
the system temp folder for the server to read, import and delete. Here a file is saved under a
random name in the media storage's private/score-imports/ (shared by every web machine: the
confirmation may reach another machine than the preview did; never served) or in
IMPORT_UPLOAD_DIR when that names a local folder (one machine only), and that name is recorded
in the session with the user; the confirmation can only take a name this session recorded, and
only ever touches that folder.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.http import HttpRequest

from ita_portal.lib.media import PrivateFolder

logger = logging.getLogger(__name__)

SESSION_KEY: Final = "score_import_pending"
MAX_AGE_SECONDS: Final = 6 * 3600  # a preview left longer than this must be uploaded again
MAX_PER_SESSION: Final = 3
_TOKEN = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class PendingUpload:
    token: str
    filename: str


def _folder() -> PrivateFolder:
    return PrivateFolder.of(settings.IMPORT_UPLOAD_DIR, "score-imports")


def _entries(request: HttpRequest) -> dict[str, dict[str, Any]]:
    entries = request.session.get(SESSION_KEY)
    return dict(entries) if isinstance(entries, dict) else {}


def _remove(tokens: Iterable[str]) -> None:
    for token in tokens:
        if _TOKEN.fullmatch(token):
            _folder().delete(token)


def _remove_stale(now: float) -> None:
    """Files of previews never confirmed (only names of our own form are looked at)."""
    _folder().remove_older(_TOKEN, now - MAX_AGE_SECONDS)


def pending_save(request: HttpRequest, chunks: Iterable[bytes], filename: str) -> PendingUpload:
    """Keep an uploaded file for this session's confirmation; returns its random name."""
    now = time.time()
    _remove_stale(now)
    token = secrets.token_hex(16)
    _folder().save(token, chunks)
    entries = _entries(request)
    entries[token] = {"user": request.user.pk, "filename": filename, "saved": now}
    # A session keeps its few latest previews; older ones are dropped with their files.
    latest = sorted(entries, key=lambda t: entries[t]["saved"], reverse=True)
    _remove(latest[MAX_PER_SESSION:])
    request.session[SESSION_KEY] = {t: entries[t] for t in latest[:MAX_PER_SESSION]}
    return PendingUpload(token=token, filename=filename)


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
    folder = _folder()
    if entry.get("saved", 0) < time.time() - MAX_AGE_SECONDS or not folder.exists(token):
        folder.delete(token)
        return None
    return PendingUpload(token=token, filename=str(entry.get("filename", "")))


def pending_read(upload: PendingUpload) -> bytes:
    """The bytes of a file taken for its confirmation."""
    return _folder().read(upload.token)


def pending_discard(upload: PendingUpload) -> None:
    _folder().delete(upload.token)
