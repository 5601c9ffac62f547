"""Two tabs on one committee order: the later save is refused in Thai, its input kept, and the
member the other tab renamed is shown beside it (the edit lock of issue 24, in a browser)."""

from __future__ import annotations

import os

from ita_portal.lib.admin_locking import ERROR_STALE_EDIT

from .conftest import DESKTOP
from .test_admin_thai import log_in


def test_the_second_tab_is_refused_and_keeps_what_was_typed(page, browser, live_server, demo):
    from committees.models import CommitteeOrder

    order = CommitteeOrder.objects.get(agency__code="pathumthani-2")
    url = f"/admin/committees/committeeorder/{order.pk}/change/"
    other_context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    other = other_context.new_page()
    try:
        log_in(page, "demo-staff")
        log_in(other, "demo-approver")
        page.goto(url)
        other.goto(url)

        other.locator("#id_members-0-name").fill("นางสาวแก้ไข ชื่อกรรมการ")
        other.get_by_role("button", name="บันทึกและกลับมาแก้ไข").click()
        assert "เรียบร้อยแล้ว" in other.locator(".messagelist").inner_text()

        page.locator("#id_subject").fill("เรื่องที่พิมพ์ในแท็บแรก")
        page.get_by_role("button", name="บันทึกและกลับมาแก้ไข").click()
        page.wait_for_selector(".edit-conflict")
        if os.environ.get("EDIT_LOCK_SCREENSHOT"):
            page.screenshot(path=os.environ["EDIT_LOCK_SCREENSHOT"], full_page=False)
        assert ERROR_STALE_EDIT in page.content()
        assert page.locator("#id_subject").input_value() == "เรื่องที่พิมพ์ในแท็บแรก"
        assert page.locator("#id_members-0-name").input_value() == "นางสาวแก้ไข ชื่อกรรมการ"
        order.refresh_from_db()
        assert order.subject != "เรื่องที่พิมพ์ในแท็บแรก"
    finally:
        other_context.close()
