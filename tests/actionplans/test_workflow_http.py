"""The approval workflow through HTTP: who may submit, approve, return and reopen a plan."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from actionplans import selectors, services
from actionplans.models import ActionPlan
from assessments.models import Role
from assessments.services import membership_grant


def url(name: str, plan: ActionPlan) -> str:
    return reverse(f"actionplans:{name}", args=[plan.pk])


def admin_url(plan: ActionPlan) -> str:
    return reverse("admin:actionplans_actionplan_change", args=[plan.pk])


def actions_of(plan: ActionPlan) -> list[str]:
    return list(plan.transitions.order_by("at", "id").values_list("action", flat=True))


def test_staff_submits_a_draft_and_the_approver_is_emailed(
    staff_client, draft_plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url("submit", draft_plan), {"comment": "ขออนุมัติ"})
    assert response.status_code == 302
    draft_plan.refresh_from_db()
    assert draft_plan.status == ActionPlan.Status.SUBMITTED
    last = draft_plan.transitions.order_by("-id").first()
    assert (last.action, last.from_status, last.to_status, last.comment) == (
        "submit",
        "draft",
        "submitted",
        "ขออนุมัติ",
    )
    assert [m.to for m in mail.outbox] == [["demo-approver@example.invalid"]]


def test_staff_cannot_approve(staff_client, submitted_plan):
    response = staff_client.post(url("approve", submitted_plan))
    assert response.status_code == 403
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == ActionPlan.Status.SUBMITTED


def test_staff_cannot_return_a_submitted_plan(staff_client, submitted_plan):
    assert staff_client.post(url("return", submitted_plan), {"comment": "x"}).status_code == 403
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == ActionPlan.Status.SUBMITTED


def test_an_approver_approves_and_the_submitter_is_emailed(
    approver_client, submitted_plan, demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = approver_client.post(url("approve", submitted_plan), {"comment": "เห็นชอบ"})
    assert response.status_code == 302
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == ActionPlan.Status.APPROVED
    assert submitted_plan.approved_by == demo.users["demo-approver"]
    approval = submitted_plan.transitions.order_by("-id").first()
    assert approval.action == "approve" and approval.snapshot["items"]
    assert [m.to for m in mail.outbox] == [["demo-staff@example.invalid"]]


def test_the_submitter_who_is_also_an_approver_cannot_approve_their_own_submission(
    approver_client, draft_plan, demo
):
    approver = demo.users["demo-approver"]
    plan = services.actionplan_submit(plan=draft_plan, user=approver)
    response = approver_client.post(url("approve", plan))
    assert response.status_code == 403
    assert services.ERROR_FOUR_EYES in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SUBMITTED


def test_the_last_editor_cannot_approve_even_if_someone_else_submitted(
    approver_client, draft_plan, demo
):
    approver, staff = demo.users["demo-approver"], demo.users["demo-staff"]
    plan = services.actionplan_update(plan=draft_plan, user=approver, title="แก้โดยผู้บริหาร")
    plan = services.actionplan_submit(plan=plan, user=staff)
    assert approver_client.post(url("approve", plan)).status_code == 403
    # A second approver who did neither may approve.
    other = get_user_model().objects.create_user("approver-2", "a2@example.invalid")
    membership_grant(user=other, agency=plan.assessment.agency, role=Role.APPROVER)
    services.actionplan_approve(plan=plan, user=other)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED


def test_editing_an_approved_plan_is_refused(staff_client, approver_client, approved_plan):
    item = approved_plan.items.first()
    activity = item.activities.first()
    for client in (staff_client, approver_client):
        assert client.post(admin_url(approved_plan), {"title": "เปลี่ยน"}).status_code == 403
        edit = {
            "items-0-id": item.pk,
            "items-0-activities-0-id": activity.pk,
            "items-0-activities-0-text": "เปลี่ยน",
        }
        assert client.post(admin_url(approved_plan), edit).status_code == 403
    activity.refresh_from_db()
    assert activity.text != "เปลี่ยน"
    approved_plan.refresh_from_db()
    assert approved_plan.title != "เปลี่ยน"


def test_the_approved_plan_page_is_read_only_and_says_so(staff_client, approved_plan):
    response = staff_client.get(admin_url(approved_plan))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


def test_return_with_comment_puts_the_plan_back_in_draft_with_the_comment_shown(
    approver_client, staff_client, submitted_plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = approver_client.post(url("return", submitted_plan), {"comment": "ขอเพิ่มงบประมาณ"})
    assert [m.to for m in mail.outbox] == [["demo-staff@example.invalid"]]
    assert "ขอเพิ่มงบประมาณ" in mail.outbox[0].body
    assert response.status_code == 302
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == ActionPlan.Status.DRAFT
    assert actions_of(submitted_plan)[-1] == "return"
    for page in (admin_url(submitted_plan), url("detail", submitted_plan)):
        assert "ขอเพิ่มงบประมาณ" in staff_client.get(page).content.decode()


def test_return_without_a_comment_is_refused_and_nothing_changes(approver_client, submitted_plan):
    response = approver_client.post(url("return", submitted_plan), {"comment": "  "}, follow=True)
    assert services.ERROR_COMMENT_REQUIRED in response.content.decode()
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == ActionPlan.Status.SUBMITTED


def test_reopening_needs_an_approver_and_keeps_the_approved_version(
    staff_client, approver_client, approved_plan, seed_assessment
):
    assert staff_client.post(url("reopen", approved_plan), {"comment": "x"}).status_code == 403
    response = approver_client.post(url("reopen", approved_plan), {"comment": "เพิ่มกิจกรรม"})
    assert response.status_code == 302
    approved_plan.refresh_from_db()
    assert (approved_plan.status, approved_plan.version) == ("draft", 2)
    approved_plan.items.filter(indicator__number=10).delete()
    kept = selectors.latest_approved_plan(seed_assessment)
    assert kept is not None and kept.is_approved_version
    assert [g.indicator_number for g in kept.groups] == [2, 7, 8, 10]
    live = selectors.plan_for_report(seed_assessment)
    assert [g.indicator_number for g in live.groups] == [2, 7, 8]


def test_every_transition_is_shown_on_the_plan_page(staff_client, approver_client, submitted_plan):
    approver_client.post(url("return", submitted_plan), {"comment": "แก้เป้าหมาย"})
    page = staff_client.get(admin_url(submitted_plan)).content.decode()
    for label in ("เสนออนุมัติ", "อนุมัติ", "เปิดแก้ไขแผนที่อนุมัติแล้ว", "ส่งกลับแก้ไข", "แก้เป้าหมาย"):
        assert label in page
    assert submitted_plan.transitions.count() == 5  # submit, approve (demo), reopen, submit, return


def test_a_wrong_status_is_refused_with_a_message(approver_client, approved_plan):
    response = approver_client.post(url("approve", approved_plan), follow=True)
    assert "อนุมัติแล้ว" in response.content.decode()
    assert actions_of(approved_plan) == ["submit", "approve"]


@pytest.mark.parametrize("name", ["submit", "approve", "return", "reopen"])
def test_workflow_endpoints_take_only_post(staff_client, approved_plan, name):
    assert staff_client.get(url(name, approved_plan)).status_code == 405


@pytest.mark.parametrize("name", ["submit", "approve", "return", "reopen", "detail"])
def test_anonymous_visitors_are_sent_to_login(anonymous_client, approved_plan, name):
    response = (anonymous_client.get if name == "detail" else anonymous_client.post)(
        url(name, approved_plan)
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]


class TestButtons:
    def test_staff_sees_submit_on_a_draft_but_no_approve(self, staff_client, draft_plan):
        page = staff_client.get(admin_url(draft_plan)).content.decode()
        # Submitting is a button of the plan's own form (it saves first): see test_admin_editing.
        assert 'name="_submit_plan"' in page
        assert url("approve", draft_plan) not in page

    def test_an_approver_sees_approve_and_return_on_a_plan_staff_submitted(
        self, approver_client, submitted_plan
    ):
        page = approver_client.get(admin_url(submitted_plan)).content.decode()
        assert url("approve", submitted_plan) in page
        assert url("return", submitted_plan) in page

    def test_staff_sees_no_decision_buttons_on_a_submitted_plan(self, staff_client, submitted_plan):
        page = staff_client.get(admin_url(submitted_plan)).content.decode()
        assert url("approve", submitted_plan) not in page
        assert url("return", submitted_plan) not in page

    def test_an_approver_sees_no_approve_button_on_their_own_submission(
        self, approver_client, draft_plan, demo
    ):
        plan = services.actionplan_submit(plan=draft_plan, user=demo.users["demo-approver"])
        page = approver_client.get(admin_url(plan)).content.decode()
        assert url("approve", plan) not in page
        assert url("return", plan) in page

    def test_reopen_is_offered_to_the_approver_only(
        self, staff_client, approver_client, approved_plan
    ):
        assert (
            url("reopen", approved_plan)
            in approver_client.get(admin_url(approved_plan)).content.decode()
        )
        assert (
            url("reopen", approved_plan)
            not in staff_client.get(admin_url(approved_plan)).content.decode()
        )


def test_a_viewer_sees_the_plan_but_cannot_act_on_it(draft_plan, client):
    viewer = get_user_model().objects.create_user("viewer-1", "v@example.invalid")
    membership_grant(user=viewer, agency=draft_plan.assessment.agency, role=Role.VIEWER)
    client.force_login(viewer)
    assert client.get(url("detail", draft_plan)).status_code == 200
    assert client.get(admin_url(draft_plan)).status_code == 200
    assert client.post(url("submit", draft_plan)).status_code == 403
    assert client.post(admin_url(draft_plan), {"title": "x"}).status_code == 403
    draft_plan.refresh_from_db()
    assert draft_plan.status == ActionPlan.Status.DRAFT
    page = client.get(admin_url(draft_plan)).content.decode()
    assert url("submit", draft_plan) not in page
