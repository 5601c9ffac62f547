"""Uploads checked by their content, never by their name (Pillow for images, a PDF header)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

from .thai import to_thai_digits

# Detected format → the extension the stored file gets (never the uploader's own name).
FORMAT_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}

ERROR_TOO_MANY_PIXELS = (
    "ภาพมีขนาด {width} × {height} พิกเซล ซึ่งเกินขนาดสูงสุดที่รับได้ {limit} ล้านพิกเซล กรุณาย่อภาพก่อนแล้วอัปโหลดใหม่"
)
# Pillow refuses a header of over twice its limit before telling the size.
ERROR_FAR_TOO_MANY_PIXELS = (
    "ภาพมีขนาดเกิน {limit} ล้านพิกเซล ซึ่งเป็นขนาดสูงสุดที่รับได้ กรุณาย่อภาพก่อนแล้วอัปโหลดใหม่"
)


def _millions(pixels: int) -> str:
    return to_thai_digits(f"{pixels / 1_000_000:g}")


@contextmanager
def open_image(upload: Any) -> Iterator[Image.Image]:
    """An upload opened the one way uploads are: its header read, its pixels checked against
    settings.UPLOAD_IMAGE_MAX_PIXELS before anything decodes them, a Thai ValidationError over.

    Pillow reads only the header in Image.open; MAX_IMAGE_PIXELS is set to the same limit so that
    a header far over it fails inside Pillow too (DecompressionBombError), refused the same way.
    """
    limit = settings.UPLOAD_IMAGE_MAX_PIXELS
    Image.MAX_IMAGE_PIXELS = limit
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Between the limit and twice it Pillow only warns: the check below refuses it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)
    except Image.DecompressionBombError:
        raise ValidationError(
            ERROR_FAR_TOO_MANY_PIXELS.format(limit=_millions(limit)), code="too_many_pixels"
        ) from None
    with image:
        width, height = image.size
        if width * height > limit:
            raise ValidationError(
                ERROR_TOO_MANY_PIXELS.format(
                    width=to_thai_digits(f"{width:,}"),
                    height=to_thai_digits(f"{height:,}"),
                    limit=_millions(limit),
                ),
                code="too_many_pixels",
            )
        yield image


def inspect_image(upload: Any) -> tuple[str, tuple[int, int]] | None:
    """(format, (width, height)) of a whole, allowed image, read from its header; None when it is
    none; a Thai ValidationError when it has more pixels than uploads may (open_image)."""
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        with open_image(upload) as image:
            fmt, size = image.format, image.size
            image.verify()  # checks the chunks, decodes no pixels
    except ValidationError:
        raise
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
