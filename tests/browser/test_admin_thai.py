"""The admin in a real browser: its JavaScript speaks Thai and its calendar works in พ.ศ."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ita_portal.lib.thai import be_numeric_date, be_year

from ..conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/admin/")


def test_a_date_is_picked_shown_and_saved_in_the_buddhist_era(page, demo):
    from committees.models import CommitteeOrder

    order = CommitteeOrder.objects.get(agency__code="pathumthani-2")
    log_in(page, "demo-staff")
    page.goto(f"/admin/committees/committeeorder/{order.pk}/change/")
    signed = page.locator("#id_signed_date")
    assert signed.input_value() == be_numeric_date(order.signed_date)  # e.g. 05/07/2563

    # The calendar beside the box: Thai names, the พ.ศ. year in its caption, Thai quick links.
    page.locator("#calendarlink1").click()
    calendar = page.locator("#calendarbox1")
    assert calendar.locator("caption").inner_text().endswith(str(be_year(order.signed_date.year)))
    calendar.get_by_role("link", name="วันนี้").click()
    today = timezone.localdate()
    assert signed.input_value() == be_numeric_date(today)

    page.get_by_role("button", name="บันทึกและกลับมาแก้ไข").click()
    assert "เรียบร้อยแล้ว" in page.locator(".messagelist").inner_text()
    order.refresh_from_db()
    assert order.signed_date == today
    assert page.locator("#id_signed_date").input_value() == be_numeric_date(today)
