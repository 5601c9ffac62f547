"""A request to reopen an approved plan reaches its approvers (inbox, header count, plan list);
a decline needs a reason, which is kept, e-mailed to the requester and shown on the plan page
(issue 21). Everything from the outside: status codes, pages and the locmem outbox."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans import services
from actionplans.models import ActionPlan, ReopenRequest
from actionplans.snapshots import user_display_name
from actionplans.templatetags.plan_tags import thai_datetime
from assessments.models import Assessment, Role
from assessments.services import membership_grant
from ita_portal.lib.thai import to_thai_digits
from reports.context_processors import approval_inbox_count

REASON = "งบประมาณถูกปรับลด ต้องตัดกิจกรรมอบรม"
DECLINE_REASON = "ใช้แผนเดิมจนสิ้นปี แล้วปรับในแผนปีหน้า"
INBOX = reverse("admin:index")
PLAN_LIST = reverse("admin:actionplans_actionplan_changelist")


def url(name: str, plan: ActionPlan) -> str:
    return reverse(f"actionplans:{name}", args=[plan.pk])


def admin_url(plan: ActionPlan) -> str:
    return reverse("admin:actionplans_actionplan_change", args=[plan.pk])


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def requested(staff_client, approved_plan) -> ReopenRequest:
    """Staff asked, through the plan page's form, for the approved demo plan to be reopened."""
    assert (
        staff_client.post(url("request_reopen", approved_plan), {"comment": REASON}).status_code
        == 302
    )
    return ReopenRequest.objects.get(plan=approved_plan)


@pytest.fixture
def other_approver_client(other_agency) -> Client:
    """An approver, but of another agency."""
    user = get_user_model().objects.create_user("other-approver", "other-ap@example.invalid", "x")
    membership_grant(user=user, agency=other_agency, role=Role.APPROVER)
    client = Client()
    client.force_login(user)
    return client


def test_the_request_reaches_the_approvers_inbox_with_year_requester_reason_and_actions(
    approver_client, approved_plan, requested, demo
):
    inbox = page(approver_client, INBOX)
    assert 'id="reopen-inbox"' in inbox
    assert "คำขอเปิดแก้ไขแผนที่รอการพิจารณาของคุณ (๑)" in inbox
    assert f"พ.ศ. {to_thai_digits(approved_plan.plan_year)}" in inbox
    assert user_display_name(demo.users["demo-staff"]) in inbox
    assert REASON in inbox
    assert thai_datetime(requested.requested_at) in inbox  # the date in พ.ศ.
    assert url("reopen", approved_plan) in inbox and url("decline_reopen", approved_plan) in inbox


def test_the_header_count_includes_the_request(approver_client, staff_client, requested):
    assert "รออนุมัติ ๑" in page(approver_client, PLAN_LIST)
    assert "ws-header-count" not in page(staff_client, PLAN_LIST)  # staff decide nothing


def test_the_header_count_adds_requests_to_plans_waiting_for_approval_in_one_query(
    requested, demo, other_agency
):
    # The approver of both agencies: the other agency's plan is submitted, the demo's asked for.
    approver = get_user_model().objects.get(pk=demo.users["demo-approver"].pk)
    membership_grant(user=approver, agency=other_agency, role=Role.APPROVER)
    other_assessment = Assessment.objects.filter(agency=other_agency).first()
    ActionPlan.objects.create(assessment=other_assessment, status=ActionPlan.Status.SUBMITTED)
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(pk=approver.pk)
    with CaptureQueriesContext(connection) as queries:
        shown = str(approval_inbox_count(request)["approval_inbox_count"])
    assert shown == "๒"
    assert len(queries) == 1


def test_the_plan_list_marks_and_filters_plans_with_an_open_request(
    staff_client, approver_client, approved_plan, requested
):
    assert "มีคำขอเปิดแก้ไข" in page(staff_client, PLAN_LIST)
    filtered = approver_client.get(PLAN_LIST + "?reopen_request=open")
    assert filtered.status_code == 200
    assert [p.pk for p in filtered.context["cl"].result_list] == [approved_plan.pk]


def test_an_approver_of_another_agency_neither_sees_nor_declines_it(
    other_approver_client, approved_plan, requested
):
    inbox = page(other_approver_client, INBOX)
    assert REASON not in inbox and 'id="reopen-inbox"' not in inbox
    assert "ws-header-count" not in inbox
    assert (
        other_approver_client.get(PLAN_LIST + "?reopen_request=open").context["cl"].result_count
        == 0
    )
    response = other_approver_client.post(url("decline_reopen", approved_plan), {"comment": "ไม่"})
    assert response.status_code == 404
    assert ReopenRequest.objects.get().outcome == ReopenRequest.Outcome.OPEN
    assert other_approver_client.get(url("decline_reopen", approved_plan)).status_code == 405


def test_staff_cannot_decline(staff_client, outsider_client, approved_plan, requested):
    assert (
        staff_client.post(url("decline_reopen", approved_plan), {"comment": "ไม่"}).status_code
        == 403
    )
    assert (
        outsider_client.post(url("decline_reopen", approved_plan), {"comment": "ไม่"}).status_code
        == 404
    )
    assert ReopenRequest.objects.get().outcome == ReopenRequest.Outcome.OPEN
    assert not mail.outbox


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_a_decline_needs_a_reason(
    approver_client, approved_plan, requested, comment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = approver_client.post(url("decline_reopen", approved_plan), {"comment": comment})
    assert response.status_code == 302
    messages = [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]
    assert messages == [("error", services.ERROR_DECLINE_REASON_REQUIRED)]
    assert "เหตุผล" in services.ERROR_DECLINE_REASON_REQUIRED
    assert ReopenRequest.objects.get().outcome == ReopenRequest.Outcome.OPEN
    assert not mail.outbox


def test_a_decline_keeps_the_reason_and_mails_it_to_the_requester_only(
    approver_client, approved_plan, requested, demo, django_capture_on_commit_callbacks
):
    # A second approver of the agency: the decline is for the requester, not for the approvers.
    second = get_user_model().objects.create_user("second-ap", "second-ap@example.invalid", "x")
    membership_grant(user=second, agency=approved_plan.assessment.agency, role=Role.APPROVER)
    with django_capture_on_commit_callbacks(execute=True):
        response = approver_client.post(
            url("decline_reopen", approved_plan), {"comment": f" {DECLINE_REASON} "}
        )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert (requested.outcome, requested.resolution_comment) == ("declined", DECLINE_REASON)
    assert requested.resolved_by == demo.users["demo-approver"]
    assert [m.to for m in mail.outbox] == [[demo.users["demo-staff"].email]]
    message = mail.outbox[0]
    year = to_thai_digits(approved_plan.plan_year)
    assert "ไม่เปิดแก้ไข" in message.subject and str(approved_plan) in message.subject
    assert f"พ.ศ. {year}" in message.subject
    assert DECLINE_REASON in message.body and f"พ.ศ. {year}" in message.body
    assert admin_url(approved_plan) in message.body


def test_a_title_with_a_line_break_cannot_add_headers_to_the_decline_mail(
    approver_client, approved_plan, requested, django_capture_on_commit_callbacks
):
    ActionPlan.objects.filter(pk=approved_plan.pk).update(title="แผน\r\nBcc: x@evil.example")
    with django_capture_on_commit_callbacks(execute=True):
        approver_client.post(url("decline_reopen", approved_plan), {"comment": DECLINE_REASON})
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Bcc" not in message.message().keys()


def test_a_declined_request_leaves_the_inbox_the_count_and_the_filter(
    approver_client, approved_plan, requested
):
    approver_client.post(url("decline_reopen", approved_plan), {"comment": DECLINE_REASON})
    inbox = page(approver_client, INBOX)
    assert 'id="reopen-inbox"' not in inbox and REASON not in inbox
    assert "ws-header-count" not in inbox
    assert approver_client.get(PLAN_LIST + "?reopen_request=open").context["cl"].result_count == 0


def test_a_request_granted_by_reopening_leaves_the_inbox(approver_client, approved_plan, requested):
    approver_client.post(url("reopen", approved_plan), {"comment": "ตามคำขอ"})
    assert 'id="reopen-inbox"' not in page(approver_client, INBOX)


def test_staff_read_on_the_plan_pages_who_declined_when_and_why(
    staff_client, approver_client, approved_plan, requested, demo
):
    approver_client.post(url("decline_reopen", approved_plan), {"comment": DECLINE_REASON})
    requested.refresh_from_db()
    for path in (admin_url(approved_plan), url("detail", approved_plan)):
        plan_page = page(staff_client, path)
        assert "ประวัติคำขอเปิดแก้ไขแผน" in plan_page
        assert REASON in plan_page and DECLINE_REASON in plan_page
        assert user_display_name(demo.users["demo-staff"]) in plan_page
        assert f"โดย {user_display_name(demo.users['demo-approver'])}" in plan_page
        assert thai_datetime(requested.resolved_at) in plan_page
