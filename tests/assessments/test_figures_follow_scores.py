"""Stored figures (rankings, open data) follow a score change made through the services."""

from decimal import Decimal

import pytest

from assessments.models import Assessment, ResultFigures
from assessments.result_figures import figures_ensure
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
