"""The plan's workflow in a real browser at 1366×900 and 390×844, with axe (issue 21): a plan
returned and resubmitted shows the approver what changed since the return; staff withdraw a
submission; progress is offered only on approved plans.

With WORKSPACE_SCREENS=<dir> each journey's last page is saved there (name-<width>.png).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import VIEWPORTS, blocking_violations, page_width
from .test_workspace import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shoot(page, name: str) -> None:
    folder = os.environ.get("WORKSPACE_SCREENS")
    if folder:
        width = page.viewport_size["width"]
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)


def fits_and_passes_axe(page) -> None:
    assert page_width(page) <= page.viewport_size["width"]
    assert blocking_violations(page) == []


@pytest.fixture
def plan_waiting(demo):
    """The seed's plan reopened by the approver and submitted again by staff."""
    from actionplans import services
    from actionplans.models import ActionPlan
    from assessments.demo import SEED_AGENCY_CODE

    plan = ActionPlan.objects.get(assessment=demo.assessments[SEED_AGENCY_CODE])
    services.actionplan_reopen(plan=plan, user=demo.users["demo-approver"], comment="ปรับปีถัดไป")
    return services.actionplan_submit(plan=plan, user=demo.users["demo-staff"])


def plan_url(plan) -> str:
    return f"/admin/actionplans/actionplan/{plan.pk}/change/"


def take_step(page, plan, *, user: str, label: str, text: str, button: str) -> None:
    """Log in as user, open the plan's page, give the step's reason and press its button."""
    log_in(page, user)
    page.goto(plan_url(plan))
    page.get_by_label(label).fill(text)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    plan.refresh_from_db()


@VIEWPORTS
def test_a_returned_plan_resubmitted_shows_the_approver_what_changed(
    page, demo, plan_waiting, viewport
):
    from actionplans import services

    page.set_viewport_size(viewport)
    reason = "ระบุชื่อแผนให้ตรงกับปีงบประมาณ"
    take_step(
        page, plan_waiting, user="demo-approver", label="เหตุผลที่ส่งกลับ", text=reason,
        button="ส่งกลับแก้ไข",
    )  # fmt: skip
    assert plan_waiting.status == "draft"
    # Staff correct the title and submit again (their journey: test_staff_journey.py).
    staff = demo.users["demo-staff"]
    plan = services.actionplan_update(
        plan=plan_waiting, user=staff, title="แผนส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ ๒๕๖๓"
    )
    services.actionplan_submit(plan=plan, user=staff)
    page.goto("/admin/")
    page.locator("#inbox").get_by_role("link", name="พิจารณา").click()
    page.wait_for_url("**/admin/actionplans/actionplan/*/change/")
    section = page.locator("#plan-diff")
    heading = section.get_by_role("heading", name="สิ่งที่แก้ไขตั้งแต่ส่งกลับเมื่อ")
    assert heading.is_visible() and "๒๕๖๙" in heading.inner_text()  # the date in พ.ศ.
    text = section.inner_text()
    assert reason in text and "ฉบับที่ส่งกลับ" in text
    assert "แผนส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ ๒๕๖๓" in text
    # The comparison with the approved version is one click away.
    section.get_by_text("สิ่งที่เปลี่ยนจากฉบับที่อนุมัติล่าสุด").click()
    assert section.locator("#plan-diff-approved table").is_visible()
    fits_and_passes_axe(page)
    shoot(page, "return-diff")


@VIEWPORTS
def test_staff_withdraw_their_submission(page, demo, plan_waiting, viewport):
    page.set_viewport_size(viewport)
    take_step(
        page, plan_waiting, user="demo-staff", label="เหตุผล (ถ้ามี)", text="ขอแก้กิจกรรมก่อน",
        button="ถอนแผนที่เสนอกลับมาแก้ไข",
    )  # fmt: skip
    assert plan_waiting.status == "draft"
    last = plan_waiting.transitions.order_by("-at", "-pk").first()
    assert (last.action, last.comment) == ("withdraw", "ขอแก้กิจกรรมก่อน")
    # Back in draft: staff may edit and submit it again.
    assert page.get_by_role("button", name="บันทึกและเสนออนุมัติ").is_visible()
    fits_and_passes_axe(page)
    shoot(page, "withdrawn")


@VIEWPORTS
def test_progress_is_offered_only_on_approved_plans(page, demo, plan_waiting, viewport):
    from actionplans import services

    page.set_viewport_size(viewport)
    log_in(page, "demo-staff")
    page.goto("/admin/actionplans/progressreport/add/")
    options = page.locator("#id_item option").all_inner_texts()
    year = "แผนปีงบประมาณ พ.ศ. ๒๕๖๓"
    assert not any(year in option for option in options)  # awaiting approval: not offered
    fits_and_passes_axe(page)
    shoot(page, "progress-awaiting")
    services.actionplan_approve(plan=plan_waiting, user=demo.users["demo-approver"])
    page.reload()
    options = page.locator("#id_item option").all_inner_texts()
    assert sum(year in option for option in options) == plan_waiting.items.count()
    fits_and_passes_axe(page)
