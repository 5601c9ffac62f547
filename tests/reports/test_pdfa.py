"""The report's PDF holds to PDF/A-3a with a signed scan and meeting photos (issue 22)."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from committees import services
from committees.models import CommitteeOrder, Meeting
from ita_portal.lib.pdf import render_pdf
from reports.report.builder import build_report, render_report_html
from tests.imaging import jpeg_with_gps, pdf_bytes
from tests.pdfa_rules import Name, Pdf, violations

pytestmark = pytest.mark.django_db


def _png_with_alpha() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (20, 120, 40, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_report_with_a_signed_scan_and_meeting_photos_keeps_to_pdfa(
    seed_assessment, demo, seed_agency, media_root
):
    staff = demo.users["demo-staff"]
    order = CommitteeOrder.objects.get(agency=seed_agency)
    services.committee_order_scan_attach(
        user=staff,
        order=order,
        upload=SimpleUploadedFile("คำสั่ง.pdf", pdf_bytes(2), "application/pdf"),
    )
    meeting = Meeting.objects.get(agency=seed_agency)
    for name, content, kind in (
        ("p1.jpg", jpeg_with_gps((800, 600)), "image/jpeg"),
        ("p2.jpg", jpeg_with_gps((600, 800), orientation=6), "image/jpeg"),
        ("board.png", _png_with_alpha(), "image/png"),  # a soft mask: transparency in PDF/A
    ):
        services.meeting_photo_add(
            user=staff, meeting=meeting, image=SimpleUploadedFile(name, content, kind)
        )
    report = build_report(seed_assessment)
    assert len(report.order_scan) == 2
    html = render_report_html(report, mode="pdf", draft=False)
    assert html.count("<img") >= 5
    pdf = render_pdf(html)
    if os.environ.get("PDFA_DUMP"):
        open(os.environ["PDFA_DUMP"], "wb").write(pdf)
    assert violations(pdf) == []
    images = [d for _, d in Pdf(pdf).dictionaries() if d.get("Subtype") == Name("Image")]
    assert len(images) >= 6 and any("SMask" in image for image in images), images
