"""What the version under approval changes from the last approved one (issue 11)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from actionplans import services
from actionplans.diff import ADDED, CHANGED, REMOVED, plan_changes_since_approval
from actionplans.models import ActionPlan, PlanActivity, PlanItem, PlanTransition


def first_item(plan: ActionPlan) -> PlanItem:
    return plan.items.order_by("indicator__number", "order", "id").first()


def first_activity(plan: ActionPlan) -> PlanActivity:
    return first_item(plan).activities.order_by("order", "id").first()


def labels(rows) -> list[tuple[str, str, str]]:
    return [(f.label, f.old, f.new) for row in rows for f in row.fields]


def test_an_unchanged_plan_has_no_changes(draft_plan):
    assert plan_changes_since_approval(draft_plan) == []


def test_a_plan_never_approved_has_no_approved_version_to_compare(draft_plan):
    draft_plan.transitions.filter(action=PlanTransition.Action.APPROVE).delete()
    assert plan_changes_since_approval(draft_plan) is None


def test_a_changed_activity_schedule_and_budget_are_listed_with_old_and_new(draft_plan):
    activity = first_activity(draft_plan)
    activity.end_month, activity.end_year = 3, 2563
    activity.budget = Decimal("20000")
    activity.save()
    rows = plan_changes_since_approval(draft_plan)
    assert [row.kind for row in rows] == [CHANGED]
    assert rows[0].title.startswith("ตัวชี้วัดที่ ๒ รายการ: ")
    changes = labels(rows)
    assert [label for label, _, _ in changes] == [
        "กิจกรรมที่ ๑: ระยะเวลาดำเนินการ",
        "กิจกรรมที่ ๑: งบประมาณ",
    ]
    schedule, budget = changes
    assert "ธ.ค." in schedule[1] or "ธันวาคม" in schedule[1]
    assert "มี.ค." in schedule[2] or "มีนาคม" in schedule[2]
    assert budget[1:] == ("(ไม่มี)", "๒๐,๐๐๐ บาท")


def test_a_changed_title_and_issue_are_listed(draft_plan):
    draft_plan.title = "แผนฉบับปรับปรุง"
    draft_plan.save()
    item = first_item(draft_plan)
    item.assessment_issues = "ประเด็นใหม่"
    item.save()
    rows = plan_changes_since_approval(draft_plan)
    assert [(row.kind, row.title) for row in rows][0] == (CHANGED, "แผน")
    changes = labels(rows)
    assert changes[0][0] == "ชื่อแผน" and changes[0][2] == "แผนฉบับปรับปรุง"
    assert changes[1][0] == "ประเด็นการประเมิน" and changes[1][2] == "ประเด็นใหม่"


def test_an_added_and_a_removed_row_are_listed_with_their_content(draft_plan, demo):
    removed = first_item(draft_plan)
    removed_title = "ตัวชี้วัดที่ ๒ รายการ: " + removed.assessment_issue_list[0]
    removed.delete()
    spec = services.ItemSpec(
        indicator_number=2,
        assessment_issues=["ประเด็นที่เพิ่ม"],
        activities=[services.ActivitySpec(text="กิจกรรมใหม่", schedule_text="ทุกเดือน")],
    )
    services.actionplan_item_add(plan=draft_plan, user=demo.users["demo-staff"], spec=spec)
    rows = plan_changes_since_approval(draft_plan)
    assert [(row.kind, row.title) for row in rows] == [
        (ADDED, "ตัวชี้วัดที่ ๒ รายการ: ประเด็นที่เพิ่ม"),
        (REMOVED, removed_title),
    ]
    added_activity = rows[0].fields[-1]
    assert added_activity.old == "(ไม่มี)" and "กิจกรรมใหม่ / ทุกเดือน" in added_activity.new
    assert all(f.new == "(ไม่มี)" for f in rows[1].fields)


def test_an_added_activity_is_listed(draft_plan):
    item = first_item(draft_plan)
    PlanActivity.objects.create(item=item, order=9, text="ประชุมชี้แจง", schedule_text="ทุกไตรมาส")
    changes = labels(plan_changes_since_approval(draft_plan))
    assert changes == [("กิจกรรมที่ ๒", "(ไม่มี)", "เพิ่ม: ประชุมชี้แจง")]


def test_the_approver_sees_the_changes_on_the_plan_page(approver_client, submitted_plan):
    activity = first_activity(submitted_plan)
    activity.budget = Decimal("5000")
    activity.save()
    url = reverse("admin:actionplans_actionplan_change", args=[submitted_plan.pk])
    page = approver_client.get(url).content.decode()
    assert "สิ่งที่เปลี่ยนจากฉบับที่อนุมัติล่าสุด" in page
    assert "กิจกรรมที่ ๑: งบประมาณ" in page and "๕,๐๐๐ บาท" in page


def test_a_first_submission_says_so(approver_client, submitted_plan):
    submitted_plan.transitions.filter(action=PlanTransition.Action.APPROVE).delete()
    url = reverse("admin:actionplans_actionplan_change", args=[submitted_plan.pk])
    page = approver_client.get(url).content.decode()
    assert "แผนนี้เสนออนุมัติเป็นครั้งแรก" in page


def test_an_approved_plan_shows_no_comparison(approver_client, approved_plan):
    url = reverse("admin:actionplans_actionplan_change", args=[approved_plan.pk])
    assert "สิ่งที่เปลี่ยนจากฉบับที่อนุมัติล่าสุด" not in approver_client.get(url).content.decode()


def test_the_lock_notice_is_a_warning_not_a_success(approver_client, submitted_plan):
    url = reverse("admin:actionplans_actionplan_change", args=[submitted_plan.pk])
    page = approver_client.get(url).content.decode()
    assert '<li class="warning">แผนนี้อยู่ในสถานะ “รออนุมัติ” จึงแก้ไขไม่ได้</li>' in page
