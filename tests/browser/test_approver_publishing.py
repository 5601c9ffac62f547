"""The approver's last step in a real browser: from the report page to a confirmed publication.

With WORKSPACE_SCREENS=<dir> the confirmation page is saved as publish-confirm.png.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import blocking_violations, page_width, stand_in_pdf
from .test_workspace import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_approver_confirms_after_seeing_the_warnings(page, demo, media_root, monkeypatch):
    from assessments.demo import SEED_AGENCY_CODE
    from reports import publishing
    from reports.models import ReportPublication

    monkeypatch.setattr(publishing, "render_pdf", stand_in_pdf)
    assessment = demo.assessments[SEED_AGENCY_CODE]
    log_in(page, "demo-approver")
    page.goto(f"/manage/reports/{assessment.pk}/")
    page.get_by_role("link", name="เผยแพร่รายงานฉบับใหม่…").click()
    page.wait_for_url(f"**/manage/reports/{assessment.pk}/publish/")
    assert page.get_by_role("heading", name="ข้อสังเกตก่อนเผยแพร่").is_visible()
    assert "ยังไม่มีฉบับที่เผยแพร่อยู่" in page.inner_text("main")
    assert blocking_violations(page) == []
    assert page_width(page) <= page.viewport_size["width"]
    folder = os.environ.get("WORKSPACE_SCREENS")
    if folder:
        page.screenshot(path=str(Path(folder) / "publish-confirm.png"), full_page=True)
    assert not ReportPublication.objects.exists()  # looking publishes nothing
    with page.expect_navigation():
        page.get_by_role("button", name="ยืนยันเผยแพร่ฉบับที่ 1").click()
    page.wait_for_url(f"**/manage/reports/{assessment.pk}/")
    assert "เผยแพร่รายงานฉบับที่ 1 แล้ว" in page.inner_text("body")
    assert ReportPublication.objects.filter(assessment=assessment).count() == 1
    # Asked again at once, the page says nothing changed and offers no second version.
    with page.expect_navigation():
        page.get_by_role("link", name="เผยแพร่รายงานฉบับใหม่…").click()
    assert "การเผยแพร่จะไม่สร้างฉบับใหม่" in page.inner_text("main")
    assert page.get_by_role("button").filter(has_text="ยืนยันเผยแพร่").count() == 0
