"""The signed order's scan: checked by content and size, stored under generated names, its
pages shown in the report instead of the retyped order, served only to those who may see it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from committees import services
from committees.models import CommitteeOrder, CommitteeOrderScanPage
from committees.scans import (
    ERROR_SCAN_TOO_LARGE,
    ERROR_SCAN_TOO_MANY_PAGES,
    ERROR_SCAN_TYPE,
    ERROR_SCAN_UNREADABLE,
    PAGE_LONG_SIDE_PX,
    validate_scan,
)
from ita_portal.backup import media_files
from reports.report.builder import build_report, render_report_html
from tests.imaging import pdf_bytes

from .test_photos import png_bytes

pytestmark = pytest.mark.django_db


def upload(content: bytes, name: str = "คำสั่ง ๑๓๓.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a scan at all", ERROR_SCAN_TYPE),
        (b"%PDF-1.7\nthis is no pdf\n%%EOF", ERROR_SCAN_UNREADABLE),
    ],
)
def test_what_is_not_a_readable_pdf_or_image_is_refused_in_thai(content, message):
    with pytest.raises(ValidationError) as caught:
        validate_scan(upload(content))
    assert caught.value.messages == [message]


def test_a_scan_over_the_size_or_page_limit_is_refused(settings):
    settings.UPLOAD_SCAN_MAX_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        validate_scan(upload(pdf_bytes(1)))
    assert caught.value.messages[0].startswith(ERROR_SCAN_TOO_LARGE.split("{")[0])
    settings.UPLOAD_SCAN_MAX_BYTES = 10 * 1024 * 1024
    settings.UPLOAD_SCAN_MAX_PAGES = 1
    with pytest.raises(ValidationError) as caught:
        validate_scan(upload(pdf_bytes(2)))
    assert caught.value.messages == [ERROR_SCAN_TOO_MANY_PAGES.format(pages="๒", limit="๑")]


def test_a_pdf_scan_becomes_page_images_at_print_resolution_under_generated_names(
    media, order, demo, django_capture_on_commit_callbacks
):
    staff = demo.users["demo-staff"]
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.committee_order_scan_attach(
                user=staff, order=order, upload=upload(pdf_bytes(2))
            )
            == 2
        )
    order.refresh_from_db()
    assert order.signed_scan.name.startswith("committees/orders/")
    assert order.signed_scan.name.endswith(".pdf") and "๑๓๓" not in order.signed_scan.name
    pages = list(order.scan_pages.order_by("number"))
    assert [p.number for p in pages] == [1, 2]
    with Image.open(default_storage.open(pages[0].image.name)) as image:
        assert image.format == "JPEG" and max(image.size) == PAGE_LONG_SIDE_PX
    # Replacing the scan with an image: one page, and the old files are gone.
    old = [order.signed_scan.name] + [p.image.name for p in pages]
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.committee_order_scan_attach(
                user=staff, order=order, upload=upload(png_bytes((300, 420)), "scan.png")
            )
            == 1
        )
    assert not any(default_storage.exists(name) for name in old)
    assert CommitteeOrderScanPage.objects.get(order=order).image.name.endswith(".png")


def test_the_report_shows_the_scan_instead_of_the_retyped_order(
    media, order, demo, seed_assessment
):
    html = render_report_html(build_report(seed_assessment), mode="pdf", draft=False)
    assert 'class="order order-form"' in html and "สั่ง ณ วันที่" in html
    services.committee_order_scan_attach(
        user=demo.users["demo-staff"], order=order, upload=upload(pdf_bytes(2))
    )
    report = build_report(seed_assessment)
    assert len(report.order_scan) == 2
    assert report.order_scan[1].alt.endswith("ฉบับลงนาม หน้า ๒ จาก ๒")
    html = render_report_html(report, mode="pdf", draft=False)
    assert 'class="order order-scan"' in html and 'class="order order-form"' not in html
    assert html.count('<figure class="order-scan-page">') == 2
    # The contents still cite the order from its data.
    assert any(e.anchor == "order" and "๑๓๓/๒๕๖๓" in e.title for e in report.toc)
    services.committee_order_scan_remove(user=demo.users["demo-staff"], order=order)
    assert build_report(seed_assessment).order_scan == ()


def test_an_outsider_cannot_attach_a_scan(media, order, demo):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.committee_order_scan_attach(
            user=demo.users["demo-other"], order=order, upload=upload(pdf_bytes(1))
        )
    assert not order.scan_pages.exists()


def _admin_post(client, order: CommitteeOrder, scan) -> object:
    members = list(order.members.order_by("sequence"))
    data = {
        "agency": order.agency_id,
        "assessment": order.assessment_id or "",
        "number": order.number,
        "year": order.year,
        "subject": order.subject,
        "preamble": order.preamble,
        "duties": order.duties,
        "closing": order.closing,
        "effective_date": order.effective_date.isoformat(),
        "signed_date": order.signed_date.isoformat(),
        "signer_name": order.signer_name,
        "signer_title": order.signer_title,
        "signed_scan": scan,
        # The version the page was opened at (the edit lock).
        "edit_version": CommitteeOrder.objects.get(pk=order.pk).lock_version,
        "members-TOTAL_FORMS": len(members),
        "members-INITIAL_FORMS": len(members),
        "members-MIN_NUM_FORMS": 0,
        "members-MAX_NUM_FORMS": 1000,
    }
    for i, m in enumerate(members):
        data.update(
            {
                f"members-{i}-id": m.pk,
                f"members-{i}-committee": order.pk,
                f"members-{i}-sequence": m.sequence,
                f"members-{i}-name": m.name,
                f"members-{i}-position": m.position,
                f"members-{i}-role": m.role_id,
            }
        )
    url = reverse("admin:committees_committeeorder_change", args=[order.pk])
    return client.post(url, data)


def test_staff_attach_the_scan_in_the_admin_and_a_bad_file_keeps_nothing(
    media, order, staff_client
):
    response = _admin_post(staff_client, order, upload(b"GIF89a not allowed", "x.gif"))
    assert response.status_code == 200
    assert ERROR_SCAN_TYPE in response.content.decode()
    assert media_files() == []
    response = _admin_post(staff_client, order, upload(pdf_bytes(2)))
    assert response.status_code == 302
    assert order.scan_pages.count() == 2


def test_scan_pages_are_served_to_the_agency_and_to_everyone_once_published(
    media, order, demo, staff_client, outsider_client, anonymous_client, seed_assessment
):
    services.committee_order_scan_attach(
        user=demo.users["demo-staff"], order=order, upload=upload(pdf_bytes(1))
    )
    page = order.scan_pages.get()
    for name in (page.image.name, CommitteeOrder.objects.get(pk=order.pk).signed_scan.name):
        url = reverse("reports:media", args=[name])
        assert staff_client.get(url).status_code == 200
        assert outsider_client.get(url).status_code == 404
        assert anonymous_client.get(url).status_code == 404
    from django.utils import timezone

    from reports.models import ReportPublication

    # Test setup only: publishing itself is tested with the reports.
    ReportPublication.objects.create(
        assessment=seed_assessment,
        version=1,
        published_at=timezone.now(),
        pdf="reports/x.pdf",
        html="",
        sha256="0" * 64,
    )
    assert anonymous_client.get(reverse("reports:media", args=[page.image.name])).status_code == 200


def test_a_phone_photo_of_the_signed_order_is_kept_without_its_location(media, order, staff_client):
    # The page image is printed in the public report: no camera or location data may ride along.
    from PIL import Image

    from tests.imaging import has_no_camera_data, jpeg_with_gps

    photo = jpeg_with_gps((4000, 3000), orientation=6)
    response = _admin_post(staff_client, order, upload(photo, "IMG_0001.jpg"))
    assert response.status_code == 302
    order.refresh_from_db()
    page = order.scan_pages.get()
    for name in (order.signed_scan.name, page.image.name):
        with Image.open(default_storage.open(name)) as stored:
            assert has_no_camera_data(stored), name
            assert stored.size == (2631, 3508), "upright, an A4 page at 300 dpi at most"
