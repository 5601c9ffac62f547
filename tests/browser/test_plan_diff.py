"""The approver of a resubmitted plan sees what changed since the approved version.

With WORKSPACE_SCREENS=<dir> the plan page is saved as plan-diff.png.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import blocking_violations, page_width
from .test_workspace import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_approver_sees_the_changes_of_a_resubmitted_plan(page, demo):
    from actionplans import services
    from actionplans.models import ActionPlan
    from assessments.demo import SEED_AGENCY_CODE

    approver, staff = demo.users["demo-approver"], demo.users["demo-staff"]
    plan = ActionPlan.objects.get(assessment=demo.assessments[SEED_AGENCY_CODE])
    plan = services.actionplan_reopen(plan=plan, user=approver, comment="เพิ่มงบประมาณ")
    plan = services.actionplan_update(plan=plan, user=staff, title="แผนฉบับปรับปรุงงบประมาณ")
    activity = plan.items.order_by("indicator__number", "order").first().activities.first()
    activity.budget, activity.end_month, activity.end_year = Decimal("20000"), 3, 2563
    activity.save()
    services.actionplan_submit(plan=plan, user=staff)
    log_in(page, "demo-approver")
    page.goto(f"/admin/actionplans/actionplan/{plan.pk}/change/")
    section = page.locator("#plan-diff")
    assert section.get_by_role("heading", name="สิ่งที่เปลี่ยนจากฉบับที่อนุมัติล่าสุด").is_visible()
    text = section.inner_text()
    assert "แผนฉบับปรับปรุงงบประมาณ" in text and "๒๐,๐๐๐ บาท" in text
    assert blocking_violations(page) == []
    assert page_width(page) <= page.viewport_size["width"]
    folder = os.environ.get("WORKSPACE_SCREENS")
    if folder:
        page.screenshot(path=str(Path(folder) / "plan-diff.png"))


def test_the_approver_sees_a_request_to_reopen_with_its_reason(page, demo):
    from actionplans import services
    from actionplans.models import ActionPlan
    from assessments.demo import SEED_AGENCY_CODE

    plan = ActionPlan.objects.get(assessment=demo.assessments[SEED_AGENCY_CODE])
    reason = "งบประมาณปีนี้ถูกปรับลด ต้องปรับกิจกรรมอบรมให้สอดคล้อง"
    services.actionplan_request_reopen(plan=plan, user=demo.users["demo-staff"], reason=reason)
    log_in(page, "demo-approver")
    page.goto(f"/admin/actionplans/actionplan/{plan.pk}/change/")
    section = page.locator("#reopen-requests")
    assert reason in section.inner_text()
    assert section.get_by_role("button", name="ไม่เปิดแก้ไขตามคำขอ").is_visible()
    # The breadcrumbs' links are underlined (admin.css): a long plan title no longer makes axe
    # read them as links told apart by colour alone.
    assert blocking_violations(page) == []
    folder = os.environ.get("WORKSPACE_SCREENS")
    if folder:
        page.screenshot(path=str(Path(folder) / "plan-reopen-request.png"))
