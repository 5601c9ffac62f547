"""The audit history on a phone: Thai words only, and no wider than the screen (issue 21)."""

from __future__ import annotations

import os

import pytest

from .conftest import page_width
from .test_admin_thai import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_approver_reads_a_plans_history_on_a_390_px_screen(page, demo):
    from django.utils import timezone

    from actionplans.models import ActionPlan, PlanActivity

    plan = ActionPlan.objects.filter(assessment__agency__code="pathumthani-2").first()
    plan.submitted_at = timezone.now()
    plan.save()
    activity = PlanActivity.objects.filter(item__plan=plan).order_by("pk").first()
    activity.all_units, activity.budget = not activity.all_units, None
    activity.save()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "demo-approver")
    page.goto(f"/admin/actionplans/actionplan/{plan.pk}/audit/")
    text = page.inner_text("#content-main")
    assert "และทุกกลุ่ม/หน่วย" in text and "เสนอเมื่อ" in text
    for machine in ("None", "True", "False"):
        assert machine not in text
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/audit-390.png", full_page=True)
    assert page_width(page) <= 390
