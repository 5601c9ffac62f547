"""The staff journey in a real browser, at 1366×900 and 390×844: scores typed in Thai digits,
a mistake and its Thai message, the computed result, then the plan edited on its one page (an
activity changed, one added) and submitted for approval in one press.

Clicks after log-in are counted for the review note: CLICKS=1 prints them. With
WORKSPACE_SCREENS=<dir> the plan's page, one row open, is saved as plan-one-page-<width>.png.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import VIEWPORTS, blocking_violations, page_width
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

    def tap(self, locator) -> None:
        """A counted click that stays on the page (opening a row, adding an activity)."""
        self.count += 1
        locator.click()


@VIEWPORTS
def test_staff_enter_a_score_fix_a_mistake_and_see_the_result(page, demo, viewport):
    from assessments.demo import SEED_AGENCY_CODE
    from assessments.models import Assessment

    page.set_viewport_size(viewport)
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
    assert page_width(page) <= viewport["width"]  # no sideways scrolling, on the phone too
    if os.environ.get("CLICKS"):
        print(f"staff journey, scores, {viewport['width']} px: {clicks.count} clicks after log-in")


@VIEWPORTS
def test_staff_edit_the_plan_on_one_page_and_submit_it_in_one_press(page, demo, viewport):
    from actionplans.models import ActionPlan
    from assessments.demo import SEED_AGENCY_CODE

    plan = ActionPlan.objects.get(assessment=demo.assessments[SEED_AGENCY_CODE])
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.DRAFT)
    item = plan.items.filter(indicator__number=7).order_by("order").first()
    activity = item.activities.order_by("order", "id").first()
    page.set_viewport_size(viewport)
    clicks = Clicks()
    log_in(page, "demo-staff")
    page.select_option("#ws-year", "2562")
    clicks.click(page.get_by_role("button", name="แสดง", exact=True))
    clicks.click(page.get_by_role("link", name="ตรวจแผนแล้วเสนออนุมัติ").first)
    page.wait_for_url(f"**/admin/actionplans/actionplan/{plan.pk}/change/**")
    page.locator("#id_title").fill("แผนพัฒนาที่แก้ไขในเบราว์เซอร์")
    # The row folds open on the same page: no page per row.
    index = list(plan.items.values_list("pk", flat=True)).index(item.pk)
    row = page.locator(f"#items-{index}")
    clicks.tap(row.locator("summary"))
    text = row.locator('textarea[name$="-activities-0-text"]')
    text.fill("กิจกรรมที่แก้ไขในหน้าเดียว")
    clicks.tap(row.get_by_role("button", name="+ เพิ่มกิจกรรมในแถวนี้"))
    added = row.locator(".plan-activity:not(.plan-activity-empty)").last
    added.locator('textarea[name$="-text"]').fill("กิจกรรมใหม่จากเบราว์เซอร์")
    added.locator('select[name$="-start_month"]').select_option("11")
    added.locator('input[name$="-start_year"]').fill("๒๕๖๒")
    added.locator('select[name$="-end_month"]').select_option("1")
    added.locator('input[name$="-end_year"]').fill("2563")
    added.locator('select[name$="-lead_unit"]').select_option(index=1)
    folder = os.environ.get("WORKSPACE_SCREENS")
    if folder:
        shot = Path(folder) / f"plan-one-page-{viewport['width']}.png"
        page.screenshot(path=str(shot), full_page=True)
    # Leaving with these edits unsaved asks first; staying keeps them.
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="หน้าหลัก").first.click()
    assert asked == ["beforeunload"]
    assert text.input_value() == "กิจกรรมที่แก้ไขในหน้าเดียว"
    # Every row open, every box on the page: still no horizontal scroll.
    page.get_by_role("button", name="เปิดทุกแถว").click()
    assert page_width(page) <= viewport["width"]
    assert blocking_violations(page) == []
    # No separate save: the submit button saves what was typed first.
    clicks.click(page.get_by_role("button", name="บันทึกและเสนออนุมัติ"))
    errors = page.locator(".errornote, .errorlist, .messagelist").all_inner_texts()
    assert "บันทึกการแก้ไขและเสนออนุมัติแผนแล้ว" in page.inner_text("body"), errors
    plan.refresh_from_db()
    activity.refresh_from_db()
    assert (plan.title, plan.status) == ("แผนพัฒนาที่แก้ไขในเบราว์เซอร์", "submitted")
    assert activity.text == "กิจกรรมที่แก้ไขในหน้าเดียว"
    new = item.activities.get(text="กิจกรรมใหม่จากเบราว์เซอร์")
    assert (new.start_month, new.start_year, new.end_month, new.end_year) == (11, 2562, 1, 2563)
    assert new.order > max(a.order for a in item.activities.exclude(pk=new.pk)), "added last"
    assert page_width(page) <= viewport["width"]
    if os.environ.get("CLICKS"):
        print(f"staff journey, plan, {viewport['width']} px: {clicks.count} clicks after log-in")
