"""A real browser for the journeys: Playwright driving Debian's chromium against a live server.

Playwright's sync API keeps an asyncio loop running in the test thread while it is started, and
Django refuses ORM calls from a thread with a running loop. The tests here use the ORM only
between browser steps, in the same thread, so the check is lifted for this package alone (the
browser and the lifted check end together when the package's tests are done).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
# WCAG 2.1 A and AA rules; "serious" and "critical" findings fail a test.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = {"serious", "critical"}

# The live server listens on 127.0.0.1 only (nothing here may reach another address).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian package chromium)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server, settings):
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    # The live server speaks plain HTTP: secure-only cookies would never come back.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def published(demo, media_root, monkeypatch):
    """The demo report published twice (versions 1 and 2).

    The PDF bytes come from a stand-in: WeasyPrint's rendering is tested with the reports and
    takes seconds; here the browser needs a stored PDF to download, not a typeset one.
    """
    from assessments.demo import SEED_AGENCY_CODE
    from reports import publishing

    monkeypatch.setattr(publishing, "render_pdf", stand_in_pdf)
    assessment = demo.assessments[SEED_AGENCY_CODE]
    approver = demo.users["demo-approver"]
    first = publishing.report_publish(assessment=assessment, user=approver)
    # A correction, as after a reopening: unchanged content would make no second version.
    type(assessment).objects.filter(pk=assessment.pk).update(foreword="คำนำที่แก้ไขแล้ว")
    second = publishing.report_publish(assessment=assessment, user=approver)
    return first, second


def stand_in_pdf(html: str, **_kwargs: object) -> bytes:
    return b"%PDF-1.7\n% stand-in of " + str(len(html)).encode() + b" characters of HTML\n%%EOF"


def blocking_violations(tab, *, allowed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """axe-core's serious and critical WCAG 2.1 AA findings on the page, one line each."""
    results = Axe().run(tab, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS and v["id"] not in allowed
    ]


def page_width(tab) -> int:
    # After a click the next document may still be replacing the last (documentElement null).
    tab.wait_for_load_state()
    return int(tab.evaluate("document.documentElement.scrollWidth"))


@dataclass
class Clicks:
    """Counts what a user does to move through a journey (a click or Enter in a form)."""

    tab: object
    count: int = 0

    def click(self, locator) -> None:
        self.count += 1
        locator.click()

    def submit(self, locator) -> None:
        self.count += 1
        locator.press("Enter")
