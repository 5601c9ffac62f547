"""Meeting photos: accepted by content (Pillow), size-limited, stored under generated names."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from ita_portal.lib import thai
from ita_portal.lib.uploads import FORMAT_EXTENSIONS, detect_image_format

ERROR_NOT_IMAGE = "ไฟล์นี้ไม่ใช่รูปภาพ (รับเฉพาะไฟล์ JPEG, PNG หรือ WebP ที่เปิดได้จริง)"
ERROR_TOO_LARGE = "ไฟล์ภาพมีขนาด {size} ซึ่งเกินขนาดสูงสุดที่รับได้ {limit}"


def _megabytes(size: int) -> str:
    return thai.to_thai_digits(f"{size / (1024 * 1024):.1f} MB")


def validate_photo(upload: Any) -> None:
    """Refuse an upload over settings.UPLOAD_IMAGE_MAX_BYTES or that is not really an image."""
    limit = settings.UPLOAD_IMAGE_MAX_BYTES
    size = upload.size
    if size is not None and size > limit:
        raise ValidationError(
            ERROR_TOO_LARGE.format(size=_megabytes(size), limit=_megabytes(limit)),
            code="too_large",
        )
    if detect_image_format(upload) is None:
        raise ValidationError(ERROR_NOT_IMAGE, code="not_image")


def photo_upload_to(instance: Any, filename: str) -> str:
    """A generated name whose extension follows the detected content, not the upload's name."""
    fmt = detect_image_format(instance.image.file)
    return f"committees/photos/{uuid.uuid4().hex}{FORMAT_EXTENSIONS.get(fmt or '', '')}"
