"""Public-fact mails: a proposal tells the agency's other approvers, a decision tells the proposer;
sent after the commit, never failing or undoing the proposal (docs/public-facts.md)."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import Client

from assessments import public_facts, public_facts_mail
from assessments.models import EarlierResult, PublicFactChange, Role
from assessments.services import membership_grant
from assessments.tasks import send_fact_mail
from tests.actionplans.mailbackends import FlakyBackend
from tests.reports.test_public_facts import (
    NEW_NAME,
    NEW_SHORT,
    agency_url,
    decide,
    earlier_rows,
    facts_url,
    form_of,
)

pytestmark = pytest.mark.django_db

SITE = "https://ita.example.go.th"
STAFF_MAIL = "demo-staff@example.invalid"
APPROVER_MAIL = "demo-approver@example.invalid"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE + "/"


def rename_only(client: Client, agency, name: str = NEW_NAME):
    """Save the agency's admin page with a new name and nothing else changed."""
    data = form_of(client, agency)
    data["name"] = [name]
    return client.post(agency_url(agency), data)


def person(username: str, *, email: str = "", role: str = Role.APPROVER, agency=None):
    user = get_user_model().objects.create_user(
        username, email=email, password="x-pass-1", first_name="ผู้บริหาร", last_name=username
    )
    if agency is not None:
        membership_grant(user=user, agency=agency, role=role)
    return user


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------------
# A proposal tells the approvers


def test_a_staff_rename_mails_the_approver_once_after_the_commit(
    staff_client, seed_agency, django_capture_on_commit_callbacks
):
    old_name = seed_agency.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = rename_only(staff_client, seed_agency)
    assert response.status_code == 302
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[APPROVER_MAIL]]
    message = mail.outbox[0]
    assert "\n" not in message.subject
    assert "รออนุมัติ" in message.subject and old_name in message.subject
    body = message.body
    assert old_name in body and NEW_NAME in body
    assert f"ชื่อหน่วยงาน: {old_name} → {NEW_NAME}" in body
    assert "เจ้าหน้าที่ ตัวอย่าง" in body  # who proposed it
    assert f"{SITE}{facts_url(seed_agency)}" in body


def test_one_save_of_name_short_name_and_a_year_mails_each_approver_once_naming_all(
    staff_client, seed_agency, django_capture_on_commit_callbacks
):
    person("second-approver", email="second@example.invalid", agency=seed_agency)
    old_name, old_short = seed_agency.name, seed_agency.short_name or "-"
    earlier = EarlierResult.objects.filter(agency=seed_agency).first()
    data = form_of(staff_client, seed_agency)
    data["name"], data["short_name"] = [NEW_NAME], [NEW_SHORT]
    data[f"earlier_results-{earlier_rows(data)[earlier.fiscal_year]}-total"] = ["91.50"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(agency_url(seed_agency), data)
    assert response.status_code == 302
    assert len(public_facts.pending_changes(seed_agency)) == 3
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (message,) = mail.outbox  # one message for the save, to every approver once
    assert sorted(message.to) == sorted([APPROVER_MAIL, "second@example.invalid"])
    assert "ชื่อหน่วยงาน" in message.subject and "ชื่อย่อ" in message.subject
    assert f"ชื่อหน่วยงาน: {old_name} → {NEW_NAME}" in message.body
    assert f"ชื่อย่อ: {old_short} → {NEW_SHORT}" in message.body
    assert f"ผลคะแนนปีก่อน {earlier.fiscal_year}: {earlier.total} → 91.50" in message.body
    assert message.body.count("เจ้าหน้าที่ ตัวอย่าง") == 1


def test_a_fact_whose_savepoint_rolled_back_is_left_out_of_the_saves_mail(
    seed_agency, demo, django_capture_on_commit_callbacks
):
    staff = demo.users["demo-staff"]
    with django_capture_on_commit_callbacks(execute=True), public_facts_mail.one_mail_per_save():
        public_facts.fact_propose(
            agency=seed_agency, fact=PublicFactChange.Fact.NAME, user=staff, text=NEW_NAME
        )
        with pytest.raises(RuntimeError), transaction.atomic():
            public_facts.fact_propose(
                agency=seed_agency, fact=PublicFactChange.Fact.SHORT_NAME, user=staff, text="ย่อ"
            )
            raise RuntimeError("a later step failed")
    (message,) = mail.outbox
    assert NEW_NAME in message.body and "ชื่อย่อ" not in message.body


def test_a_save_rolled_back_whole_mails_nobody(
    seed_agency, demo, django_capture_on_commit_callbacks
):
    staff = demo.users["demo-staff"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            with public_facts_mail.one_mail_per_save():
                for fact, text in (
                    (PublicFactChange.Fact.NAME, NEW_NAME),
                    (PublicFactChange.Fact.SHORT_NAME, "ย่อ"),
                ):
                    public_facts.fact_propose(agency=seed_agency, fact=fact, user=staff, text=text)
            raise RuntimeError("a later step failed")
    assert callbacks == [] and mail.outbox == []


def test_every_other_approver_with_an_address_is_mailed_and_nobody_else(
    approver_client, seed_agency, other_agency, django_capture_on_commit_callbacks
):
    person("second-approver", email="second@example.invalid", agency=seed_agency)
    person("no-address-approver", agency=seed_agency)
    gone = person("gone-approver", email="gone@example.invalid", agency=seed_agency)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    person("viewer", email="viewer@example.invalid", role=Role.VIEWER, agency=seed_agency)
    person("elsewhere", email="elsewhere@example.invalid", agency=other_agency)
    with django_capture_on_commit_callbacks(execute=True):
        assert rename_only(approver_client, seed_agency).status_code == 302
    # The proposing approver is not told of their own proposal.
    assert [m.to for m in mail.outbox] == [["second@example.invalid"]]
    assert "ผู้บริหาร ตัวอย่าง" in mail.outbox[0].body


def test_nothing_is_mailed_when_the_only_approver_proposed_it(
    approver_client, seed_agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert rename_only(approver_client, seed_agency).status_code == 302
    assert len(public_facts.pending_changes(seed_agency)) == 1
    assert mail.outbox == [] and callbacks == []


def test_a_removed_earlier_year_is_mailed_with_its_year_and_old_total(
    staff_client, seed_agency, django_capture_on_commit_callbacks
):
    earlier = EarlierResult.objects.filter(agency=seed_agency).first()
    data = form_of(staff_client, seed_agency)
    data[f"earlier_results-{earlier_rows(data)[earlier.fiscal_year]}-DELETE"] = ["on"]
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(agency_url(seed_agency), data).status_code == 302
    (message,) = mail.outbox
    assert f"ผลคะแนนปีก่อน {earlier.fiscal_year}: {earlier.total} → ลบปีนี้" in message.body


def test_a_refused_proposal_mails_nobody(
    staff_client, seed_agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = rename_only(staff_client, seed_agency, name="")
    assert response.status_code == 200  # the form again, with its error
    assert mail.outbox == []
    assert not PublicFactChange.objects.filter(agency=seed_agency).exists()


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    seed_agency, demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            public_facts.fact_propose(
                agency=seed_agency,
                fact=PublicFactChange.Fact.NAME,
                user=demo.users["demo-staff"],
                text=NEW_NAME,
            )
            raise RuntimeError("a later step failed")
    assert callbacks == [] and mail.outbox == []


# ---------------------------------------------------------------------------------------------
# A decision tells the proposer


@pytest.fixture
def proposed(staff_client, seed_agency, django_capture_on_commit_callbacks):
    """The staff member's new name, waiting; the approvers' mail already read."""
    with django_capture_on_commit_callbacks(execute=True):
        assert rename_only(staff_client, seed_agency).status_code == 302
    mail.outbox.clear()
    return seed_agency


def test_an_approval_mails_the_proposer(
    approver_client, proposed, django_capture_on_commit_callbacks
):
    old_name = proposed.name
    with django_capture_on_commit_callbacks(execute=True):
        (response,) = decide(approver_client, proposed, "approve")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[STAFF_MAIL]]
    message = mail.outbox[0]
    assert "อนุมัติ" in message.subject and "ไม่อนุมัติ" not in message.subject
    assert f"ชื่อหน่วยงาน: {old_name} → {NEW_NAME}" in message.body
    assert "ผู้บริหาร ตัวอย่าง" in message.body  # who decided
    assert f"{SITE}{facts_url(proposed)}" in message.body


def test_a_rejection_mails_the_proposer_with_the_reason(
    approver_client, proposed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (response,) = decide(approver_client, proposed, "reject", reason="ชื่อยังไม่ผ่านมติ")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [STAFF_MAIL]
    assert "ไม่อนุมัติ" in message.subject
    assert "เหตุผล: ชื่อยังไม่ผ่านมติ" in message.body


def test_decisions_taken_together_reach_the_proposer_in_one_mail(
    staff_client, seed_agency, demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rename_both = form_of(staff_client, seed_agency)
        rename_both["name"], rename_both["short_name"] = [NEW_NAME], [NEW_SHORT]
        assert staff_client.post(agency_url(seed_agency), rename_both).status_code == 302
    mail.outbox.clear()
    name, short = public_facts.pending_changes(seed_agency)
    approver = demo.users["demo-approver"]
    with django_capture_on_commit_callbacks(execute=True), public_facts_mail.one_mail_per_save():
        public_facts.fact_approve(change=name, user=approver)
        public_facts.fact_reject(change=short, user=approver, reason="ยังไม่ผ่านมติ")
    (message,) = mail.outbox
    assert message.to == [STAFF_MAIL]
    assert "อนุมัติ" in message.subject and "ไม่อนุมัติ" in message.subject
    assert f"→ {NEW_NAME}" in message.body and f"→ {NEW_SHORT}" in message.body
    assert "เหตุผล: ยังไม่ผ่านมติ" in message.body


def test_a_rejection_without_reason_is_refused_and_mails_nobody(
    approver_client, proposed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (response,) = decide(approver_client, proposed, "reject")
    assert response.status_code == 302
    assert len(public_facts.pending_changes(proposed)) == 1
    assert mail.outbox == []


def test_a_refused_decision_mails_nobody(
    staff_client, proposed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (response,) = decide(staff_client, proposed, "approve")
    assert response.status_code == 403
    assert mail.outbox == []


def test_a_proposer_without_an_address_is_not_mailed_the_decision(
    approver_client, seed_agency, django_capture_on_commit_callbacks
):
    staff = person("no-address-staff", role=Role.STAFF, agency=seed_agency)
    with django_capture_on_commit_callbacks(execute=True):
        assert rename_only(client_of(staff), seed_agency).status_code == 302
    assert [m.to for m in mail.outbox] == [[APPROVER_MAIL]]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        (response,) = decide(approver_client, seed_agency, "approve")
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and callbacks == []


# ---------------------------------------------------------------------------------------------
# The mail never fails the action


@pytest.fixture
def real_commits(transactional_db, demo, seed_agency):
    """A database that really commits, so on_commit runs inside the request."""
    return seed_agency


def test_with_the_mail_server_down_the_proposal_is_kept_and_the_failure_logged(
    real_commits, staff_client, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.actionplans.mailbackends.DownBackend"
    with caplog.at_level(logging.INFO, logger="assessments"):
        response = rename_only(staff_client, real_commits)
    assert response.status_code == 302
    (change,) = public_facts.pending_changes(real_commits)
    assert change.proposed_text == NEW_NAME
    failures = [r for r in caplog.records if r.getMessage().startswith("public fact mail failed")]
    assert len(failures) == 1
    assert f"fact_change={change.pk}" in failures[0].getMessage()
    assert APPROVER_MAIL in failures[0].getMessage()


def test_with_the_mail_server_down_the_decision_is_kept(
    real_commits, staff_client, approver_client, settings
):
    assert rename_only(staff_client, real_commits).status_code == 302
    settings.EMAIL_BACKEND = "tests.actionplans.mailbackends.DownBackend"
    (response,) = decide(approver_client, real_commits, "approve")
    assert response.status_code == 302
    real_commits.refresh_from_db()
    assert real_commits.name == NEW_NAME


def test_with_a_broker_the_mail_is_queued_after_commit(
    seed_agency, demo, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    queued = []
    monkeypatch.setattr(send_fact_mail, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change = public_facts.fact_propose(
            agency=seed_agency,
            fact=PublicFactChange.Fact.NAME,
            user=demo.users["demo-staff"],
            text=NEW_NAME,
        )
    assert queued == []
    for callback in callbacks:
        callback()
    (queued_mail,) = queued
    _subject, body, recipients, what = queued_mail
    assert recipients == [APPROVER_MAIL] and NEW_NAME in body
    assert f"fact_change={change.pk}" in what and "action=propose" in what
    assert mail.outbox == []


def test_with_the_broker_down_the_mail_is_sent_inline(
    seed_agency, demo, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"

    def broker_down(*args):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(send_fact_mail, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        public_facts.fact_propose(
            agency=seed_agency,
            fact=PublicFactChange.Fact.NAME,
            user=demo.users["demo-staff"],
            text=NEW_NAME,
        )
    assert [m.to for m in mail.outbox] == [[APPROVER_MAIL]]


def test_the_queued_task_retries_while_the_mail_server_is_down(settings):
    settings.EMAIL_BACKEND = "tests.actionplans.mailbackends.FlakyBackend"
    FlakyBackend.attempts = 0
    result = send_fact_mail.apply(args=("หัวเรื่อง", "เนื้อความ", ["a@example.invalid"], "test"))
    assert result.successful()
    assert FlakyBackend.attempts == 3
    assert [m.subject for m in mail.outbox] == ["หัวเรื่อง"]
