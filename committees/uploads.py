"""Meeting photos: accepted by content (Pillow), size- and pixel-limited, stored at print size
without metadata (no camera location), under generated names (ita_portal/lib/photos.py)."""

from __future__ import annotations

import uuid
from typing import Any

from ita_portal.lib.photos import (  # noqa: F401  (migration 0001 names validate_photo here)
    ERROR_NOT_IMAGE,
    ERROR_TOO_LARGE,
    ERROR_TOO_MANY_PIXELS,
    photo_for_storage,
    validate_photo,
)
from ita_portal.lib.uploads import FORMAT_EXTENSIONS, detect_image_format


def photo_upload_to(instance: Any, filename: str) -> str:
    """A generated name whose extension follows the detected content, not the upload's name."""
    fmt = detect_image_format(instance.image.file)
    return f"committees/photos/{uuid.uuid4().hex}{FORMAT_EXTENSIONS.get(fmt or '', '')}"


def emblem_upload_to(instance: Any, filename: str) -> str:
    """The Garuda's stored name: generated, its extension from the detected content."""
    fmt = detect_image_format(instance.image.file)
    return f"committees/emblem/{uuid.uuid4().hex}{FORMAT_EXTENSIONS.get(fmt or '', '')}"
