"""Uploads checked by their content, never by their name (Pillow for images, a PDF header)."""

from __future__ import annotations

import warnings
from typing import Any

from django.core.exceptions import ValidationError
from PIL import Image

from .thai import to_thai_digits

# Detected format → the extension the stored file gets (never the uploader's own name).
FORMAT_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def inspect_image(upload: Any) -> tuple[str, tuple[int, int]] | None:
    """(format, (width, height)) of a whole, allowed image, read from its header; None otherwise."""
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # A decompression bomb is refused, not just warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                fmt, size = image.format, image.size
                image.verify()
    except Exception:
        return None
    finally:
        if position is not None:
            upload.seek(position)
    return (fmt, size) if fmt in FORMAT_EXTENSIONS else None


def detect_image_format(upload: Any) -> str | None:
    """The Pillow format of an upload if it is a whole, allowed image; None otherwise."""
    found = inspect_image(upload)
    return found[0] if found else None


def looks_like_pdf(upload: Any) -> bool:
    """Whether an upload starts as a PDF does (the parse itself is left to poppler)."""
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        head = upload.read(1024)
    finally:
        if position is not None:
            upload.seek(position)
    return b"%PDF-" in head[:1024] and head.lstrip().startswith(b"%PDF-")


def megabytes(size: int) -> str:
    """A size as users read it: "๕.๐ MB"."""
    return to_thai_digits(f"{size / (1024 * 1024):.1f} MB")


def refuse_if_larger(upload: Any, limit: int, message: str) -> None:
    """Refuse an upload over limit bytes; message names {size} and {limit} in Thai."""
    size = upload.size
    if size is not None and size > limit:
        raise ValidationError(
            message.format(size=megabytes(size), limit=megabytes(limit)), code="too_large"
        )
