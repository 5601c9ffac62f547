"""Staff ask for an approved plan to be reopened; an approver reopens it or declines (issue 11)."""

from __future__ import annotations

import logging

from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from actionplans import services
from actionplans.models import ActionPlan, ReopenRequest


def url(name: str, plan: ActionPlan) -> str:
    return reverse(f"actionplans:{name}", args=[plan.pk])


def admin_url(plan: ActionPlan) -> str:
    return reverse("admin:actionplans_actionplan_change", args=[plan.pk])


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def test_staff_request_is_recorded_logged_and_mailed_to_the_approvers(
    staff_client, approved_plan, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.INFO)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url("request_reopen", approved_plan), {"comment": " งบลด "})
    assert response.status_code == 302 and response["Location"] == admin_url(approved_plan)
    assert messages_of(response) == [("success", "ส่งคำขอเปิดแก้ไขแผนแล้ว ระบบแจ้งผู้บริหารทางอีเมล")]
    request = ReopenRequest.objects.get(plan=approved_plan)
    assert (request.reason, request.outcome, request.plan_version) == ("งบลด", "open", 1)
    assert [m.to for m in mail.outbox] == [["demo-approver@example.invalid"]]
    assert "เหตุผล: งบลด" in mail.outbox[0].body
    assert "plan.reopen_request" in caplog.text
    approved_plan.refresh_from_db()
    assert approved_plan.status == ActionPlan.Status.APPROVED  # asking changes nothing yet


def test_an_empty_reason_is_refused_and_nothing_recorded(staff_client, approved_plan):
    response = staff_client.post(url("request_reopen", approved_plan), {"comment": "  "})
    assert response.status_code == 302
    assert messages_of(response) == [("error", services.ERROR_REASON_REQUIRED)]
    assert not ReopenRequest.objects.exists() and not mail.outbox


def test_a_plan_not_approved_cannot_be_asked_for(staff_client, draft_plan):
    response = staff_client.post(url("request_reopen", draft_plan), {"comment": "แก้"}, follow=True)
    assert "ขอเปิดแก้ไขได้เฉพาะแผนที่อนุมัติแล้ว แผนนี้อยู่ในสถานะ “ฉบับร่าง”" in (response.content.decode())
    assert not ReopenRequest.objects.exists()


def test_another_agencys_staff_get_404_and_anonymous_the_login(
    outsider_client, anonymous_client, approved_plan
):
    for name in ("request_reopen", "decline_reopen"):
        assert outsider_client.post(url(name, approved_plan), {"comment": "x"}).status_code == 404
        response = anonymous_client.post(url(name, approved_plan), {"comment": "x"})
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert not ReopenRequest.objects.exists()


def test_the_approver_sees_the_request_and_reopening_resolves_it(
    staff_client, approver_client, approved_plan
):
    staff_client.post(url("request_reopen", approved_plan), {"comment": "เพิ่มกิจกรรมอบรม"})
    page = approver_client.get(admin_url(approved_plan)).content.decode()
    assert "คำขอเปิดแก้ไขแผนที่รอพิจารณา" in page and "เพิ่มกิจกรรมอบรม" in page
    assert url("reopen", approved_plan) in page and url("decline_reopen", approved_plan) in page
    approver_client.post(url("reopen", approved_plan), {"comment": "ตามคำขอ"})
    request = ReopenRequest.objects.get()
    assert (request.outcome, request.resolution_comment) == ("reopened", "ตามคำขอ")
    assert (
        "คำขอเปิดแก้ไขแผนที่รอพิจารณา" not in staff_client.get(admin_url(approved_plan)).content.decode()
    )


def test_the_approver_declines_and_the_plan_stays_approved(
    staff_client, approver_client, approved_plan
):
    staff_client.post(url("request_reopen", approved_plan), {"comment": "เพิ่มกิจกรรม"})
    assert staff_client.post(url("decline_reopen", approved_plan)).status_code == 403
    response = approver_client.post(url("decline_reopen", approved_plan), {"comment": "ปีหน้า"})
    assert messages_of(response) == [("success", "ไม่เปิดแก้ไขแผนตามคำขอแล้ว แผนยังคงอนุมัติอยู่")]
    assert ReopenRequest.objects.get().outcome == "declined"
    approved_plan.refresh_from_db()
    assert approved_plan.status == ActionPlan.Status.APPROVED
    again = approver_client.post(url("decline_reopen", approved_plan))
    assert messages_of(again)[-1] == ("error", services.ERROR_NO_OPEN_REQUEST)  # after the first


def test_staff_see_the_request_button_and_approvers_the_reopen_button(
    staff_client, approver_client, approved_plan
):
    staff_page = staff_client.get(admin_url(approved_plan)).content.decode()
    assert url("request_reopen", approved_plan) in staff_page
    assert url("reopen", approved_plan) not in staff_page
    approver_page = approver_client.get(admin_url(approved_plan)).content.decode()
    assert url("request_reopen", approved_plan) not in approver_page


def test_a_second_request_while_one_is_open_is_refused_and_mails_no_one_again(
    staff_client, approved_plan, django_capture_on_commit_callbacks
):
    """Issue 24: every request e-mailed every approver again, with no de-duplication."""
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url("request_reopen", approved_plan), {"comment": "งบลด"})
        second = staff_client.post(url("request_reopen", approved_plan), {"comment": "งบลดอีก"})
    assert messages_of(second)[-1] == ("error", services.ERROR_REQUEST_ALREADY_OPEN)
    assert "รอพิจารณา" in services.ERROR_REQUEST_ALREADY_OPEN
    assert [m.to for m in mail.outbox] == [["demo-approver@example.invalid"]]
    assert ReopenRequest.objects.filter(plan=approved_plan).count() == 1


def test_requests_per_plan_per_day_are_capped(
    staff_client, approver_client, approved_plan, django_capture_on_commit_callbacks
):
    """Declining and asking again in a loop cannot mail the approvers without limit."""
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(services.REOPEN_REQUESTS_PER_DAY):
            staff_client.post(url("request_reopen", approved_plan), {"comment": f"ครั้งที่ {number}"})
            approver_client.post(url("decline_reopen", approved_plan), {"comment": "ไม่"})
        over = staff_client.post(url("request_reopen", approved_plan), {"comment": "อีกครั้ง"})
    expected = services.ERROR_TOO_MANY_REQUESTS.format(limit=services.REOPEN_REQUESTS_PER_DAY)
    assert messages_of(over)[-1] == ("error", expected)
    requests_mailed = [m for m in mail.outbox if "ขอเปิดแก้ไข" in m.subject]
    assert len(requests_mailed) == services.REOPEN_REQUESTS_PER_DAY
    assert (
        ReopenRequest.objects.filter(plan=approved_plan).count() == services.REOPEN_REQUESTS_PER_DAY
    )
