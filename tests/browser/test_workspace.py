"""The workspace in a real browser for each role: staff, approver, site administrator.

With WORKSPACE_SCREENS=<dir> the pages are also saved as ws-<role>.png (for the review note).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from ..conftest import DEMO_PASSWORD
from .conftest import PHONE, blocking_violations, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/admin/")


def shoot(page, role: str) -> None:
    folder = os.environ.get("WORKSPACE_SCREENS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"ws-{role}.png"), full_page=True)


@pytest.fixture
def year_under_way(demo):
    """The seed's plan waiting for approval three days, one date passed and one to come."""
    from actionplans.models import ActionPlan
    from assessments.demo import SEED_AGENCY_CODE

    assessment = demo.assessments[SEED_AGENCY_CODE]
    ActionPlan.objects.filter(assessment=assessment).update(
        status=ActionPlan.Status.SUBMITTED, submitted_at=timezone.now() - dt.timedelta(days=3)
    )
    today = timezone.localdate()
    framework = assessment.framework
    framework.plan_due = today - dt.timedelta(days=2)
    framework.publication_due = today + dt.timedelta(days=20)
    framework.oit_due_date = today - dt.timedelta(days=5)
    framework.save()
    return assessment


def show_year(page, year: int) -> None:
    """The workspace opens on the newest year (the demo's ๒๕๖๓ OIT year): choose another."""
    page.select_option("#ws-year", str(year))
    page.get_by_role("button", name="แสดง", exact=True).click()
    page.wait_for_url(f"**year={year}*")


def test_staff_see_their_year_with_the_next_action_and_the_dates(page, year_under_way):
    log_in(page, "demo-staff")
    show_year(page, year_under_way.fiscal_year)
    steps = page.locator("table.ws-steps")
    assert steps.locator("tbody tr").count() == 9
    assert "รอผู้อื่นดำเนินการ" in steps.inner_text()
    dates = page.locator(".ws-due").inner_text()
    assert "เลยกำหนดมาแล้ว ๕ วัน" in dates  # the OIT evidence
    assert "อีก ๒๐ วัน" in dates  # publication
    assert "แผนที่รอการอนุมัติของคุณ" not in page.content()
    assert page_width(page) <= 1366
    assert blocking_violations(page) == []
    shoot(page, "staff")


# Each badge, button and line of the steps table that reaches past its own cell (overlapping
# the next column's text), by its text.
SPILLING_OUT_OF_CELLS = """() => [...document.querySelectorAll("table.ws-steps td > *")]
  .filter((e) => e.getBoundingClientRect().right > e.closest("td").getBoundingClientRect().right + 1)
  .map((e) => e.innerText.trim())"""


def test_on_a_phone_no_state_spills_into_the_next_column(page, year_under_way):
    # "รอผู้อื่นดำเนินการ" stayed on one line at 390 px, over the column of details.
    page.set_viewport_size(PHONE)
    log_in(page, "demo-staff")
    show_year(page, year_under_way.fiscal_year)
    assert "รอผู้อื่นดำเนินการ" in page.locator("table.ws-steps").inner_text()
    assert page.evaluate(SPILLING_OUT_OF_CELLS) == []
    assert page_width(page) <= PHONE["width"]


def test_the_approver_sees_the_inbox_and_the_count_in_the_header(page, year_under_way):
    log_in(page, "demo-approver")
    assert "รออนุมัติ ๑" in page.locator("#user-tools").inner_text()
    inbox = page.locator("#inbox")
    assert "๓ วัน" in inbox.inner_text()
    assert blocking_violations(page) == []
    shoot(page, "approver")
    inbox.get_by_role("link", name="พิจารณา").click()
    page.wait_for_url("**/admin/actionplans/actionplan/*/change/")


def test_the_site_admin_sees_every_agency_of_the_year(page, year_under_way):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("site-admin", "a@example.invalid", "x-admin-pass-1")
    log_in(page, "site-admin", "x-admin-pass-1")
    shoot(page, "site-admin-index")
    page.get_by_role("link", name="ภาพรวมหน่วยงานทั้งหมดของปี").click()
    page.wait_for_url("**/admin/overview/")
    page.select_option("select[name=year]", str(year_under_way.fiscal_year))
    page.get_by_role("button", name="แสดง", exact=True).click()
    page.wait_for_url("**/admin/overview/?*")
    assert "เผยแพร่แล้ว ๐ จาก ๒ หน่วยงาน" in page.content()
    assert blocking_violations(page) == []
    shoot(page, "site-admin")
