"""Evidence files: accepted by content (PDF or a whole image), size-limited, stored under generated names."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from ita_portal.lib.pdf_check import validate_pdf
from ita_portal.lib.photos import validate_photo
from ita_portal.lib.uploads import detect_image_format, looks_like_pdf, refuse_if_larger

ERROR_NOT_ALLOWED_TYPE = "ไฟล์นี้ไม่ใช่ PDF หรือรูปภาพ (JPEG, PNG, WebP) ที่เปิดได้จริง"
ERROR_TOO_LARGE = "ไฟล์มีขนาด {size} ซึ่งเกินขนาดสูงสุดที่รับได้ {limit}"

IMAGE_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def detect_extension(upload: Any) -> str | None:
    """The extension the content deserves (.pdf, .jpg, .png, .webp), or None if it is none of them."""
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        if looks_like_pdf(upload):
            return ".pdf"
        fmt = detect_image_format(upload)  # refuses a pixel bomb from its header
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
    if extension == ".pdf":
        validate_pdf(upload, max_pages=settings.UPLOAD_PDF_MAX_PAGES)
    else:
        # An image is decoded to strip its metadata when stored: refuse a pixel bomb first.
        validate_photo(upload, max_bytes=limit)


def evidence_upload_to(instance: Any, filename: str) -> str:
    """A generated name whose extension follows the detected content, not the uploader's name."""
    extension = detect_extension(instance.file.file) or ""
    return f"oit/evidence/{uuid.uuid4().hex}{extension}"
