"""The supervisor's journey in a real browser, on a desktop and a phone: log in, open the
console, filter, open a unit's read-only analysis and plan — with axe on every page.

With SUPERVISION_SCREENS=<dir> the pages are also saved as sv-<page>-<viewport>.png.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assessments.models import Role
from tests.supervision.factories import make_member, make_tree

from .conftest import VIEWPORTS, blocking_violations, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "x-supervisor-pass-1"
# What sticks out of the page, for the message of a failed width check.
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >
  document.documentElement.clientWidth + 1 && !(e.parentElement && e.parentElement.closest('.table-scroll'))).slice(0, 5).map(e => e.tagName + '.' + e.className)"""


def shoot(page, name: str, viewport: dict) -> None:
    folder = os.environ.get("SUPERVISION_SCREENS")
    if folder:
        path = Path(folder) / f"sv-{name}-{viewport['width']}.png"
        page.screenshot(path=str(path), full_page=True)


@pytest.fixture
def tree(demo):
    from assessments.demo import SEED_AGENCY_CODE

    made = make_tree(demo.assessments[SEED_AGENCY_CODE])
    make_member("esa-supervisor", made.esa, Role.SUPERVISOR, password=PASSWORD)
    return made


def log_in(page) -> None:
    page.goto("/admin/login/?next=/supervise/")
    page.fill("#id_username", "esa-supervisor")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/supervise/esa-test/*/")


@VIEWPORTS
def test_the_supervisor_reads_the_console_and_a_unit(page, tree, viewport):
    page.set_viewport_size(viewport)
    log_in(page)
    heading = page.get_by_role("heading", level=1)
    assert "หน่วยงานในสังกัด" in heading.inner_text()
    for school in tree.schools:
        assert page.get_by_role("link", name=school.name).count() >= 1
    assert tree.sibling_schools[0].name not in page.content()
    shoot(page, "console", viewport)
    assert blocking_violations(page) == []
    wide = page.evaluate(WIDEST)
    assert page_width(page) <= viewport["width"], wide

    page.select_option("select[name=state]", "published")
    page.get_by_role("button", name="แสดง", exact=True).click()
    page.wait_for_url("**state=published*")
    rows = page.locator("table.pipeline tbody tr")
    assert rows.count() == 1
    assert blocking_violations(page) == []

    rows.first.get_by_role("link").first.click()
    page.wait_for_url("**/unit/**")
    assert tree.schools[5].name in page.content()
    assert page.locator("form").count() == 0
    # The draft's watermark ("ฉบับร่าง", aria-hidden) is pale on purpose: decoration, which
    # WCAG's contrast rule exempts; any other finding fails.
    findings = blocking_violations(page)
    assert [f for f in findings if not f.endswith("at [['.watermark']]")] == []
    shoot(page, "unit", viewport)


@VIEWPORTS
def test_demo_supervisor_console_fits_and_passes_axe(page, demo_published, viewport):
    from ..conftest import DEMO_PASSWORD

    page.set_viewport_size(viewport)
    page.goto("/admin/login/?next=/supervise/")
    page.fill("#id_username", "demo-supervisor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/supervise/*/2562/")
    assert page.locator("table.pipeline tbody tr").count() == 4
    shoot(page, "demo", viewport)
    assert blocking_violations(page) == []
    assert page_width(page) <= viewport["width"], page.evaluate(WIDEST)
