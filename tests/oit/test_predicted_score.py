"""The predicted OIT of an assessment: from items marked ready, or from the assessors' results."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Assessment
from indicators.models import OITItem
from indicators.scoring import round2
from oit import selectors, services
from oit.models import Evidence

pytestmark = pytest.mark.django_db

ALL_9_BUT_O9 = [f"O{n}" for n in range(1, 34) if n != 9]  # 9.1: 8 of 9
ALL_10_BUT_O41 = [f"O{n}" for n in range(34, 44) if n != 41]  # 10.1: 7 of 8


def mark(user, rows, codes, **fields):
    for code in codes:
        services.evidence_update(user=user, evidence=rows[code], **fields)


def test_nothing_ready_predicts_zero(seed_assessment, evidence_rows):
    score = selectors.predicted_score(seed_assessment)
    assert score.basis == selectors.BASIS_READY
    assert score.prediction.percent == Decimal(0)


def test_items_marked_ready_or_submitted_give_the_nacc_figures(
    staff_user, seed_assessment, evidence_rows
):
    mark(staff_user, evidence_rows, ALL_9_BUT_O9, state=Evidence.State.READY)
    mark(staff_user, evidence_rows, ALL_10_BUT_O41, state=Evidence.State.SUBMITTED)
    score = selectors.predicted_score(seed_assessment)
    assert score.basis == selectors.BASIS_READY
    assert round2(score.prediction.indicator_scores[9]) == Decimal("97.78")
    assert round2(score.prediction.indicator_scores[10]) == Decimal("93.75")
    assert (score.prediction.passed, score.prediction.total) == (41, 43)
    assert score.total is None  # no assessment of 2561 to take IIT and EIT from


def test_the_assessors_results_take_over_once_entered(staff_user, seed_assessment, evidence_rows):
    mark(staff_user, evidence_rows, [f"O{n}" for n in range(1, 44)], state=Evidence.State.READY)
    mark(staff_user, evidence_rows, ["O41"], preliminary_result=Evidence.Result.FAILED)
    mark(staff_user, evidence_rows, ["O42"], preliminary_result=Evidence.Result.PASSED)
    score = selectors.predicted_score(seed_assessment)
    assert score.basis == selectors.BASIS_RESULTS
    assert score.unjudged == 41  # the others still count by their ready state
    assert round2(score.prediction.indicator_scores[10]) == Decimal("93.75")

    # A successful clarification: the final result counts over the preliminary one.
    mark(staff_user, evidence_rows, ["O41"], final_result=Evidence.Result.PASSED)
    assert selectors.predicted_score(seed_assessment).prediction.indicator_scores[10] == 100


def test_a_retired_item_does_not_count(
    site_admin_client, staff_user, seed_assessment, evidence_rows
):
    mark(staff_user, evidence_rows, ALL_9_BUT_O9, state=Evidence.State.READY)
    OITItem.objects.filter(framework__fiscal_year=2562, code="O9").update(retired=True)
    score = selectors.predicted_score(seed_assessment)
    assert score.prediction.indicator_scores[9] == 100


def test_the_implied_total_uses_last_years_iit_and_eit(staff_user, seed_agency, seed_assessment):
    # The demo's ๒๕๖๓ assessment, without the demo's evidence: this test marks its own.
    assessment = Assessment.objects.get(agency=seed_agency, framework__fiscal_year=2563)
    for row in assessment.oit_evidence.all():
        services.evidence_delete(user=staff_user, evidence=row)
    services.evidence_ensure_rows(user=staff_user, assessment=assessment)
    rows = {e.item.code: e for e in assessment.oit_evidence.select_related("item")}
    mark(staff_user, rows, ALL_9_BUT_O9 + ALL_10_BUT_O41, state=Evidence.State.READY)

    score = selectors.predicted_score(assessment)

    # The seed's 2562 indicators: IIT = mean(1–5) = 91.98, EIT = mean(6–8) = 89.9766…
    assert score.other_year == 2562
    assert round2(score.other_tool_percents["IIT"]) == Decimal("91.98")
    assert round2(score.other_tool_percents["EIT"]) == Decimal("89.98")
    expected = (
        score.other_tool_percents["IIT"] * Decimal("0.3")
        + score.other_tool_percents["EIT"] * Decimal("0.3")
        + score.prediction.percent * Decimal("0.4")
    )
    assert score.total == expected
    assert round2(score.total) == Decimal("92.89")


def test_the_overview_page_shows_the_prediction(
    staff_client, staff_user, seed_assessment, evidence_rows
):
    mark(staff_user, evidence_rows, ALL_9_BUT_O9, state=Evidence.State.READY)
    body = staff_client.get(
        reverse("admin:oit_evidence_overview", args=[seed_assessment.pk])
    ).content.decode()
    assert selectors.BASIS_LABELS[selectors.BASIS_READY] in body
    assert "97.78" in body  # indicator 9
    assert '<th class="oit-percent">48.89</th>' in body  # (97.78 + 0)/2
    assert "นโยบายคุ้มครอง" not in body  # 2562 has no personal-data item
    assert "O43" in body and "ยังไม่ได้ตรวจกับคู่มือ" in body
