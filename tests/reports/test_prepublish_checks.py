"""Pre-publish checks: empty required texts refuse publishing; an unapproved plan is said first."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from actionplans.models import ActionPlan, PlanTransition
from actionplans.selectors import plan_of
from actionplans.snapshots import plan_raw
from assessments.models import IndicatorScore
from ita_portal.lib import thai
from reports.models import ReportPublication
from reports.publish_check import publish_check
from reports.publishing import (
    ERROR_DEVELOPMENT_ISSUES_EMPTY,
    ERROR_FOREWORD_EMPTY,
    NOTE_PLAN_NOT_APPROVED,
    WARNING_REVISION_PENDING,
)
from reports.report.builder import build_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]


def publish_url(assessment) -> str:
    return reverse("reports:report_publish", args=[assessment.pk])


def preview_url(assessment) -> str:
    return reverse("reports:report_preview", args=[assessment.pk])


def weak_and_strong_scores(assessment):
    rows = build_report(assessment).weak_indicators
    weak_names = {row.name for row in rows}
    scores = IndicatorScore.objects.filter(assessment=assessment).select_related("indicator")
    weak = [s for s in scores if s.indicator.name in weak_names]
    strong = [s for s in scores if s.indicator.name not in weak_names]
    assert weak and strong
    return weak, strong


def published_refusal(approver_client, assessment) -> str:
    response = approver_client.post(publish_url(assessment), follow=True)
    assert response.status_code == 200
    assert not ReportPublication.objects.filter(assessment=assessment).exists()
    return response.content.decode()


def test_the_demo_report_has_every_required_text(approved_plan):
    assert publish_check(approved_plan).errors == ()


def test_an_empty_foreword_refuses_publishing_and_the_confirmation_lists_it(
    approved_plan, approver_client
):
    approved_plan.foreword = "  \n "
    approved_plan.save()
    assert ERROR_FOREWORD_EMPTY in published_refusal(approver_client, approved_plan)
    page = approver_client.get(publish_url(approved_plan)).content.decode()
    assert ERROR_FOREWORD_EMPTY in page and "ยืนยันเผยแพร่" not in page
    preview = approver_client.get(preview_url(approved_plan)).content.decode()
    assert ERROR_FOREWORD_EMPTY in preview


def test_an_empty_development_issue_of_a_weak_indicator_refuses_publishing(
    approved_plan, approver_client
):
    weak, _strong = weak_and_strong_scores(approved_plan)
    IndicatorScore.objects.filter(pk=weak[0].pk).update(development_issues=" \n")
    report = build_report(approved_plan)
    number = next(r.number for r in report.weak_indicators if r.name == weak[0].indicator.name)
    expected = ERROR_DEVELOPMENT_ISSUES_EMPTY.format(numbers=number)
    assert expected in published_refusal(approver_client, approved_plan)
    page = approver_client.get(publish_url(approved_plan)).content.decode()
    assert expected in page and "ยืนยันเผยแพร่" not in page


def test_an_empty_development_issue_of_a_strength_does_not_block(approved_plan, approver_client):
    # Strengths are not in the report's "ประเด็นที่พัฒนา" table: nothing is missing there.
    _weak, strong = weak_and_strong_scores(approved_plan)
    IndicatorScore.objects.filter(pk__in=[s.pk for s in strong]).update(development_issues="")
    assert publish_check(approved_plan).errors == ()
    assert approver_client.post(publish_url(approved_plan)).status_code == 302
    assert ReportPublication.objects.filter(assessment=approved_plan).count() == 1


def test_the_preview_says_first_that_the_plan_awaits_approval(unapproved_plan, staff_client):
    ActionPlan.objects.filter(assessment=unapproved_plan).update(status=ActionPlan.Status.SUBMITTED)
    page = staff_client.get(preview_url(unapproved_plan)).content.decode()
    note = NOTE_PLAN_NOT_APPROVED.format(year=unapproved_plan.plan_year, status="รออนุมัติ")
    shown = page.split('class="plan-pending">')[1].split("</p>")[0]
    # Units are kept together (พ.ศ. and its year): compare the words only.
    assert "".join(strip_tags(shown).split()) == "".join(
        thai.digits(note, unapproved_plan.use_thai_digits).split()
    )
    # The note is the first thing in the draft's box, before the cover.
    assert page.index("draft-note") < page.index("plan-pending") < page.index("ฉบับร่าง: รายงานนี้")


def test_the_preview_of_an_approved_plan_has_no_pending_note(approved_plan, staff_client):
    page = staff_client.get(preview_url(approved_plan)).content.decode()
    assert "plan-pending" not in page


def test_a_revision_awaiting_approval_is_a_warning_not_a_refusal(approved_plan, approver_client):
    plan = plan_of(approved_plan)
    PlanTransition.objects.create(
        plan=plan,
        action=PlanTransition.Action.APPROVE,
        from_status=ActionPlan.Status.SUBMITTED,
        to_status=ActionPlan.Status.APPROVED,
        snapshot=plan_raw(plan),
        plan_version=plan.version,
    )
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.SUBMITTED)
    warning = WARNING_REVISION_PENDING.format(status="รออนุมัติ", version=plan.version)
    check = publish_check(approved_plan)
    assert check.errors == () and warning in check.warnings
    assert warning in approver_client.get(publish_url(approved_plan)).content.decode()
    preview = approver_client.get(preview_url(approved_plan)).content.decode()
    assert "plan-pending" in preview
    assert approver_client.post(publish_url(approved_plan)).status_code == 302
    assert ReportPublication.objects.filter(assessment=approved_plan).count() == 1
