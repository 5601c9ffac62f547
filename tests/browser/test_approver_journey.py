"""The approver journey in a real browser, at 1366×900 and 390×844: the inbox, a plan returned with a comment, approved
after staff resubmit it, then the report published after its confirmation page.

Clicks after log-in are counted for the review note: CLICKS=1 prints them.
"""

from __future__ import annotations

import os

import pytest

from .conftest import VIEWPORTS, blocking_violations, page_width, stand_in_pdf
from .test_staff_journey import Clicks
from .test_workspace import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan_waiting(demo):
    """The seed's plan reopened by the approver and submitted again by staff."""
    from actionplans import services
    from actionplans.models import ActionPlan
    from assessments.demo import SEED_AGENCY_CODE

    plan = ActionPlan.objects.get(assessment=demo.assessments[SEED_AGENCY_CODE])
    services.actionplan_reopen(plan=plan, user=demo.users["demo-approver"], comment="ปรับปีถัดไป")
    return services.actionplan_submit(plan=plan, user=demo.users["demo-staff"])


def open_from_inbox(page, clicks: Clicks) -> None:
    page.goto("/admin/")
    clicks.click(page.locator("#inbox").get_by_role("link", name="พิจารณา"))
    page.wait_for_url("**/admin/actionplans/actionplan/*/change/")


@VIEWPORTS
def test_the_approver_returns_approves_and_publishes(
    page, demo, plan_waiting, media_root, monkeypatch, viewport
):
    from actionplans import services
    from reports import publishing
    from reports.models import ReportPublication

    monkeypatch.setattr(publishing, "render_pdf", stand_in_pdf)
    page.set_viewport_size(viewport)
    clicks = Clicks()
    log_in(page, "demo-approver")
    open_from_inbox(page, clicks)
    # The plan under approval: every row and activity on the page, read-only, none too wide.
    page.get_by_role("button", name="เปิดทุกแถว").click()
    assert page.locator('textarea[name$="-activities-0-text"]').count() == 0
    assert page.locator(".plan-activity-readonly").count() > 0
    assert page_width(page) <= viewport["width"]
    page.get_by_label("เหตุผลที่ส่งกลับ").fill("ระบุกลุ่มผู้รับผิดชอบให้ชัด")
    clicks.click(page.get_by_role("button", name="ส่งกลับแก้ไข"))
    last = plan_waiting.transitions.order_by("-at", "-pk").first()
    assert (last.action, last.comment) == ("return", "ระบุกลุ่มผู้รับผิดชอบให้ชัด")
    # Staff correct and submit again (their journey is tests/browser/test_staff_journey.py).
    services.actionplan_submit(plan=plan_waiting, user=demo.users["demo-staff"])
    open_from_inbox(page, clicks)
    assert blocking_violations(page) == []
    clicks.click(page.get_by_role("button", name="อนุมัติแผน"))
    plan_waiting.refresh_from_db()
    assert plan_waiting.status == "approved"
    page.goto(f"/manage/reports/{plan_waiting.assessment_id}/")
    clicks.count += 1  # the workspace's "publish" step links here
    clicks.click(page.get_by_role("link", name="เผยแพร่รายงานฉบับใหม่…"))
    clicks.click(page.get_by_role("button", name="ยืนยันเผยแพร่ฉบับที่ 1"))
    assert "เผยแพร่รายงานฉบับที่ 1 แล้ว" in page.inner_text("body")
    assert ReportPublication.objects.filter(assessment_id=plan_waiting.assessment_id).count() == 1
    if os.environ.get("CLICKS"):
        print(f"approver journey, {viewport['width']} px: {clicks.count} clicks after log-in")
