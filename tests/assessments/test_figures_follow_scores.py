"""Stored figures (rankings, open data) follow a score change made through the services."""

from decimal import Decimal

import pytest

from assessments.models import Assessment, ResultFigures
from assessments.results.figures import figures_ensure
from assessments.services import assessment_set_scores

pytestmark = pytest.mark.django_db


def test_a_score_change_through_the_service_makes_the_figures_stale_and_they_refresh(
    seed_assessment,
):
    one = Assessment.objects.filter(pk=seed_assessment.pk)
    figures_ensure(one)
    before = ResultFigures.objects.get(assessment=seed_assessment).total
    assessment_set_scores(assessment=seed_assessment, scores={10: Decimal("99.02")})
    assert figures_ensure(one) == 1
    after = ResultFigures.objects.get(assessment=seed_assessment).total
    # Indicator 10 weighs 0.4 / 2 = 0.2 of the total: +20 points there is +4 in the total.
    assert after - before == Decimal("4.00")


def test_an_edit_of_the_year_s_weights_refreshes_the_stored_figures(seed_assessment):
    from indicators.services import framework_mark_assessments_changed

    one = Assessment.objects.filter(pk=seed_assessment.pk)
    figures_ensure(one)
    framework = seed_assessment.framework
    framework.tools.filter(code="OIT").update(weight=Decimal(50))
    framework.tools.filter(code="IIT").update(weight=Decimal(20))
    framework_mark_assessments_changed(framework=framework)
    assert figures_ensure(one) == 1
    figures = ResultFigures.objects.get(assessment=seed_assessment)
    # 0.2·91.98 + 0.3·89.9767 + 0.5·86.205 = 88.49
    assert figures.total == Decimal("88.49")


def test_the_framework_admin_save_marks_the_year_changed(site_admin_client, seed_assessment):
    from django.urls import reverse

    before = Assessment.objects.get(pk=seed_assessment.pk).updated_at
    framework = seed_assessment.framework
    data = {
        "fiscal_year": framework.fiscal_year,
        "name": framework.name,
        "description": framework.description,
        "strength_threshold": "85.00",
        "pass_mark": "85.00",
        "remind_days_before": "7",  # the year's calendar: dates may stay blank
    }
    for prefix in ("tools", "indicators", "bands", "levels"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    response = site_admin_client.post(
        reverse("admin:indicators_framework_change", args=[framework.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Assessment.objects.get(pk=seed_assessment.pk).updated_at > before
