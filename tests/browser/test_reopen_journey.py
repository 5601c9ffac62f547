"""A request to reopen an approved plan in a real browser, at 1366×900 and 390×844 (issue 21):
staff ask, the approver finds it in the inbox (and the header's count), declines with a
reason, staff read why on the plan page and in their e-mail.

WORKSPACE_SCREENS=<folder> keeps screenshots of the inbox and the plan page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core import mail

from .conftest import VIEWPORTS, blocking_violations, page_width
from .test_workspace import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "งบประมาณปีนี้ถูกปรับลด ต้องตัดกิจกรรมอบรมเชิงปฏิบัติการออกหนึ่งรายการ"
DECLINE_REASON = "ใช้แผนเดิมให้ครบปี แล้วปรับกิจกรรมอบรมในแผนของปีงบประมาณถัดไป"


def shoot(page, name: str, viewport: dict) -> None:
    folder = os.environ.get("WORKSPACE_SCREENS")
    if folder:
        path = Path(folder) / f"reopen-{name}-{viewport['width']}.png"
        page.screenshot(path=str(path), full_page=True)


def switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


def fits(page, viewport: dict) -> None:
    assert page_width(page) <= viewport["width"]
    assert blocking_violations(page) == []


@VIEWPORTS
def test_staff_ask_the_approver_declines_with_a_reason_and_staff_read_why(page, demo, viewport):
    from actionplans.models import ActionPlan, ReopenRequest
    from assessments.demo import SEED_AGENCY_CODE

    plan = ActionPlan.objects.get(assessment=demo.assessments[SEED_AGENCY_CODE])
    plan_page = f"/admin/actionplans/actionplan/{plan.pk}/change/"
    page.set_viewport_size(viewport)

    log_in(page, "demo-staff")
    page.goto(plan_page)
    page.get_by_label("เหตุผลที่ขอเปิดแก้ไข").fill(REASON)
    page.get_by_role("button", name="ขอให้ผู้บริหารเปิดแก้ไขแผน").click()
    assert "ส่งคำขอเปิดแก้ไขแผนแล้ว" in page.inner_text(".messagelist")

    switch_user(page, "demo-approver")
    assert page.locator(".ws-header-count").inner_text() == "รออนุมัติ ๑"
    item = page.locator("#reopen-inbox .ws-request")
    assert item.count() == 1
    text = item.inner_text()
    assert REASON in text and "เจ้าหน้าที่" in text and "พ.ศ. ๒๕" in text
    shoot(page, "inbox", viewport)
    fits(page, viewport)
    # Without a reason the browser keeps the form (the server says so too: tests/actionplans).
    item.get_by_role("button", name="ไม่เปิดแก้ไข").click()
    assert ReopenRequest.objects.get().outcome == "open"
    item.get_by_label("เหตุผลของผู้บริหาร").fill(DECLINE_REASON)
    item.get_by_role("button", name="ไม่เปิดแก้ไข").click()
    page.wait_for_url(f"**{plan_page}")
    assert "ไม่เปิดแก้ไขแผนตามคำขอแล้ว" in page.inner_text(".messagelist")
    assert page.locator(".ws-header-count").count() == 0

    # The request went to the approver; the answer goes to the requester alone.
    staff_email = demo.users["demo-staff"].email
    assert [m.to for m in mail.outbox] == [["demo-approver@example.invalid"], [staff_email]]
    assert DECLINE_REASON in mail.outbox[-1].body

    switch_user(page, "demo-staff")
    page.goto(plan_page)
    history = page.locator("#reopen-history")
    text = history.inner_text()
    assert REASON in text and DECLINE_REASON in text and "ไม่เปิดแก้ไข" in text
    shoot(page, "plan", viewport)
    fits(page, viewport)
