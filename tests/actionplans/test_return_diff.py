"""After a return and a resubmission the approver sees what changed since the return (issue 21)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from actionplans import services
from actionplans.diff import CHANGED, plan_changes_since_return
from actionplans.models import ActionPlan, PlanTransition

RETURN_HEADING = "สิ่งที่แก้ไขตั้งแต่ส่งกลับเมื่อ"
APPROVED_HEADING = "สิ่งที่เปลี่ยนจากฉบับที่อนุมัติล่าสุด"
FIRST_SUBMISSION = "แผนนี้เสนออนุมัติเป็นครั้งแรก"


def change_url(plan: ActionPlan) -> str:
    return reverse("admin:actionplans_actionplan_change", args=[plan.pk])


def returned_and_edited(plan: ActionPlan, demo, *, title: str = "แผนที่แก้ตามความเห็น") -> ActionPlan:
    """The approver returns the submitted plan; staff change its title and resubmit."""
    approver, staff = demo.users["demo-approver"], demo.users["demo-staff"]
    plan = services.actionplan_return(plan=plan, user=approver, comment="ปรับชื่อแผน")
    plan = services.actionplan_update(plan=plan, user=staff, title=title)
    return services.actionplan_submit(plan=plan, user=staff)


def test_a_return_keeps_the_plan_as_it_was_returned(submitted_plan, demo):
    title = submitted_plan.title
    services.actionplan_return(
        plan=submitted_plan, user=demo.users["demo-approver"], comment="ปรับชื่อแผน"
    )
    row = submitted_plan.transitions.get(action=PlanTransition.Action.RETURN)
    assert row.snapshot is not None and row.snapshot["title"] == title


def test_the_changes_since_the_return_are_listed(submitted_plan, demo):
    plan = returned_and_edited(submitted_plan, demo)
    diff = plan_changes_since_return(plan)
    assert diff is not None and diff.returned.comment == "ปรับชื่อแผน"
    assert [(r.kind, r.title) for r in diff.rows] == [(CHANGED, "แผน")]
    assert diff.rows[0].fields[0].new == "แผนที่แก้ตามความเห็น"


def test_a_return_of_an_earlier_version_is_not_compared(submitted_plan, demo):
    """Returned, resubmitted, approved, then reopened: the new version has no return."""
    approver, staff = demo.users["demo-approver"], demo.users["demo-staff"]
    plan = returned_and_edited(submitted_plan, demo)
    plan = services.actionplan_approve(plan=plan, user=approver)
    plan = services.actionplan_reopen(plan=plan, user=approver, comment="ปรับอีกครั้ง")
    plan = services.actionplan_update(plan=plan, user=staff, title="ฉบับที่สาม")
    plan = services.actionplan_submit(plan=plan, user=staff)
    assert plan_changes_since_return(plan) is None


def test_the_approver_sees_the_changes_since_the_return_first(
    approver_client, submitted_plan, demo
):
    plan = returned_and_edited(submitted_plan, demo)
    activity = plan.items.order_by("indicator__number", "order").first().activities.first()
    activity.budget = Decimal("7000")
    activity.save()
    response = approver_client.get(change_url(plan))
    assert response.status_code == 200
    page = response.content.decode()
    assert RETURN_HEADING in page and "ฉบับที่ส่งกลับ" in page
    assert "แผนที่แก้ตามความเห็น" in page and "๗,๐๐๐ บาท" in page
    assert "ส่งกลับแก้ไขด้วยเหตุผล: ปรับชื่อแผน" in page
    # The comparison with the approved version stays available, below it.
    assert page.index(RETURN_HEADING) < page.index(APPROVED_HEADING)
    assert 'id="plan-diff-approved"' in page


def test_a_first_submission_returned_shows_the_changes_not_first_submission(
    approver_client, submitted_plan, demo
):
    submitted_plan.transitions.filter(action=PlanTransition.Action.APPROVE).delete()
    plan = returned_and_edited(submitted_plan, demo)
    page = approver_client.get(change_url(plan)).content.decode()
    assert RETURN_HEADING in page and "แผนที่แก้ตามความเห็น" in page
    assert FIRST_SUBMISSION not in page and 'id="plan-diff-approved"' not in page


def test_a_return_without_a_copy_says_it_cannot_compare(approver_client, submitted_plan, demo):
    plan = returned_and_edited(submitted_plan, demo)
    plan.transitions.filter(action=PlanTransition.Action.RETURN).update(snapshot=None)
    page = approver_client.get(change_url(plan)).content.decode()
    assert "จึงเปรียบเทียบไม่ได้" in page


def test_staff_and_outsiders_get_their_usual_answers(
    staff_client, outsider_client, anonymous_client, submitted_plan, demo
):
    plan = returned_and_edited(submitted_plan, demo)
    assert staff_client.get(change_url(plan)).status_code == 200
    assert outsider_client.get(change_url(plan)).status_code == 404
    assert anonymous_client.get(change_url(plan)).status_code == 302
