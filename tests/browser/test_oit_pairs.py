"""The OIT evidence page of NACC ๒๕๖๙ in a real browser, at 1366×900 and 390×844: the HR plan
shows its report beside it and the warning about its date; axe finds nothing serious.

With WORKSPACE_SCREENS=<dir> the page is also saved as oit-pairs-<width>.png (for the review).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from .conftest import VIEWPORTS, blocking_violations, page_width
from .test_workspace import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nacc_2569_evidence(demo, role: str):
    """The seed agency's NACC ๒๕๖๙ assessment with a row per item; the evidence of role."""
    from assessments.demo import SEED_AGENCY_CODE
    from assessments.services import assessment_create
    from indicators.selectors import framework_for
    from oit import services

    assessment = assessment_create(
        agency=demo.agencies[SEED_AGENCY_CODE], framework=framework_for("nacc", 2569)
    )
    services.evidence_ensure_rows(user=demo.users["demo-staff"], assessment=assessment)
    return assessment.oit_evidence.select_related("item", "assessment__framework").get(
        item__role=role
    )


def shoot(page, name: str) -> None:
    folder = os.environ.get("WORKSPACE_SCREENS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@VIEWPORTS
def test_staff_see_the_hr_pair_and_the_date_warning(page, demo, viewport):
    from oit import services
    from oit.dating import evidence_date_warnings
    from oit.selectors import PARTNER_NO_EVIDENCE

    plan = nacc_2569_evidence(demo, "hr_plan")
    services.evidence_update(
        user=demo.users["demo-staff"], evidence=plan, document_date=dt.date(2025, 9, 30)
    )
    [warning] = evidence_date_warnings(plan)

    page.set_viewport_size(viewport)
    log_in(page, "demo-staff")
    page.goto(f"/admin/oit/evidence/assessment/{plan.assessment_id}/")
    # The item's row, then its notes in the row under it.
    row = page.locator("table.oit-table tr", has_text=plan.item.name).first
    notes = row.locator("xpath=following-sibling::tr[1]")
    assert PARTNER_NO_EVIDENCE in notes.locator(".oit-pair").inner_text()
    assert notes.locator(".oit-date-warning").inner_text() == f"⚠ {warning}"
    assert page_width(page) <= viewport["width"]  # the table scrolls in its box on a phone
    row.scroll_into_view_if_needed()
    shoot(page, f"oit-pairs-{viewport['width']}")
    assert blocking_violations(page) == []


@VIEWPORTS
def test_staff_type_a_thai_date_on_the_evidence_form_and_read_the_warning(page, demo, viewport):
    from oit.dating import evidence_date_warnings

    report = nacc_2569_evidence(demo, "hr_report")
    page.set_viewport_size(viewport)
    log_in(page, "demo-staff")
    page.goto(f"/admin/oit/evidence/{report.pk}/change/")
    page.fill("#id_document_date", "๑/๑๐/๒๕๖๘")  # the first day of ๒๕๖๙: not last year's
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกและกลับมาแก้ไข").click()
    report.refresh_from_db()
    [warning] = evidence_date_warnings(report)
    assert (
        page.locator("ul.messagelist li.warning").inner_text() == f"{report.item.code}: {warning}"
    )
    assert warning in page.locator(".field-date_check").inner_text()
    assert page_width(page) <= viewport["width"]
    shoot(page, f"oit-form-{viewport['width']}")
    assert blocking_violations(page) == []
