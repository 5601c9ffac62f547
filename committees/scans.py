"""The signed scan of an appointment order: a PDF or an image, checked by content, size-limited,
stored under a generated name, and turned into page images for the report.

A PDF is rasterised once, when it is attached (pdftoppm, A4 at 300 dpi), not when a report is
rendered: rendering stays as fast as plain WeasyPrint on the same HTML, the HTML written by
render_report keeps naming every image it shows, and a PDF poppler cannot read is refused to
the person uploading it instead of failing a publication later. A PDF attached as a PDF
(attachment) would not print and most readers would not show it as the appendix.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from ita_portal.lib import thai
from ita_portal.lib.pdf_check import path_of, pdf_page_count
from ita_portal.lib.photos import pdf_or_photo_for_storage
from ita_portal.lib.uploads import (
    FORMAT_EXTENSIONS,
    detect_image_format,
    looks_like_pdf,
    refuse_if_larger,
)

logger = logging.getLogger(__name__)

ERROR_SCAN_TYPE = "รับไฟล์คำสั่งที่ลงนามแล้วเฉพาะ PDF หรือรูปภาพ (JPEG, PNG, WebP) ที่เปิดได้จริง"
ERROR_SCAN_TOO_LARGE = "ไฟล์มีขนาด {size} ซึ่งเกินขนาดสูงสุดที่รับได้ {limit}"
ERROR_SCAN_UNREADABLE = "เปิดไฟล์ PDF นี้ไม่ได้ (ไฟล์อาจเสียหายหรือมีรหัสผ่าน)"
ERROR_SCAN_TOO_MANY_PAGES = "ไฟล์ PDF มี {pages} หน้า เกินจำนวนที่รับได้ {limit} หน้า"

# A4's long side at 300 dpi: print resolution, and a bound on any page's size in pixels.
PAGE_LONG_SIDE_PX = 3508
POPPLER_TIMEOUT_S = 120


def scan_kind(upload: Any) -> str | None:
    """'pdf', an image format ('JPEG', 'PNG', 'WEBP'), or None for anything else."""
    if looks_like_pdf(upload):
        return "pdf"
    return detect_image_format(upload)


def scan_for_storage(upload: Any) -> Any:
    """The signed scan as it is kept: a PDF as uploaded; a photo of the order upright, at most
    an A4 page at 300 dpi, and without its metadata (it is printed in the public report)."""
    validate_scan(upload)
    return pdf_or_photo_for_storage(
        upload, stem="scan", max_bytes=settings.UPLOAD_SCAN_MAX_BYTES, max_side=PAGE_LONG_SIDE_PX
    )


def validate_scan(upload: Any) -> None:
    """Refuse a scan that is too large, not a real PDF or image, unreadable or too long."""
    refuse_if_larger(upload, settings.UPLOAD_SCAN_MAX_BYTES, ERROR_SCAN_TOO_LARGE)
    kind = scan_kind(upload)
    if kind is None:
        raise ValidationError(ERROR_SCAN_TYPE, code="not_scan")
    if kind != "pdf":
        return
    with path_of(upload) as path:
        pages = pdf_page_count(path, timeout=POPPLER_TIMEOUT_S)
    if pages is None or pages < 1:
        raise ValidationError(ERROR_SCAN_UNREADABLE, code="unreadable")
    if pages > settings.UPLOAD_SCAN_MAX_PAGES:
        raise ValidationError(
            ERROR_SCAN_TOO_MANY_PAGES.format(
                pages=thai.to_thai_digits(pages),
                limit=thai.to_thai_digits(settings.UPLOAD_SCAN_MAX_PAGES),
            ),
            code="too_many_pages",
        )


def scan_upload_to(instance: Any, filename: str) -> str:
    """A generated name whose extension follows the detected content, not the upload's name."""
    kind = scan_kind(instance.signed_scan.file)
    suffix = ".pdf" if kind == "pdf" else FORMAT_EXTENSIONS.get(kind or "", "")
    return f"committees/orders/{uuid.uuid4().hex}{suffix}"


def page_upload_to(instance: Any, filename: str) -> str:
    return f"committees/orders/pages/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def rasterise_pdf(path: Path) -> list[bytes]:
    """Each page of a PDF as a JPEG at print resolution (A4 at 300 dpi), in order."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-jpeg",
                "-jpegopt",
                "quality=85",
                "-scale-to",
                str(PAGE_LONG_SIDE_PX),
                "-l",
                str(settings.UPLOAD_SCAN_MAX_PAGES),
                str(path),
                str(prefix),
            ],
            capture_output=True,
            timeout=POPPLER_TIMEOUT_S,
            check=True,
        )
        return [p.read_bytes() for p in sorted(Path(folder).glob("page-*.jpg"))]
