"""The workspace and the inbox agree with the workflow table and the approved-version rule
(issue 21): the plan's year in the inbox, the preview step, a reopened plan, four eyes."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from actionplans import services
from actionplans.models import ActionPlan
from reports import workspace as ws
from reports.models import ReportPreview

TITLES = ws.STEP_TITLES


def workspace_page(client, assessment) -> str:
    url = reverse("admin:index") + f"?agency={assessment.agency_id}&year={assessment.fiscal_year}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def step_row(page: str, key: str) -> str:
    """The workspace's table row of one step (from its title to the end of its row)."""
    table = page.split('class="ws-steps"', 1)[1]
    return table.split(TITLES[key], 1)[1].split("</tr>", 1)[0]


def reopened(assessment, demo) -> ActionPlan:
    plan = ActionPlan.objects.get(assessment=assessment)
    return services.actionplan_reopen(plan=plan, user=demo.users["demo-approver"], comment="ปรับ")


def test_the_inbox_names_the_year_of_the_plan_not_of_its_assessment(
    approver_client, seed_assessment
):
    ActionPlan.objects.filter(assessment=seed_assessment).update(
        status=ActionPlan.Status.SUBMITTED, submitted_at=timezone.now()
    )
    response = approver_client.get(reverse("admin:index"))
    assert response.status_code == 200
    inbox = response.content.decode().split('id="inbox"', 1)[1].split("</section>", 1)[0]
    assert seed_assessment.plan_year == seed_assessment.fiscal_year + 1 == 2563
    assert "แผนปีงบประมาณ" in inbox and "พ.ศ. ๒๕๖๓" in inbox and "๒๕๖๒" not in inbox


def test_a_preview_of_a_plan_not_yet_approved_does_not_finish_the_preview_step(
    staff_client, seed_assessment, demo
):
    plan = reopened(seed_assessment, demo)
    plan.transitions.filter(action="approve").delete()  # never approved
    ReportPreview.objects.create(assessment=seed_assessment, previewed_at=timezone.now())
    row = step_row(workspace_page(staff_client, seed_assessment), "previewed")
    assert "ws-badge-blocked" in row and ws.BLOCK_NOT_APPROVED in row


def test_a_reopened_plan_keeps_its_approved_version_for_preview_publishing_and_follow_up(
    approver_client, seed_assessment, demo
):
    reopened(seed_assessment, demo)
    page = workspace_page(approver_client, seed_assessment)
    assert ws.BLOCK_NOT_APPROVED not in page
    assert "ws-badge-todo" in step_row(page, "published")
    follow_up = step_row(page, "follow_up")
    assert "ws-badge-blocked" not in follow_up
    # Its progress shows, but new reports wait for the new version (the form offers none).
    assert ws.BLOCK_PROGRESS_REOPENED in follow_up and "progressreport/add" not in follow_up
    assert ws.DETAIL_APPROVED_KEPT in step_row(page, "approved")


def test_an_approver_who_edited_the_version_waits_for_another_approver(
    approver_client, seed_assessment, demo
):
    approver, staff = demo.users["demo-approver"], demo.users["demo-staff"]
    plan = reopened(seed_assessment, demo)
    plan = services.actionplan_update(plan=plan, user=approver, title="แผนที่ผู้บริหารแก้เอง")
    services.actionplan_submit(plan=plan, user=staff)
    row = step_row(workspace_page(approver_client, seed_assessment), "approved")
    assert "ws-badge-waiting" in row and ws.BLOCK_FOUR_EYES in row
    assert "พิจารณาอนุมัติแผน" not in row


def test_an_approver_who_did_not_edit_it_is_offered_the_approval(
    approver_client, seed_assessment, demo
):
    staff = demo.users["demo-staff"]
    plan = reopened(seed_assessment, demo)
    plan = services.actionplan_update(plan=plan, user=staff, title="แผนที่เจ้าหน้าที่แก้")
    services.actionplan_submit(plan=plan, user=staff)
    row = step_row(workspace_page(approver_client, seed_assessment), "approved")
    assert "ws-badge-todo" in row and "พิจารณาอนุมัติแผน" in row


def test_the_consoles_bulk_facts_of_a_reopened_plan_equal_the_workspaces(seed_assessment, demo):
    import datetime as dt

    from assessments.models import Assessment
    from reports.deadlines import deadlines_for
    from supervision.pipeline import facts_of, scored_assessments

    reopened(seed_assessment, demo)
    today = dt.date(2020, 2, 1)
    one = ws.year_facts(seed_assessment, today=today, deadlines=deadlines_for(seed_assessment))
    queryset = Assessment.objects.filter(pk=seed_assessment.pk)
    bulk = facts_of(scored_assessments(queryset), today=today)[seed_assessment.pk]
    assert one.has_approved_version and one.follow_up is not None and one.follow_up.items
    assert bulk == one
