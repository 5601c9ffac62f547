"""A scan bomb attached in the admin: the Thai refusal beside the field, on a desktop and a phone."""

from __future__ import annotations

import os

import pytest

from committees.scans import ERROR_SCAN_IMAGE_TOO_LARGE
from tests.imaging import pdf_with_blank_image

from .conftest import page_width
from .test_admin_thai import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_scan_bomb_is_refused_in_thai_beside_its_field(page, demo, media_root, tmp_path):
    from committees.models import CommitteeOrder

    order = CommitteeOrder.objects.get(agency__code="pathumthani-2")
    bomb = tmp_path / "คำสั่ง.pdf"
    bomb.write_bytes(pdf_with_blank_image(20_000))
    log_in(page, "demo-staff")
    page.goto(f"/admin/committees/committeeorder/{order.pk}/change/")
    page.set_input_files("#id_signed_scan", str(bomb))
    page.get_by_role("button", name="บันทึกและกลับมาแก้ไข").click()
    error = page.locator(".field-signed_scan .errorlist")
    assert ERROR_SCAN_IMAGE_TOO_LARGE.split("{")[0] in error.inner_text()
    shots = os.environ.get("SCREENSHOT_DIR")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        error.scroll_into_view_if_needed()
        if shots:
            page.screenshot(path=f"{shots}/scan-refusal-{width}.png")
        if width == 390:
            assert page_width(page) <= 390
    assert not [p for p in media_root.rglob("*") if p.is_file()]
