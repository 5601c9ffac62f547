"""Before a report is published, each PDF it brings to the public is opened again.

Uploads are checked when they come (ita_portal/lib/pdf_check.py), but files stored before that
check were taken on their first bytes alone: arbitrary bytes behind "%PDF-" would be published
as evidence. Publishing (and its confirmation page) lists each such file by its item, and waits
until it is replaced.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from actionplans.models import ProgressReport
from assessments.models import Assessment
from committees.models import CommitteeOrder
from ita_portal.lib import thai
from ita_portal.lib.pdf_check import is_readable_pdf
from oit.models import EvidenceFile

logger = logging.getLogger(__name__)

ERROR_BAD_PDF = (
    "ยังเผยแพร่ไม่ได้: {where} ไฟล์ “{name}” ไม่ใช่ไฟล์ PDF ที่ถูกต้อง (เปิดอ่านไม่ได้)"
    " กรุณาแทนที่ด้วยไฟล์ PDF ที่เปิดได้ก่อนเผยแพร่"
)
WHERE_OIT = "หลักฐาน OIT ข้อ {code}"
WHERE_PROGRESS = "รายงานความก้าวหน้าของ “{item}” วันที่ {date}"
WHERE_ORDER = "คำสั่งแต่งตั้งคณะกรรมการ {order} (ฉบับลงนาม)"


@dataclass(frozen=True)
class StoredPdf:
    where: str
    name: str  # what the user calls it: its title, or the stored name
    file: Any  # the FieldFile
    max_pages: int


def _stored_pdfs(assessment: Assessment) -> Iterator[StoredPdf]:
    """The PDFs that publishing the assessment's report makes public (named by content: .pdf)."""
    pages = settings.UPLOAD_PDF_MAX_PAGES
    files = EvidenceFile.objects.filter(
        evidence__assessment=assessment, file__iendswith=".pdf"
    ).select_related("evidence__item")
    for item in files:
        where = WHERE_OIT.format(code=item.evidence.item.code)
        yield StoredPdf(where, item.title or item.file.name or "", item.file, pages)
    reports = ProgressReport.objects.filter(
        item__plan__assessment=assessment, evidence_file__iendswith=".pdf"
    ).select_related("item")
    for report in reports:
        where = WHERE_PROGRESS.format(
            item=report.item, date=thai.thai_date(report.reported_on, abbreviated=True)
        )
        yield StoredPdf(where, report.evidence_file.name or "", report.evidence_file, pages)
    orders = CommitteeOrder.objects.filter(assessment=assessment, signed_scan__iendswith=".pdf")
    for order in orders:
        where = WHERE_ORDER.format(order=order)
        scan_pages = settings.UPLOAD_SCAN_MAX_PAGES
        yield StoredPdf(where, order.signed_scan.name or "", order.signed_scan, scan_pages)


def _opens(stored: StoredPdf) -> bool:
    try:
        with stored.file.open("rb") as handle:
            return is_readable_pdf(handle, max_pages=stored.max_pages)
    except OSError:
        return False


def bad_pdf_messages(assessment: Assessment) -> list[str]:
    """A Thai message for each stored PDF of the assessment that does not open as a PDF."""
    messages = []
    for stored in _stored_pdfs(assessment):
        if not _opens(stored):
            logger.warning("stored file is not a readable PDF: %s (%s)", stored.name, stored.where)
            messages.append(ERROR_BAD_PDF.format(where=stored.where, name=stored.name))
    return messages
