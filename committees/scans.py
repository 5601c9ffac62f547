"""The signed scan of an appointment order: a PDF or an image, checked by content, size-limited,
stored under a generated name, and turned into page images for the report.

A PDF is rasterised once, when it is attached (pdftoppm, A4 at 300 dpi), not when a report is
rendered: rendering stays as fast as plain WeasyPrint on the same HTML, the HTML written by
render_report keeps naming every image it shows, and a PDF poppler cannot read is refused to
the person uploading it instead of failing a publication later. A PDF attached as a PDF
(attachment) would not print and most readers would not show it as the appendix.

A PDF decides how much work its rendering takes (a 1 MB file can hold an image of 400 million
pixels), so before rendering pdfinfo and pdfimages read its pages, their sizes and the sizes of
the images it holds, and poppler runs in its own process under memory, CPU and wall-clock limits
(ita_portal/lib/limited_run.py). Every limit met is a Thai refusal to the uploader. All of it
happens in prepare_scan, before the order is written: no database transaction is open (SQLite
would hold its write lock) while poppler works.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from ita_portal.lib import thai
from ita_portal.lib.limited_run import LimitExceeded, Limits, run_limited
from ita_portal.lib.pdf_check import path_of
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
ERROR_SCAN_TOO_MANY_PIXELS = (
    "หน้าของไฟล์ PDF นี้เมื่อแปลงเป็นภาพสำหรับรายงานรวมกันได้ {pixels} ล้านพิกเซล"
    " เกินที่รับได้ {limit} ล้านพิกเซล กรุณาส่งไฟล์ที่มีหน้าขนาด A4"
)
ERROR_SCAN_IMAGE_TOO_LARGE = (
    "ภาพในไฟล์ PDF นี้มีขนาด {width} × {height} พิกเซล เกินขนาดสูงสุดที่รับได้ {limit} ล้านพิกเซล"
    " กรุณาสแกนใหม่ที่ความละเอียดไม่เกิน ๖๐๐ dpi แล้วอัปโหลดอีกครั้ง"
)
ERROR_SCAN_TOO_SLOW = (
    "แปลงไฟล์ PDF นี้เป็นภาพไม่เสร็จภายใน {seconds} วินาที (ไฟล์อาจซับซ้อนเกินไป)"
    " กรุณาสแกนใหม่หรือบันทึกเป็นรูปภาพ แล้วอัปโหลดอีกครั้ง"
)
ERROR_SCAN_TOO_HEAVY = (
    "แปลงไฟล์ PDF นี้เป็นภาพไม่ได้ เพราะต้องใช้หน่วยความจำเกินที่กำหนด"
    " กรุณาสแกนใหม่ที่ความละเอียดต่ำลง แล้วอัปโหลดอีกครั้ง"
)

# A4's long side at 300 dpi: print resolution, and a bound on any page's size in pixels.
PAGE_LONG_SIDE_PX = 3508


@dataclass(frozen=True)
class PreparedScan:
    """A checked scan ready to store: the file the order keeps and its pages as images."""

    file: Any  # the PDF as uploaded, or the photo made fit for storage
    pages: tuple[tuple[bytes, str], ...]  # (image bytes, ".jpg"/".png"/…) in page order


def poppler_limits() -> Limits:
    """The limits every poppler run on a scan gets (settings UPLOAD_SCAN_*)."""
    return Limits(
        memory_bytes=settings.UPLOAD_SCAN_MAX_MEMORY_MB * 1024 * 1024,
        cpu_seconds=settings.UPLOAD_SCAN_MAX_CPU_SECONDS,
        wall_seconds=settings.UPLOAD_SCAN_TIMEOUT_SECONDS,
    )


def scan_kind(upload: Any) -> str | None:
    """'pdf', an image format ('JPEG', 'PNG', 'WEBP'), or None for anything else."""
    if looks_like_pdf(upload):
        return "pdf"
    return detect_image_format(upload)


def prepare_scan(upload: Any) -> PreparedScan:
    """The scan checked and its pages made (a PDF rasterised under limits), or a Thai
    ValidationError. Call it before any transaction; the answer is remembered on the upload, so
    the form, the admin and the model's validator ask poppler once."""
    found = getattr(upload, "_prepared_scan", None)
    if isinstance(found, ValidationError):
        raise found
    if isinstance(found, PreparedScan):
        return found
    try:
        prepared = _prepare(upload)
    except ValidationError as error:
        upload._prepared_scan = error
        raise
    upload._prepared_scan = prepared
    prepared.file._prepared_scan = prepared
    return prepared


def _prepare(upload: Any) -> PreparedScan:
    validate_scan(upload)
    stored = pdf_or_photo_for_storage(
        upload, stem="scan", max_bytes=settings.UPLOAD_SCAN_MAX_BYTES, max_side=PAGE_LONG_SIDE_PX
    )
    if stored is not upload:  # a photo: it is its own one page
        stored.seek(0)
        return PreparedScan(stored, ((stored.read(), Path(stored.name).suffix),))
    with path_of(upload) as path:
        pages = rasterise_pdf(path)
    return PreparedScan(upload, tuple((page, ".jpg") for page in pages))


def scan_for_storage(upload: Any) -> Any:
    """The signed scan as it is kept: a PDF as uploaded; a photo of the order upright, at most
    an A4 page at 300 dpi, and without its metadata (it is printed in the public report)."""
    return prepare_scan(upload).file


def validate_scan(upload: Any) -> None:
    """Refuse a scan that is too large, not a real PDF or image, unreadable, too long, or whose
    pages or images are larger than rendering may take (read by pdfinfo and pdfimages)."""
    inner = getattr(upload, "_file", None)  # a FieldFile given an upload wraps it
    if isinstance(getattr(inner, "_prepared_scan", None), PreparedScan):
        return  # checked when it was prepared
    refuse_if_larger(upload, settings.UPLOAD_SCAN_MAX_BYTES, ERROR_SCAN_TOO_LARGE)
    kind = scan_kind(upload)
    if kind is None:
        raise ValidationError(ERROR_SCAN_TYPE, code="not_scan")
    if kind != "pdf":
        return
    with path_of(upload) as path:
        sizes = _page_sizes(path)
        _refuse_large_render(sizes)
        _refuse_large_images(path)


def _poppler(command: Sequence[str]) -> str:
    """What a poppler tool prints, run under the scan limits; a Thai refusal when it fails."""
    try:
        return run_limited(command, poppler_limits()).stdout.decode("utf-8", "replace")
    except LimitExceeded as exceeded:
        logger.warning("scan refused: %s ran out of %s", command[0], exceeded.reason)
        if exceeded.reason == "memory":
            raise ValidationError(ERROR_SCAN_TOO_HEAVY, code="too_heavy") from None
        seconds = thai.to_thai_digits(settings.UPLOAD_SCAN_TIMEOUT_SECONDS)
        raise ValidationError(
            ERROR_SCAN_TOO_SLOW.format(seconds=seconds), code="too_slow"
        ) from None
    except (subprocess.SubprocessError, OSError):
        raise ValidationError(ERROR_SCAN_UNREADABLE, code="unreadable") from None


def _page_sizes(path: Path) -> list[tuple[float, float]]:
    """Each page's size in points, read by pdfinfo (refused: unreadable, or too many pages)."""
    limit = settings.UPLOAD_SCAN_MAX_PAGES
    out = _poppler(["pdfinfo", "-f", "1", "-l", str(limit + 1), str(path)])
    pages, sizes = 0, []
    for line in out.splitlines():
        words = line.split()
        if line.startswith("Pages:") and words[-1].isdigit():
            pages = int(words[-1])
        elif line.startswith("Page ") and len(words) >= 6 and words[2] == "size:":
            try:
                sizes.append((float(words[3]), float(words[5])))
            except ValueError:
                pass
    if pages < 1 or not sizes:
        raise ValidationError(ERROR_SCAN_UNREADABLE, code="unreadable")
    if pages > limit:
        raise ValidationError(
            ERROR_SCAN_TOO_MANY_PAGES.format(
                pages=thai.to_thai_digits(pages), limit=thai.to_thai_digits(limit)
            ),
            code="too_many_pages",
        )
    return sizes


def rendered_pixels(width_pt: float, height_pt: float) -> int:
    """Pixels pdftoppm writes for a page of this size, scaled to PAGE_LONG_SIDE_PX."""
    long_side = max(width_pt, height_pt, 1e-6)
    scale = PAGE_LONG_SIDE_PX / long_side
    return max(1, round(width_pt * scale)) * max(1, round(height_pt * scale))


def _refuse_large_render(sizes: list[tuple[float, float]]) -> None:
    total = sum(rendered_pixels(w, h) for w, h in sizes)
    limit = settings.UPLOAD_SCAN_MAX_PIXELS
    if total > limit:
        raise ValidationError(
            ERROR_SCAN_TOO_MANY_PIXELS.format(
                pixels=thai.to_thai_digits(f"{total / 1_000_000:.1f}"),
                limit=thai.to_thai_digits(f"{limit / 1_000_000:g}"),
            ),
            code="too_many_pixels",
        )


def _refuse_large_images(path: Path) -> None:
    """Refuse a PDF holding an image poppler would have to decode beyond the pixel limit."""
    limit = settings.UPLOAD_SCAN_MAX_IMAGE_PIXELS
    last = str(settings.UPLOAD_SCAN_MAX_PAGES)
    out = _poppler(["pdfimages", "-list", "-f", "1", "-l", last, str(path)])
    for line in out.splitlines()[2:]:  # two header lines
        words = line.split()
        if len(words) < 5 or not (words[3].isdigit() and words[4].isdigit()):
            continue
        width, height = int(words[3]), int(words[4])
        if width * height > limit:
            raise ValidationError(
                ERROR_SCAN_IMAGE_TOO_LARGE.format(
                    width=thai.to_thai_digits(f"{width:,}"),
                    height=thai.to_thai_digits(f"{height:,}"),
                    limit=thai.to_thai_digits(f"{limit / 1_000_000:g}"),
                ),
                code="image_too_large",
            )


def scan_upload_to(instance: Any, filename: str) -> str:
    """A generated name whose extension follows the detected content, not the upload's name."""
    kind = scan_kind(instance.signed_scan.file)
    suffix = ".pdf" if kind == "pdf" else FORMAT_EXTENSIONS.get(kind or "", "")
    return f"committees/orders/{uuid.uuid4().hex}{suffix}"


def page_upload_to(instance: Any, filename: str) -> str:
    return f"committees/orders/pages/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def rasterise_pdf(path: Path) -> list[bytes]:
    """Each page of a PDF as a JPEG at print resolution (A4 at 300 dpi), in order: pdftoppm in
    its own process under the scan limits, a Thai refusal when it fails or runs out of them."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "page"
        _poppler(
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
            ]
        )
        pages = [p.read_bytes() for p in sorted(Path(folder).glob("page-*.jpg"))]
    if not pages:
        raise ValidationError(ERROR_SCAN_UNREADABLE, code="unreadable")
    return pages
