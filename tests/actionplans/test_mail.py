"""Workflow e-mails: one-line subjects, absolute links, sent after commit, never failing the action."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.urls import reverse

from actionplans import services
from actionplans.models import ActionPlan
from actionplans.tasks import send_plan_mail
from tests.actionplans.mailbackends import FlakyBackend

from .formdata import admin_form_data


def submit_url(plan: ActionPlan) -> str:
    return reverse("actionplans:submit", args=[plan.pk])


@pytest.fixture
def real_commits(transactional_db, demo, draft_plan):
    """The draft plan in a database that really commits, so on_commit runs inside the request."""
    return draft_plan


def test_with_the_mail_server_down_submitting_succeeds_and_the_failure_is_logged(
    real_commits, staff_client, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.actionplans.mailbackends.DownBackend"
    with caplog.at_level(logging.INFO, logger="actionplans"):
        response = staff_client.post(submit_url(real_commits), {"comment": "ขออนุมัติ"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:actionplans_actionplan_change", args=[real_commits.pk]
    )
    real_commits.refresh_from_db()
    assert real_commits.status == ActionPlan.Status.SUBMITTED
    failures = [r for r in caplog.records if r.getMessage().startswith("plan mail failed")]
    assert len(failures) == 1
    assert f"plan={real_commits.pk}" in failures[0].getMessage()
    assert "demo-approver@example.invalid" in failures[0].getMessage()


def test_a_title_with_cr_lf_still_mails_the_approvers_on_one_subject_line(
    real_commits, staff_client
):
    # A title stored before titles were checked (or written by another path) holds a line break.
    ActionPlan.objects.filter(pk=real_commits.pk).update(title="แผนปี ๒๕๖๓\r\nBcc: x@evil.example")
    response = staff_client.post(submit_url(real_commits))
    assert response.status_code == 302
    assert ActionPlan.objects.get(pk=real_commits.pk).status == ActionPlan.Status.SUBMITTED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["demo-approver@example.invalid"]
    assert "\r" not in message.subject and "\n" not in message.subject
    assert "แผนปี ๒๕๖๓ Bcc: x@evil.example" in message.subject
    assert "Bcc" not in message.message().keys()


def test_links_in_mails_are_absolute_from_site_url(real_commits, staff_client, settings):
    settings.SITE_URL = "https://ita.example.go.th/"
    assert staff_client.post(submit_url(real_commits)).status_code == 302
    change = reverse("admin:actionplans_actionplan_change", args=[real_commits.pk])
    assert f"https://ita.example.go.th{change}" in mail.outbox[0].body


def test_site_url_defaults_to_the_local_server():
    from django.conf import settings as django_settings

    assert django_settings.SITE_URL == "http://127.0.0.1:8000"


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    draft_plan, demo, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.actionplan_submit(plan=draft_plan, user=demo.users["demo-staff"])
            raise RuntimeError("a later step failed")
    assert callbacks == [] and mail.outbox == []


def test_with_a_broker_the_mail_is_queued_after_commit(
    draft_plan, demo, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    queued = []
    monkeypatch.setattr(send_plan_mail, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.actionplan_submit(plan=draft_plan, user=demo.users["demo-staff"])
    assert queued == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(queued) == 1
    subject, body, recipients, what = queued[0]
    assert recipients == ["demo-approver@example.invalid"] and "action=submit" in what
    assert mail.outbox == []


def test_with_the_broker_down_the_mail_is_sent_inline(
    draft_plan, demo, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"

    def broker_down(*args):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(send_plan_mail, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        services.actionplan_submit(plan=draft_plan, user=demo.users["demo-staff"])
    assert [m.to for m in mail.outbox] == [["demo-approver@example.invalid"]]


def test_the_queued_task_retries_while_the_mail_server_is_down(settings):
    settings.EMAIL_BACKEND = "tests.actionplans.mailbackends.FlakyBackend"
    FlakyBackend.attempts = 0
    result = send_plan_mail.apply(args=("หัวเรื่อง", "เนื้อความ", ["a@example.invalid"], "test"))
    assert result.successful()
    assert FlakyBackend.attempts == 3
    assert [m.subject for m in mail.outbox] == ["หัวเรื่อง"]


def test_a_line_break_in_a_plan_title_is_refused_in_thai_and_nothing_is_written(
    staff_client, draft_plan
):
    from actionplans.models import ERROR_TITLE_ONE_LINE

    url = reverse("admin:actionplans_actionplan_change", args=[draft_plan.pk])
    data = admin_form_data(staff_client.get(url).content.decode(), "actionplan_form")
    data["title"] = ["แผนใหม่\r\nBcc: x@evil.example"]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert ERROR_TITLE_ONE_LINE in response.content.decode()
    draft_plan.refresh_from_db()
    assert "Bcc" not in draft_plan.title


def test_header_line_flattens_every_kind_of_line_break():
    from ita_portal.lib.mail import header_line

    assert header_line("ก\r\nข\rค\nง\u2028จ\x85ฉ\tช\x00ซ") == "ก ข ค ง จ ฉ ช ซ"
    assert len(header_line("ก" * 1000)) == 250
