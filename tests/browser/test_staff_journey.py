"""The staff journey in a real browser: scores typed in Thai digits, a mistake and its Thai
message, the computed result, then the plan submitted for approval.

Clicks after log-in are counted for the review note: CLICKS=1 prints them.
"""

from __future__ import annotations

import os

import pytest

from .conftest import blocking_violations, page_width
from .test_workspace import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORE = "๙๑.๒๕"


class Clicks:
    def __init__(self) -> None:
        self.count = 0

    def click(self, locator) -> None:
        """Every counted click loads a page: wait for it before anything reads the page."""
        self.count += 1
        with locator.page.expect_navigation():
            locator.click()


def test_staff_enter_a_score_fix_a_mistake_and_see_the_result(page, demo):
    from assessments.demo import SEED_AGENCY_CODE
    from assessments.models import Assessment

    assessment = Assessment.objects.get(agency__code=SEED_AGENCY_CODE, framework__fiscal_year=2562)
    clicks = Clicks()
    log_in(page, "demo-staff")
    # The workspace opens on the newest year (๒๕๖๓): choose ๒๕๖๒, then its first step.
    page.select_option("#ws-year", "2562")
    clicks.click(page.get_by_role("button", name="แสดง", exact=True))
    clicks.click(page.get_by_role("link", name="ตรวจ/แก้ไขคะแนน").first)
    page.wait_for_url(f"**/admin/assessments/assessment/{assessment.pk}/change/**")
    first = page.locator("#id_scores-0-score")
    first.fill("๑๒๐")
    clicks.click(page.get_by_role("button", name="บันทึกและกลับมาแก้ไข"))
    errors = page.locator(".errorlist").all_inner_texts()
    assert any("อยู่นอกช่วง 0–100" in text for text in errors), errors
    assert "Please correct" not in page.inner_text("body")
    page.locator("#id_scores-0-score").fill(SCORE)
    clicks.click(page.get_by_role("button", name="บันทึกและกลับมาแก้ไข"))
    result = page.get_by_role("region", name="ผลการคำนวณ (จากคะแนนที่บันทึกแล้ว)")
    assert "คะแนนรวมที่คำนวณได้" in result.inner_text()
    score = assessment.scores.order_by("indicator__number").first()
    assert str(score.score) == "91.25"
    assert blocking_violations(page) == []
    assert page_width(page) <= page.viewport_size["width"]
    if os.environ.get("CLICKS"):
        print(f"staff journey, scores: {clicks.count} clicks after log-in")


def test_staff_edit_the_plan_and_submit_it_in_one_press(page, demo):
    from actionplans.models import ActionPlan
    from assessments.demo import SEED_AGENCY_CODE

    plan = ActionPlan.objects.get(assessment=demo.assessments[SEED_AGENCY_CODE])
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.DRAFT)
    clicks = Clicks()
    log_in(page, "demo-staff")
    page.select_option("#ws-year", "2562")
    clicks.click(page.get_by_role("button", name="แสดง", exact=True))
    page.goto(f"/admin/actionplans/actionplan/{plan.pk}/change/")
    clicks.count += 1  # the plan's link in the workspace or the admin menu
    page.locator("#id_title").fill("แผนพัฒนาที่แก้ไขในเบราว์เซอร์")
    # No separate save: the submit button saves what was typed first.
    clicks.click(page.get_by_role("button", name="บันทึกและเสนออนุมัติ"))
    assert "บันทึกการแก้ไขและเสนออนุมัติแผนแล้ว" in page.inner_text("body")
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("แผนพัฒนาที่แก้ไขในเบราว์เซอร์", "submitted")
    assert page_width(page) <= page.viewport_size["width"] + 1
    if os.environ.get("CLICKS"):
        print(f"staff journey, plan: {clicks.count} clicks after log-in")
