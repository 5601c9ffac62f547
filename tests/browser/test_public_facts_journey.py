"""A staff rename waits for the approver, in a real browser at 1366 and 390 px (issue 24)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assessments.demo import SEED_AGENCY_CODE
from assessments.models import Agency

from .conftest import page_width
from .test_workspace import log_in as log_in_as

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("ITA_SCREENSHOTS")  # a folder to keep the screenshots in, if given
NEW_NAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาปทุมธานี เขต ๒ (ชื่อใหม่ที่เสนอ)"


def log_in(page, username: str) -> None:
    page.context.clear_cookies()  # one tab, two people in turn
    log_in_as(page, username)


def look(page, name: str) -> None:
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
        if width == 390:
            assert page_width(page) <= 390, name
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_rename_waits_for_another_approver_and_then_shows(page, demo):
    agency = Agency.objects.get(code=SEED_AGENCY_CODE)
    old_name = agency.name
    log_in(page, "demo-staff")
    page.goto(f"/admin/assessments/agency/{agency.pk}/change/")
    page.fill("#id_name", NEW_NAME)
    page.locator('input[name="_continue"]').click()
    page.wait_for_load_state()
    assert "รออนุมัติ" in page.locator(".field-pending_public_facts").inner_text()
    look(page, "agency-admin-staff")
    agency.refresh_from_db()
    assert agency.name == old_name

    log_in(page, "demo-approver")
    page.locator("#inbox").get_by_role("link", name="พิจารณา").last.click()
    page.wait_for_url("**/public-facts/")
    look(page, "public-facts-approver")
    page.get_by_role("button", name="อนุมัติ", exact=True).click()
    page.wait_for_url("**/public-facts/")
    assert "อนุมัติแล้ว" in page.locator(".messagelist").inner_text()
    agency.refresh_from_db()
    assert agency.name == NEW_NAME
