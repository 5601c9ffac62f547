"""A file chosen in a form that failed elsewhere is held, so that the user need not choose it again.

When a bound form is shown again (an error in it or in another form of the page), each file that
passed its own checks is copied to the media storage's private/held-uploads/ (shared by every web
machine; or the local folder HELD_UPLOAD_DIR names; never served) under a random name, and the
form carries a signed token naming the copy, the user and the page (the page names the record,
whose agency the admin's scoping checks). Saving the corrected form takes the copy through the
same checks as a fresh upload. A token is good for HELD_UPLOAD_MAX_AGE seconds; copies older than
that are removed whenever another file is held.
"""

from __future__ import annotations

import mimetypes
import re
import time
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from .media import PrivateFolder

HELD_MESSAGE = "ไฟล์ที่เลือกไว้: {name} (จะบันทึกเมื่อแก้ข้อผิดพลาดแล้ว)"
SALT = "ita_portal.held_upload"
TOKEN_SUFFIX = "__held"
_KEY = re.compile(r"[0-9a-f]{32}")
# Characters no file system or header should receive from a user's file name.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
NAME_MAX = 200
FALLBACK_NAME = "ไฟล์"


def safe_file_name(name: str) -> str:
    """The uploader's own file name, fit to show and to offer as a download name (Thai kept)."""
    base = PurePosixPath(str(name).replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = " ".join(_UNSAFE.sub(" ", base).split()).strip(" .")
    if len(base) > NAME_MAX:
        suffix = Path(base).suffix[:12]
        base = base[: NAME_MAX - len(suffix)].rstrip(" .") + suffix
    return base or FALLBACK_NAME


@dataclass(frozen=True)
class Holder:
    """Whose held files a form may take back: this user's, held on this page."""

    user_id: int
    page: str


def holder_for(request: Any) -> Holder | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return Holder(user_id=user.pk, page=request.path)


def token_name(field_name: str) -> str:
    """The form key carrying the token of the file held for field_name."""
    return f"{field_name}{TOKEN_SUFFIX}"


def _folder() -> PrivateFolder:
    return PrivateFolder.of(settings.HELD_UPLOAD_DIR, "held-uploads")


def remove_expired(now: float | None = None) -> int:
    """Delete held copies older than HELD_UPLOAD_MAX_AGE; how many went."""
    limit = (now if now is not None else time.time()) - settings.HELD_UPLOAD_MAX_AGE
    return _folder().remove_older(_KEY, limit)


def hold(upload: UploadedFile, holder: Holder) -> str:
    """Keep a copy of upload for holder; the signed token that gives it back."""
    existing = getattr(upload, "held_token", None)
    if existing:
        return str(existing)
    remove_expired()
    key = uuid.uuid4().hex
    _folder().save(key, upload.chunks())
    upload.seek(0)
    payload = {
        "k": key,
        "n": safe_file_name(upload.name or ""),
        "u": holder.user_id,
        "p": holder.page,
    }
    token = signing.dumps(payload, salt=SALT)
    upload.held_token = token  # type: ignore[attr-defined]
    return token


def take(token: str, holder: Holder) -> UploadedFile | None:
    """The file a token names, if it was held for this holder and has not expired; else None."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.HELD_UPLOAD_MAX_AGE)
    except signing.BadSignature:
        return None
    if payload.get("u") != holder.user_id or payload.get("p") != holder.page:
        return None
    key = str(payload.get("k", ""))
    folder = _folder()
    if not _KEY.fullmatch(key) or not folder.exists(key):
        return None
    name = str(payload.get("n") or FALLBACK_NAME)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    upload = SimpleUploadedFile(name, folder.read(key), content_type=content_type)
    upload.held_token = token  # type: ignore[attr-defined]
    return upload
