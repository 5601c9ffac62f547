"""Photos stored before uploads were cleaned: strip their metadata and shrink them once.

Uploads are now re-encoded without EXIF (ita_portal/lib/photos.py). Files stored earlier may
still carry a phone's location, and meeting photos their full camera size. `clean_stored_photos`
re-encodes those, and only those: a file already clean and within size is left as it is, so a
second run changes nothing. PDFs and files that are not images are never touched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from actionplans.models import ProgressReport
from committees.models import CommitteeOrder, CommitteeOrderScanPage, MeetingPhoto
from committees.scans import PAGE_LONG_SIDE_PX
from ita_portal.lib.events import log_event
from ita_portal.lib.photos import photo_for_storage
from ita_portal.lib.uploads import inspect_image, looks_like_pdf, open_image
from oit.models import EvidenceFile

logger = logging.getLogger(__name__)

# No size limit for what is already stored: the pixel limit still guards the decoder.
NO_BYTE_LIMIT = 2**62


@dataclass(frozen=True)
class PhotoField:
    model: type[models.Model]
    name: str
    stem: str
    max_side: int | None = None  # None: settings.UPLOAD_IMAGE_STORE_MAX_SIDE


STORED_PHOTO_FIELDS = (
    PhotoField(MeetingPhoto, "image", "photo"),
    PhotoField(ProgressReport, "evidence_file", "evidence"),
    PhotoField(EvidenceFile, "file", "evidence"),
    PhotoField(CommitteeOrder, "signed_scan", "scan", PAGE_LONG_SIDE_PX),
    PhotoField(CommitteeOrderScanPage, "image", "page", PAGE_LONG_SIDE_PX),
)


@dataclass
class CleanSummary:
    checked: int = 0
    cleaned: int = 0
    skipped: list[str] = field(default_factory=list)  # "<file>: <reason>"


def needs_cleaning(handle: Any, max_side: int) -> bool:
    """Whether a stored image carries metadata or is larger than it is kept now."""
    found = inspect_image(handle)
    if found is None:
        return False
    if max(found[1]) > max_side:
        return True
    handle.seek(0)
    with open_image(handle) as image:
        return bool(image.getexif()) or any(k in image.info for k in ("exif", "xmp", "comment"))


def _objects_with_files(spec: PhotoField) -> Iterator[models.Model]:
    empty = models.Q(**{spec.name: ""}) | models.Q(**{f"{spec.name}__isnull": True})
    yield from spec.model._default_manager.exclude(empty).order_by("pk").iterator()


def _clean_one(obj: models.Model, spec: PhotoField, *, dry_run: bool) -> bool:
    stored = getattr(obj, spec.name)
    max_side = spec.max_side or settings.UPLOAD_IMAGE_STORE_MAX_SIDE
    with stored.open("rb") as handle:
        if looks_like_pdf(handle) or not needs_cleaning(handle, max_side):
            return False
        if dry_run:
            return True
        clean = photo_for_storage(
            handle, stem=spec.stem, max_bytes=NO_BYTE_LIMIT, max_side=max_side
        )
    old_name, storage = stored.name, stored.storage
    with transaction.atomic():
        # Saving commits the new file under a name its upload_to generates from its content.
        setattr(obj, spec.name, clean)
        obj.save(update_fields=[spec.name])
        transaction.on_commit(lambda: storage.delete(old_name))
    return True


def clean_stored_photos(*, dry_run: bool = False) -> CleanSummary:
    """Re-encode every stored image that still has metadata or is over its kept size."""
    summary = CleanSummary()
    for spec in STORED_PHOTO_FIELDS:
        for obj in _objects_with_files(spec):
            summary.checked += 1
            name = getattr(obj, spec.name).name
            try:
                summary.cleaned += _clean_one(obj, spec, dry_run=dry_run)
            except (OSError, ValidationError) as error:
                reason = "; ".join(getattr(error, "messages", None) or [str(error)])
                summary.skipped.append(f"{name}: {reason}")
    log_event(
        logger,
        "photos.cleaned",
        user="command line",
        outcome="dry run" if dry_run else "ok",
        checked=summary.checked,
        cleaned=summary.cleaned,
        skipped=len(summary.skipped),
    )
    return summary
