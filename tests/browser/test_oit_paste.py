"""The OIT paste in a real browser, at 1366×900 and 390×844: the page pre-filled with every saved
link is saved as it stands (it answered 500 before), each line reported unchanged, every link
and its check kept; the page fits the phone's width and axe finds nothing serious."""

from __future__ import annotations

import pytest

from .conftest import VIEWPORTS, blocking_violations, page_width
from .test_workspace import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@VIEWPORTS
def test_staff_save_the_prefilled_paste_unchanged_and_read_each_line(page, demo, viewport):
    from assessments.demo import SEED_AGENCY_CODE
    from assessments.models import Assessment
    from oit.models import EvidenceLink
    from oit.services import LINE_UNCHANGED

    page.set_viewport_size(viewport)
    assessment = Assessment.objects.get(agency__code=SEED_AGENCY_CODE, framework__fiscal_year=2563)
    links_before = sorted(
        EvidenceLink.objects.filter(evidence__assessment=assessment).values_list("pk", "url")
    )
    assert links_before  # the demo's ๒๕๖๓ OIT year has its links
    log_in(page, "demo-staff")
    page.goto(f"/admin/oit/evidence/assessment/{assessment.pk}/paste/")
    assert page_width(page) <= viewport["width"]  # the paste box fits the phone
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกลิงก์").click()
    report = page.locator("table.paste-report tbody tr")
    assert report.count() >= len({url for _, url in links_before}) // 2
    assert set(page.locator("table.paste-report tbody td:nth-child(3)").all_inner_texts()) == {
        LINE_UNCHANGED
    }
    assert "Server Error" not in page.inner_text("body")
    links_after = sorted(
        EvidenceLink.objects.filter(evidence__assessment=assessment).values_list("pk", "url")
    )
    assert links_after == links_before  # same rows: nothing deleted and made again
    assert blocking_violations(page) == []
    assert page_width(page) <= viewport["width"]
