"""A public page served from the cache looks and behaves as the rendered one (issue 23)."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from ita_portal.lib.public_cache import HIT_HEADER

from .conftest import VIEWPORTS, blocking_violations, page_width

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("BROWSER_SHOTS")  # a folder to keep screenshots in, to look at


@VIEWPORTS
def test_the_cached_agency_page_is_the_rendered_one(
    browser, live_server, page, published, viewport
):
    url = reverse("reports:agency", args=[published[0].assessment.agency.code])
    rendered = page.goto(url)
    assert rendered is not None and rendered.headers[HIT_HEADER.lower()] == "miss"
    first_text = page.inner_text("main")
    # Another visitor (a browser without this one's copy of the page) gets the stored one.
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    page = context.new_page()
    cached = page.goto(url)
    assert cached is not None and cached.headers[HIT_HEADER.lower()] == "hit"
    assert page.inner_text("main") == first_text
    # Its styles and scripts load (the stored headers keep the site's security policy).
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
    assert page_width(page) <= viewport["width"]
    assert blocking_violations(page) == []
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/agency-cached-{viewport['width']}.png", full_page=True)
    context.close()
