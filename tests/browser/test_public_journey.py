"""The public journey in a real browser, on a desktop and a phone: search, agency, report, PDF,
ranking, open data. Every page passes axe-core (WCAG 2.1 AA) and fits the screen's width."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from ita_portal.lib.thai import thai_date

from .conftest import VIEWPORTS, Clicks, blocking_violations, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_NAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาปทุมธานี เขต ๒"
# search, agency, report, PDF, then rankings, the cohort, open data: one click each.
JOURNEY_CLICKS = 7


def check_page(tab, viewport) -> None:
    """The page fits the screen (wide tables scroll in their own box) and axe finds nothing serious."""
    assert page_width(tab) <= viewport["width"], tab.url
    assert blocking_violations(tab) == [], tab.url


@VIEWPORTS
def test_a_visitor_finds_the_report_and_the_rankings(page, published, viewport):
    page.set_viewport_size(viewport)
    clicks = Clicks(page)
    page.goto("/")
    check_page(page, viewport)

    # The name is stored "เขต ๒": a visitor types Arabic digits and spaces of their own.
    page.fill("#q", "ปทุมธานี  เขต 2")
    clicks.submit(page.locator("#q"))
    check_page(page, viewport)
    results = page.get_by_role("region", name=re.compile("ผลการค้นหา"))
    clicks.click(results.get_by_role("link", name=SEED_NAME))

    assert page.get_by_role("heading", level=1).inner_text() == SEED_NAME
    chart = page.locator("svg.chart").first.bounding_box()
    assert chart is not None and chart["x"] + chart["width"] <= viewport["width"]
    check_page(page, viewport)
    clicks.click(page.get_by_role("link", name="รายงาน (ฉบับที่ 2)"))

    check_report_page(page, viewport, publication=published[1])
    with page.expect_download() as download_info:
        clicks.click(page.get_by_role("link", name="ดาวน์โหลด PDF").first)
    download = download_info.value
    assert download.suggested_filename.endswith("ฉบับที่ 2.pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.goto("/")
    clicks.click(
        page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="การจัดอันดับ")
    )
    check_page(page, viewport)
    clicks.click(page.get_by_role("link", name=published[1].assessment.agency.cohort.name))
    assert page.get_by_role("table").first.is_visible()
    check_page(page, viewport)
    clicks.click(page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="ข้อมูลเปิด"))
    check_page(page, viewport)
    assert page.get_by_role("link", name="CSV").first.is_visible()
    assert clicks.count == JOURNEY_CLICKS


# The narrowest heading of the report's plan tables, in ems of its own type (None: no plan).
NARROWEST_PLAN_HEADING = """() => {
  const widths = [...document.querySelectorAll("table.plan-activities thead th")].map(
    (th) => th.getBoundingClientRect().width / parseFloat(getComputedStyle(th).fontSize));
  return widths.length ? Math.min(...widths) : null;
}"""


def check_report_page(page, viewport, *, publication) -> None:
    bar = page.get_by_role("region", name="ข้อมูลฉบับที่เผยแพร่")
    published_on = thai_date(timezone.localtime(publication.published_at).date())
    assert f"ฉบับที่ {publication.version} · เผยแพร่เมื่อ {published_on}" in bar.inner_text()
    check_page(page, viewport)
    # A table wider than the screen scrolls in its box: no column of the plan is squeezed to a
    # letter a line (on a phone its headings were 1 to 2 letters wide).
    narrowest = page.evaluate(NARROWEST_PLAN_HEADING)
    assert narrowest is not None and narrowest >= 4, f"a plan column {narrowest} em wide"
    # The print button opens the browser's print dialog (stubbed: headless has none).
    page.evaluate(
        "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
    )
    bar.get_by_role("button", name="พิมพ์").click()
    assert page.evaluate("window.__printed") == 1


@VIEWPORTS
def test_an_old_version_points_to_the_current_one(page, published, viewport):
    first, second = published
    code, year = first.assessment.agency.code, first.assessment.fiscal_year
    page.set_viewport_size(viewport)
    page.goto(f"/reports/{code}/{year}/v1/")
    check_report_page(page, viewport, publication=first)
    notice = page.get_by_role("region", name="ข้อมูลฉบับที่เผยแพร่")
    assert "ไม่ใช่ฉบับล่าสุด" in notice.inner_text()
    # The link names no number: a superseded page is cached for good and must stay true.
    notice.get_by_role("link", name="ดูฉบับล่าสุด").click()
    page.wait_for_url(f"**/reports/{code}/{year}/")
    assert "ฉบับที่ 2" in page.get_by_role("region", name="ข้อมูลฉบับที่เผยแพร่").inner_text()
    assert "ไม่ใช่ฉบับล่าสุด" not in page.get_by_role("region", name="ข้อมูลฉบับที่เผยแพร่").inner_text()


# Swagger UI (the API docs) wraps its copy-link button in its expand button: its own markup,
# not ours; every other rule holds there too.
ALLOWED = {"/api/docs/": {"nested-interactive"}}


@VIEWPORTS
def test_the_other_public_pages_fit_and_pass_axe(page, published, viewport):
    code, year = published[0].assessment.agency.code, published[0].assessment.fiscal_year
    page.set_viewport_size(viewport)
    for url in (
        f"/ranking/{year}/agency/{code}/",
        f"/reports/{code}/{year}/",
        "/?q=ไม่มีหน่วยงานนี้",
        "/api/docs/",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page_width(page) <= viewport["width"], url
        assert blocking_violations(page, allowed=ALLOWED.get(url, set())) == [], url
