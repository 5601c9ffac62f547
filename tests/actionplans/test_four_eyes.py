"""Four eyes: an approver who changed anything in the version under approval cannot approve it,
whoever pressed Save after them; a Save that changes nothing makes nobody an author."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from actionplans import services
from actionplans.models import ActionPlan, PlanChange, PlanItem
from assessments.models import Role
from assessments.services import membership_grant

from .formdata import admin_form_data, row_prefix


def plan_url(plan: ActionPlan) -> str:
    return reverse("admin:actionplans_actionplan_change", args=[plan.pk])


def form_of(client: Client, url: str, form_id: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return admin_form_data(response.content.decode(), form_id)


def first_item(plan: ActionPlan) -> PlanItem:
    return plan.items.order_by("indicator__number", "order", "id").first()


def as_a_browser_sends_it(data: dict[str, list[str]]) -> dict[str, list[str]]:
    """Browsers submit a textarea's line breaks as CR LF."""
    return {k: [v.replace("\n", "\r\n") for v in values] for k, values in data.items()}


def submit_and_try_to_approve(staff_client, approver_client, plan: ActionPlan):
    assert staff_client.post(reverse("actionplans:submit", args=[plan.pk])).status_code == 302
    return approver_client.post(reverse("actionplans:approve", args=[plan.pk]))


def second_approver(plan: ActionPlan) -> Client:
    user = get_user_model().objects.create_user("approver-2", "a2@example.invalid")
    membership_grant(user=user, agency=plan.assessment.agency, role=Role.APPROVER)
    client = Client()
    client.force_login(user)
    return client


def test_the_issues_scenario_staff_saving_without_change_does_not_clear_the_approvers_edit(
    staff_client, approver_client, draft_plan
):
    # An approver edits a row's text on the plan page ...
    url = plan_url(draft_plan)
    data = form_of(approver_client, url, "actionplan_form")
    data["items-0-assessment_issues"] = ["ข้อความที่ผู้บริหารเขียนเอง"]
    assert approver_client.post(url, data).status_code == 302
    # ... a staff member opens the page and presses Save without changing anything ...
    data = form_of(staff_client, url, "actionplan_form")
    assert staff_client.post(url, as_a_browser_sends_it(data)).status_code == 302
    # ... and after staff submit it, the approver still may not approve text they wrote.
    response = submit_and_try_to_approve(staff_client, approver_client, draft_plan)
    assert response.status_code == 403
    assert services.ERROR_FOUR_EYES in response.content.decode()
    plan = ActionPlan.objects.get(pk=draft_plan.pk)
    assert plan.status == ActionPlan.Status.SUBMITTED
    assert plan.last_edited_by.username == "demo-approver"
    # The page does not offer the approver the button, and says why.
    page = approver_client.get(url).content.decode()
    assert 'value="approve"' not in page and "ผู้แก้ไขเนื้อหาในฉบับนี้" in page
    # Another approver, who changed nothing, may approve.
    other = second_approver(plan)
    assert other.post(reverse("actionplans:approve", args=[plan.pk])).status_code == 302
    assert ActionPlan.objects.get(pk=plan.pk).status == ActionPlan.Status.APPROVED


def test_an_activity_edited_on_the_plan_page_counts_too(staff_client, approver_client, draft_plan):
    url = plan_url(draft_plan)
    data = form_of(approver_client, url, "actionplan_form")
    data[f"{row_prefix(data, first_item(draft_plan))}-activities-0-text"] = ["กิจกรรมที่ผู้บริหารเขียน"]
    assert approver_client.post(url, data).status_code == 302
    data = form_of(staff_client, url, "actionplan_form")
    assert staff_client.post(url, as_a_browser_sends_it(data)).status_code == 302
    response = submit_and_try_to_approve(staff_client, approver_client, draft_plan)
    assert response.status_code == 403
    change = PlanChange.objects.get(plan=draft_plan, user__username="demo-approver")
    assert (change.kind, change.action, change.fields) == ("activity", "change", ["text"])


def test_an_approver_who_deleted_a_row_cannot_approve(staff_client, approver_client, draft_plan):
    url = plan_url(draft_plan)
    data = form_of(approver_client, url, "actionplan_form")
    data["items-0-DELETE"] = ["on"]
    assert approver_client.post(url, data).status_code == 302
    assert submit_and_try_to_approve(staff_client, approver_client, draft_plan).status_code == 403


def test_an_approver_who_pressed_save_without_change_may_still_approve(
    staff_client, approver_client, draft_plan
):
    url = plan_url(draft_plan)
    data = form_of(approver_client, url, "actionplan_form")
    assert approver_client.post(url, as_a_browser_sends_it(data)).status_code == 302
    assert not PlanChange.objects.filter(plan=draft_plan, user__username="demo-approver").exists()
    response = submit_and_try_to_approve(staff_client, approver_client, draft_plan)
    assert response.status_code == 302
    assert ActionPlan.objects.get(pk=draft_plan.pk).status == ActionPlan.Status.APPROVED


def test_edits_of_an_earlier_version_do_not_count_after_reopening(
    staff_client, approver_client, draft_plan, demo
):
    approver, staff = demo.users["demo-approver"], demo.users["demo-staff"]
    plan = services.actionplan_update(plan=draft_plan, user=approver, title="ฉบับผู้บริหาร")
    plan = services.actionplan_submit(plan=plan, user=staff)
    services.actionplan_approve(plan=plan, user=second_approver_user(plan))
    plan = services.actionplan_reopen(plan=plan, user=approver, comment="ปรับปรุงอีกครั้ง")
    services.actionplan_update(plan=plan, user=staff, title="ฉบับเจ้าหน้าที่")
    plan = services.actionplan_submit(plan=ActionPlan.objects.get(pk=plan.pk), user=staff)
    assert services.may_approve(approver, plan) is True


def second_approver_user(plan: ActionPlan):
    user = get_user_model().objects.create_user("approver-3", "a3@example.invalid")
    membership_grant(user=user, agency=plan.assessment.agency, role=Role.APPROVER)
    return user
