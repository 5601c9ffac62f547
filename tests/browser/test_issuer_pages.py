"""A year with two issuers in a real browser: the OVEC visitor stays on OVEC's lists, on a phone too."""

from __future__ import annotations

import os

import pytest

from tests.assessments.issuer_data import YEAR, publish_two_issuers

from .conftest import VIEWPORTS, Clicks, blocking_violations, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a folder to keep a screenshot of each page (to look at the layout by eye).
SCREENSHOTS = os.environ.get("ITA_SCREENSHOTS", "")


def check_page(tab, viewport, name: str) -> None:
    tab.wait_for_load_state("networkidle")
    if SCREENSHOTS:
        tab.screenshot(path=f"{SCREENSHOTS}/{name}-{viewport['width']}.png", full_page=True)
    assert page_width(tab) <= viewport["width"], tab.url
    assert blocking_violations(tab) == [], tab.url


@VIEWPORTS
def test_an_ovec_visitor_moves_between_the_pages_and_stays_on_ovec(page, db, viewport):
    publish_two_issuers()
    page.set_viewport_size(viewport)
    clicks = Clicks(page)
    page.goto(f"/ranking/{YEAR}/")
    check_page(page, viewport, "ranking-year-nacc")

    clicks.click(
        page.get_by_role("navigation", name="ผู้ออกเกณฑ์การประเมินของปีนี้").get_by_role(
            "link", name="สอศ."
        )
    )
    assert page.url.endswith(f"/ranking/{YEAR}/?issuer=ovec")
    check_page(page, viewport, "ranking-year-ovec")

    clicks.click(page.get_by_role("link", name="วิทยาลัยสังกัด สอศ."))
    assert "issuer=ovec" in page.url
    check_page(page, viewport, "ranking-cohort-ovec")

    page.select_option("#per_page", "25")
    clicks.submit(page.locator("#q"))
    clicks.click(page.get_by_role("link", name="ถัดไป ›"))
    assert "issuer=ovec" in page.url and "page=2" in page.url
    assert page.get_by_role("link", name="วิทยาลัยเทคนิค 29").is_visible()

    clicks.click(page.get_by_role("link", name="วิทยาลัยเทคนิค 29"))
    assert page.url.endswith(f"/ranking/{YEAR}/agency/college-29/?issuer=ovec")
    clicks.click(page.get_by_role("link", name="วิทยาลัยสังกัด สอศ."))
    clicks.click(page.get_by_role("link", name=f"การจัดอันดับปี {YEAR}"))
    clicks.click(page.get_by_role("link", name="ข้อมูลเปิดทุกปี"))
    assert "issuer=ovec" in page.url
    check_page(page, viewport, "open-data")
    assert page.get_by_role(
        "heading", name="ตามเกณฑ์ของสำนักงานคณะกรรมการการอาชีวศึกษา (สอศ.)"
    ).is_visible()
