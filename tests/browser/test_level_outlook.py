"""What blocks the next level on the public ITA page, in a real browser on a desktop and a phone:
the Thai sentence wraps inside the screen and the page passes axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

from assessments.models import Assessment
from reports import publishing
from tests.assessments.test_level_sentence import PER_INDICATOR_SENTENCE
from tests.indicators.test_level_rule import audit_office
from tests.reports.test_level_outlook import YEAR, enter_scores, give_the_2568_level_rule, publish

from .conftest import VIEWPORTS, blocking_violations, page_width, stand_in_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_audit_office(demo, seed_agency, media_root, monkeypatch) -> Assessment:
    """The seed's ๒๕๖๓ result as the Audit Office's, under the per-indicator rule, published."""
    monkeypatch.setattr(publishing, "render_pdf", stand_in_pdf)
    assessment = Assessment.objects.get(agency=seed_agency, framework__fiscal_year=YEAR)
    give_the_2568_level_rule(assessment.framework, per="indicator")
    enter_scores(assessment, audit_office("81.78"))
    publish(assessment, demo.users["demo-approver"])
    return assessment


@VIEWPORTS
def test_the_public_ita_page_says_what_blocks_and_fits_the_screen(
    page, published_audit_office, viewport
):
    page.set_viewport_size(viewport)
    page.goto(f"/agencies/{published_audit_office.agency.code}/ita/{YEAR}/")
    sentence = page.locator(".ita-level")
    assert sentence.inner_text() == PER_INDICATOR_SENTENCE
    box = sentence.bounding_box()
    assert box is not None and box["x"] + box["width"] <= viewport["width"]
    assert page_width(page) <= viewport["width"]
    assert blocking_violations(page) == []
