"""Evidence files: accepted by content (PDF or a whole image), size-limited, stored under generated names."""

from __future__ import annotations

import uuid
import warnings
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

from ita_portal.lib.photos import validate_photo
from ita_portal.lib.uploads import refuse_if_larger

ERROR_NOT_ALLOWED_TYPE = "ไฟล์นี้ไม่ใช่ PDF หรือรูปภาพ (JPEG, PNG, WebP) ที่เปิดได้จริง"
ERROR_TOO_LARGE = "ไฟล์มีขนาด {size} ซึ่งเกินขนาดสูงสุดที่รับได้ {limit}"

IMAGE_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
# A PDF ends with %%EOF, possibly followed by a little whitespace or junk from the writer.
PDF_TAIL_BYTES = 2048


def _is_pdf(upload: Any) -> bool:
    upload.seek(0)
    head = upload.read(8)
    if not head.startswith(b"%PDF-"):
        return False
    size = upload.size or 0
    upload.seek(max(0, size - PDF_TAIL_BYTES))
    return b"%%EOF" in upload.read(PDF_TAIL_BYTES)


def _image_format(upload: Any) -> str | None:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                fmt = image.format
                image.verify()
    except Exception:
        return None
    return fmt if fmt in IMAGE_EXTENSIONS else None


def detect_extension(upload: Any) -> str | None:
    """The extension the content deserves (.pdf, .jpg, .png, .webp), or None if it is none of them."""
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        if _is_pdf(upload):
            return ".pdf"
        fmt = _image_format(upload)
        return IMAGE_EXTENSIONS[fmt] if fmt else None
    finally:
        if position is not None:
            upload.seek(position)


def validate_evidence_file(upload: Any) -> None:
    """Refuse an upload over settings.UPLOAD_OIT_EVIDENCE_MAX_BYTES or that is not a PDF or an image."""
    limit = settings.UPLOAD_OIT_EVIDENCE_MAX_BYTES
    refuse_if_larger(upload, limit, ERROR_TOO_LARGE)
    extension = detect_extension(upload)
    if extension is None:
        raise ValidationError(ERROR_NOT_ALLOWED_TYPE, code="not_allowed_type")
    if extension != ".pdf":
        # An image is decoded to strip its metadata when stored: refuse a pixel bomb first.
        validate_photo(upload, max_bytes=limit)


def evidence_upload_to(instance: Any, filename: str) -> str:
    """A generated name whose extension follows the detected content, not the uploader's name."""
    extension = detect_extension(instance.file.file) or ""
    return f"oit/evidence/{uuid.uuid4().hex}{extension}"
