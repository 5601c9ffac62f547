"""Photos as they are kept: checked by content and pixel count, turned upright, shrunk to print
size and re-encoded with no metadata (no camera location). Meeting photos and image evidence."""

from __future__ import annotations

import io
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .uploads import (  # noqa: F401  (ERROR_TOO_MANY_PIXELS: callers name it here)
    ERROR_TOO_MANY_PIXELS,
    FORMAT_EXTENSIONS,
    inspect_image,
    looks_like_pdf,
    open_image,
    refuse_if_larger,
)

logger = logging.getLogger(__name__)

ERROR_NOT_IMAGE = "ไฟล์นี้ไม่ใช่รูปภาพ (รับเฉพาะไฟล์ JPEG, PNG หรือ WebP ที่เปิดได้จริง)"
ERROR_TOO_LARGE = "ไฟล์ภาพมีขนาด {size} ซึ่งเกินขนาดสูงสุดที่รับได้ {limit}"
# How each format is written back after downscaling (PNG stays lossless).
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 85, "optimize": True},
    "PNG": {},
    "WEBP": {"quality": 85},
}
# Modes each format can store; anything else is converted to the first.
SAVE_MODES = {
    "JPEG": ("RGB", "L"),
    "PNG": ("RGBA", "RGB", "L", "LA", "1"),
    "WEBP": ("RGBA", "RGB"),
}


def validate_photo(upload: Any, *, max_bytes: int | None = None) -> None:
    """Refuse an upload over max_bytes (settings.UPLOAD_IMAGE_MAX_BYTES by default) or
    settings.UPLOAD_IMAGE_MAX_PIXELS, or that is not really an image. The pixel count comes from
    the header: nothing is decoded yet."""
    limit = settings.UPLOAD_IMAGE_MAX_BYTES if max_bytes is None else max_bytes
    refuse_if_larger(upload, limit, ERROR_TOO_LARGE)
    if inspect_image(upload) is None:  # refuses too many pixels itself (open_image)
        raise ValidationError(ERROR_NOT_IMAGE, code="not_image")


class StoredPhoto(ContentFile):
    """A photo already made fit for storage: a second pass would only re-encode it."""


def photo_for_storage(
    upload: Any,
    *,
    stem: str = "photo",
    max_bytes: int | None = None,
    max_side: int | None = None,
) -> StoredPhoto:
    """The photo as it is kept: checked, turned upright, at most max_side pixels on its long
    side (UPLOAD_IMAGE_STORE_MAX_SIDE, print size, by default), in its own format, with no
    EXIF/XMP (no location)."""
    if isinstance(upload, StoredPhoto):
        return upload
    validate_photo(upload, max_bytes=max_bytes)
    max_side = max_side or settings.UPLOAD_IMAGE_STORE_MAX_SIDE
    with open_image(upload) as image:
        fmt, original = image.format or "", image.size
        icc_profile = image.info.get("icc_profile")
        # Shrunk where it was decoded (JPEG even decodes at a reduced scale), then turned: the
        # full-size pixels are held once, never copied.
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        upright = ImageOps.exif_transpose(image) or image.copy()
    if upright.mode not in SAVE_MODES[fmt]:
        has_alpha = upright.has_transparency_data
        upright = upright.convert(SAVE_MODES[fmt][0] if has_alpha else "RGB")
    # A new image carries no metadata: EXIF (GPS, camera), XMP and comments stay behind.
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    options = dict(SAVE_OPTIONS[fmt])
    if icc_profile:
        options["icc_profile"] = icc_profile  # colour, not personal data
    out = io.BytesIO()
    clean.save(out, format=fmt, **options)
    logger.info(
        "photo prepared: %s %sx%s -> %sx%s, %s -> %s bytes",
        fmt,
        *original,
        *clean.size,
        upload.size,
        out.tell(),
    )
    return StoredPhoto(out.getvalue(), name=f"{stem}{FORMAT_EXTENSIONS[fmt]}")


def pdf_or_photo_for_storage(
    upload: Any, *, stem: str, max_bytes: int, max_side: int | None = None
) -> Any:
    """A checked upload that is a PDF or an image, as it is kept: the PDF as uploaded, the
    image through photo_for_storage (upright, at most max_side, without its metadata)."""
    if looks_like_pdf(upload):
        return upload
    return photo_for_storage(upload, stem=stem, max_bytes=max_bytes, max_side=max_side)
