"""The year's steps of an agency, computed without a browser (reports.workspace)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from actionplans.models import ActionPlan
from assessments.models import Assessment, IndicatorScore
from reports import workspace as ws
from reports.models import ReportPreview

STAFF = ws.Viewer(can_edit=True, can_approve=False)
APPROVER = ws.Viewer(can_edit=True, can_approve=True)
TODAY = dt.date(2026, 11, 25)


def states(space: ws.Workspace) -> dict[str, str]:
    return {step.key: step.state for step in space.steps}


def step(space: ws.Workspace, key: str) -> ws.Step:
    return next(s for s in space.steps if s.key == key)


@pytest.fixture
def fresh(other_agency):
    """The other agency's assessment with no plan and the scores emptied."""
    assessment = Assessment.objects.get(agency=other_agency)
    IndicatorScore.objects.filter(assessment=assessment).update(score=None)
    return assessment


def test_a_fresh_assessment_starts_at_the_scores_and_everything_after_is_blocked(fresh):
    space = ws.workspace(fresh, viewer=STAFF, today=TODAY)
    assert states(space) == {
        "scores": ws.TODO,
        "analysis": ws.BLOCKED,
        "plan": ws.BLOCKED,
        "submitted": ws.BLOCKED,
        "approved": ws.BLOCKED,
        "previewed": ws.BLOCKED,
        "published": ws.BLOCKED,
        "follow_up": ws.BLOCKED,
        "oit": ws.TODO,
    }
    assert space.next_step.key == "scores"
    assert step(space, "scores").action.label == "กรอกคะแนน"
    assert step(space, "scores").detail == "กรอกแล้ว 0 จาก 10 ตัวชี้วัด"
    assert step(space, "analysis").blocker == ws.BLOCK_SCORES


def test_with_scores_and_no_plan_the_next_action_drafts_the_plan_by_post(other_agency):
    assessment = Assessment.objects.get(agency=other_agency)
    space = ws.workspace(assessment, viewer=STAFF, today=TODAY)
    plan = step(space, "plan")
    assert plan.state == ws.TODO
    assert plan.action.is_post
    assert plan.action.post_fields == (("assessment", str(assessment.pk)),)


def _plan_in(assessment, status):
    plan = ActionPlan.objects.get(assessment=assessment)
    ActionPlan.objects.filter(pk=plan.pk).update(
        status=status, submitted_at=timezone.now(), approved_at=timezone.now()
    )
    return plan


def test_a_submitted_plan_waits_for_the_approver_and_is_the_approvers_next_action(seed_assessment):
    plan = _plan_in(seed_assessment, ActionPlan.Status.SUBMITTED)
    # A first submission: no approved version to publish meanwhile.
    plan.transitions.filter(action="approve").delete()
    as_staff = ws.workspace(seed_assessment, viewer=STAFF, today=TODAY)
    assert states(as_staff)["submitted"] == ws.DONE
    assert step(as_staff, "approved").state == ws.WAITING
    assert step(as_staff, "approved").blocker == ws.BLOCK_APPROVER_ONLY
    assert step(as_staff, "approved").action is None
    as_approver = ws.workspace(seed_assessment, viewer=APPROVER, today=TODAY)
    assert as_approver.next_step.key == "approved"
    assert step(as_approver, "approved").action.label == "พิจารณาอนุมัติแผน"
    assert states(as_approver)["published"] == ws.BLOCKED


def test_an_approved_plan_opens_preview_publishing_and_the_follow_up(seed_assessment):
    _plan_in(seed_assessment, ActionPlan.Status.APPROVED)
    space = ws.workspace(seed_assessment, viewer=APPROVER, today=TODAY)
    assert states(space)["approved"] == ws.DONE
    assert space.next_step.key == "previewed"
    assert step(space, "published").blocker == ws.BLOCK_NOT_PREVIEWED
    assert step(space, "published").action.url == f"/manage/reports/{seed_assessment.pk}/"
    assert step(space, "follow_up").state == ws.TODO
    # Staff cannot publish: they wait for the approver.
    assert step(ws.workspace(seed_assessment, viewer=STAFF, today=TODAY), "published").state == (
        ws.WAITING
    )


def test_a_published_report_is_done_with_its_date(
    seed_assessment, approved_plan, demo, media_root, fast_pdf
):
    from reports.publishing import report_publish

    ReportPreview.objects.create(assessment=seed_assessment, previewed_at=timezone.now())
    report_publish(assessment=seed_assessment, user=demo.users["demo-approver"])
    space = ws.workspace(seed_assessment, viewer=APPROVER, today=TODAY)
    assert step(space, "published").state == ws.DONE
    assert step(space, "published").date is not None
    assert step(space, "previewed").state == ws.DONE
    assert space.next_step.key == "follow_up"


def test_due_dates_mark_steps_not_done_as_overdue_and_list_them_by_date(seed_assessment):
    _plan_in(seed_assessment, ActionPlan.Status.APPROVED)
    deadlines = {
        "submitted": TODAY - dt.timedelta(days=30),  # done: never overdue
        "published": TODAY - dt.timedelta(days=2),
    }
    space = ws.workspace(seed_assessment, viewer=APPROVER, today=TODAY, deadlines=deadlines)
    assert step(space, "submitted").overdue is False
    assert step(space, "published").overdue is True
    assert [(i.key, i.days_left) for i in space.due_items] == [("published", -2)]


def test_the_follow_up_is_due_on_the_first_quarter_without_a_report(seed_assessment, demo):
    from actionplans.models import PlanItem, ProgressReport

    _plan_in(seed_assessment, ActionPlan.Status.APPROVED)
    plan_year = seed_assessment.plan_year  # 2563: 1 Oct 2019 – 30 Sep 2020
    deadlines = {
        "follow_up_q1": dt.date(2020, 1, 10),
        "follow_up_q2": dt.date(2020, 4, 10),
    }
    today = dt.date(2020, 2, 1)
    space = ws.workspace(seed_assessment, viewer=STAFF, today=today, deadlines=deadlines)
    assert step(space, "follow_up").due == dt.date(2020, 1, 10)
    assert step(space, "follow_up").overdue is True
    # Every item reported during the first quarter: the second quarter's date is next.
    for item in PlanItem.objects.filter(plan__assessment=seed_assessment):
        ProgressReport.objects.create(item=item, reported_on=dt.date(2019, 12, 1), percent=10)
    space = ws.workspace(seed_assessment, viewer=STAFF, today=today, deadlines=deadlines)
    assert step(space, "follow_up").due == dt.date(2020, 4, 10)
    assert step(space, "follow_up").overdue is False
    assert plan_year == 2563
