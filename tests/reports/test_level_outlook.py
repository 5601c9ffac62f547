"""What blocks the next level, on every page that states the result: section 1 of the report
(data, HTML preview), the staff workspace and the public ITA page with its JSON (published
figures only). The seed's ๒๕๖๓ assessment is given the Audit Office's ๒๕๖๘ scores (indicator 8 =
81.78) and its framework the ๒๕๖๘ level rule, read per tool or per indicator."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from actionplans.models import ActionPlan
from assessments.models import Assessment
from assessments.selectors import (
    assessment_level_outlook,
    assessment_result,
    assessment_with_scores,
)
from indicators.models import Framework, ResultLevel
from reports import publishing
from reports.report.builder import build_report, render_report_html
from tests.assessments.test_level_sentence import (
    PER_INDICATOR_JSON,
    PER_INDICATOR_SENTENCE,
    PER_TOOL_SENTENCE,
)
from tests.indicators.test_level_rule import audit_office
from tests.publishing_helpers import give_required_texts

pytestmark = pytest.mark.django_db

YEAR = 2563


def give_the_2568_level_rule(framework: Framework, *, per: str) -> None:
    """The ๒๕๖๘ levels on another year's framework, their minimums per tool or per indicator."""
    for level in ResultLevel.objects.filter(
        framework__issuer__code="nacc", framework__fiscal_year=2568
    ):
        each = level.min_each_tool
        ResultLevel.objects.create(
            framework=framework,
            code=level.code,
            name=level.name,
            min_total=level.min_total,
            min_each_tool=each if per == "tool" else None,
            min_each_indicator=each if per == "indicator" else None,
            order=level.order,
        )


def enter_scores(assessment: Assessment, scores: dict[int, Decimal]) -> None:
    for row in assessment.scores.select_related("indicator"):
        row.score = scores[row.indicator.number]
        row.save()


@pytest.fixture
def audit_office_year(demo, seed_agency) -> Assessment:
    """The seed's ๒๕๖๓ assessment with the Audit Office's scores (no level rule yet)."""
    assessment = Assessment.objects.get(agency=seed_agency, framework__fiscal_year=YEAR)
    enter_scores(assessment, audit_office("81.78"))
    return assessment


@pytest.fixture
def per_indicator(audit_office_year) -> Assessment:
    give_the_2568_level_rule(audit_office_year.framework, per="indicator")
    return audit_office_year


@pytest.fixture
def per_tool(audit_office_year) -> Assessment:
    give_the_2568_level_rule(audit_office_year.framework, per="tool")
    return audit_office_year


def section_1_2(html: str) -> str:
    """The paragraph 1.2 of section 1, where the report states the result's level."""
    start = html.index('<section id="section-1"')
    paragraph = html.index("๑.๒</span>", start)
    return html[paragraph : html.index("</p>", paragraph)]


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


# --- the report


def test_section_1_says_what_blocks_the_next_level_under_each_reading(per_indicator):
    report = build_report(per_indicator)
    assert report.level_sentence == PER_INDICATOR_SENTENCE
    paragraph = section_1_2(render_report_html(report, mode="pdf", draft=False))
    assert text_of(paragraph).endswith("ได้คะแนน ๘๑.๗๘ " + PER_INDICATOR_SENTENCE)


def test_what_blocks_is_read_with_the_assessment_at_no_further_query(
    per_indicator, django_assert_num_queries
):
    assessment = assessment_with_scores(per_indicator.pk)  # levels and scores prefetched
    result = assessment_result(assessment)
    with django_assert_num_queries(0):
        outlook = assessment_level_outlook(assessment, result)
    assert outlook.next_level == "ผ่านดี"


def test_section_1_under_the_per_tool_reading(per_tool):
    assert build_report(per_tool).level_sentence == PER_TOOL_SENTENCE


def test_the_report_with_arabic_digits_says_it_with_arabic_digits(per_indicator):
    report = build_report(per_indicator, thai_digits=False)
    assert report.level_sentence.endswith("ได้ 81.78 คะแนน ต่ำกว่า 85 อยู่ 3.22 คะแนน")


def test_the_seeds_2562_framework_has_no_level_rule_and_its_section_1_is_unchanged(
    seed_assessment,
):
    assert not seed_assessment.framework.levels.exists()
    report = build_report(seed_assessment)
    assert report.level_sentence == ""
    paragraph = section_1_2(render_report_html(report, mode="pdf", draft=False))
    assert text_of(paragraph).endswith("ได้คะแนน ๗๙.๐๒")  # the lowest indicator closes it, as before


def test_the_staff_preview_shows_it(per_indicator, staff_client, outsider_client):
    url = reverse("reports:report_preview", args=[per_indicator.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert "ยังไม่ถึงระดับ ผ่านดี" in response.content.decode()
    assert outsider_client.get(url).status_code == 404


# --- the staff workspace


def workspace_url(assessment: Assessment) -> str:
    return reverse("workspace:index") + f"?agency={assessment.agency_id}&year={YEAR}"


def test_the_workspace_shows_it_near_the_result(per_indicator, staff_client):
    response = staff_client.get(workspace_url(per_indicator))
    assert response.status_code == 200
    assert f'<p class="ws-pad ws-level">{PER_INDICATOR_SENTENCE}</p>' in response.content.decode()


def test_the_workspace_says_nothing_without_a_level_rule(audit_office_year, staff_client):
    response = staff_client.get(workspace_url(audit_office_year))
    assert response.status_code == 200
    assert "ws-level" not in response.content.decode()


def test_the_workspace_says_nothing_while_scores_are_missing(per_indicator, staff_client):
    per_indicator.scores.filter(indicator__number=3).update(score=None)
    response = staff_client.get(workspace_url(per_indicator))
    assert response.status_code == 200
    assert "ws-level" not in response.content.decode()


# --- the public ITA page


def ita_url(name: str = "reports:ita") -> str:
    return reverse(name, args=["pathumthani-2", YEAR])


def publish(assessment: Assessment, approver) -> None:
    plan = ActionPlan.objects.create(assessment=assessment, title="แผนทดสอบ")
    # Test setup only: the approval workflow itself is tested with the action plans.
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.APPROVED)
    # The texts a publication requires (reports.publishing.missing_required_texts).
    give_required_texts([assessment])
    assessment.refresh_from_db()
    publishing.report_publish(assessment=assessment, user=approver)


def test_the_public_page_says_nothing_before_the_result_is_published(
    per_indicator, anonymous_client
):
    response = anonymous_client.get(ita_url())
    assert response.status_code == 200
    assert "ยังไม่ถึงระดับ" not in response.content.decode()
    assert anonymous_client.get(ita_url("reports:ita_json")).json()["next_level"] is None


@pytest.mark.usefixtures("fast_pdf", "media_root")
def test_the_public_page_and_its_json_show_the_published_result(
    demo, per_indicator, anonymous_client
):
    publish(per_indicator, demo.users["demo-approver"])
    for name in ("reports:ita", "reports:ita_embed"):
        response = anonymous_client.get(ita_url(name))
        assert response.status_code == 200
        assert f'<p class="ita-level">{PER_INDICATOR_SENTENCE}</p>' in response.content.decode()
    data = anonymous_client.get(ita_url("reports:ita_json")).json()
    assert data["next_level"] == PER_INDICATOR_JSON


@pytest.mark.usefixtures("fast_pdf", "media_root")
def test_the_public_page_keeps_the_published_figures_and_drops_them_when_withdrawn(
    demo, per_indicator, anonymous_client
):
    approver = demo.users["demo-approver"]
    publish(per_indicator, approver)
    # An edit after publishing (as a reopened assessment allows) is not what the public sees.
    per_indicator.scores.filter(indicator__number=8).update(score=Decimal("85.00"))
    assert PER_INDICATOR_SENTENCE in anonymous_client.get(ita_url()).content.decode()
    publishing.report_unpublish(assessment=per_indicator, user=approver, reason="ทดสอบการถอน")
    assert "ยังไม่ถึงระดับ" not in anonymous_client.get(ita_url()).content.decode()
