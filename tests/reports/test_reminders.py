"""Reminder digests: before and after due dates, one per user per day, never the same item twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from reports import reminders
from reports.models import ReminderSent

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def calendar(seed_assessment, settings):
    """The seed agency's own publication date, 5 days ahead (the year's calendar left blank)."""
    settings.SITE_URL = "https://ita.example.go.th"
    framework = seed_assessment.framework
    framework.remind_days_before = 7
    framework.save()
    seed_assessment.publication_due = TODAY + dt.timedelta(days=5)
    seed_assessment.save()
    return seed_assessment


def seed_members(seed_agency):
    """The agency's own people (a supervisor of it follows its units, not its work)."""
    from assessments.access import VIEW_ROLES

    members = seed_agency.memberships.filter(role__in=VIEW_ROLES).select_related("user")
    return sorted(m.user.email for m in members)


def test_a_digest_goes_to_every_member_before_a_due_date_with_absolute_links(
    calendar, seed_agency, seed_assessment
):
    assert reminders.send_reminders(today=TODAY) == 2
    assert sorted(m.to[0] for m in mail.outbox) == seed_members(seed_agency)
    message = mail.outbox[0]
    assert "ITA: งานที่ใกล้ถึงกำหนดและเลยกำหนด (๑ รายการ)" == message.subject
    assert "เผยแพร่รายงาน: กำหนด ๓๐ พฤศจิกายน ๒๕๖๙ (อีก ๕ วัน)" in message.body
    links = [line.strip() for line in message.body.splitlines() if "://" in line]
    assert links and all(
        link.split(" ")[-1].startswith("https://ita.example.go.th/") for link in links
    )
    assert f"/admin/?agency={seed_agency.pk}&year={seed_assessment.fiscal_year}" in message.body


def test_nothing_is_sent_outside_the_window(calendar):
    calendar.publication_due = TODAY + dt.timedelta(days=8)
    calendar.save()
    assert reminders.send_reminders(today=TODAY) == 0
    assert mail.outbox == []


def test_overdue_items_say_so(calendar):
    calendar.publication_due = TODAY - dt.timedelta(days=3)
    calendar.save()
    reminders.send_reminders(today=TODAY)
    assert "(เลยกำหนดมาแล้ว ๓ วัน)" in mail.outbox[0].body


def test_one_digest_per_user_per_day_and_nothing_sent_twice(calendar, seed_assessment):
    reminders.send_reminders(today=TODAY)
    assert len(mail.outbox) == 2
    # The same day again, even with a new item: nothing (the new item waits for tomorrow).
    calendar.analysis_due = TODAY + dt.timedelta(days=1)
    calendar.save()
    from assessments.models import IndicatorScore

    # An analysis missing, so the step is not done and its date is an item.
    IndicatorScore.objects.filter(assessment=calendar).update(narrative="")
    assert reminders.send_reminders(today=TODAY) == 0
    assert len(mail.outbox) == 2
    # The next day: only the item not named before.
    tomorrow = TODAY + dt.timedelta(days=1)
    assert reminders.send_reminders(today=tomorrow) == 2
    body = mail.outbox[-1].body
    assert "เขียนผลการวิเคราะห์จุดที่ต้องพัฒนา: กำหนด ๒๖ พฤศจิกายน ๒๕๖๙ (ครบกำหนดวันนี้)" in body
    assert "เผยแพร่รายงาน" not in body
    # Once passed, the item is named once more, as overdue; then never again.
    assert reminders.send_reminders(today=tomorrow + dt.timedelta(days=1)) == 2
    assert "(เลยกำหนดมาแล้ว ๑ วัน)" in mail.outbox[-1].body
    assert "เผยแพร่รายงาน" not in mail.outbox[-1].body
    assert reminders.send_reminders(today=tomorrow + dt.timedelta(days=2)) == 0
    assert ReminderSent.objects.count() == 6


def test_the_years_date_reaches_every_agency_and_an_agencys_own_date_wins(
    calendar, seed_assessment, other_agency
):
    framework = seed_assessment.framework
    framework.publication_due = TODAY + dt.timedelta(days=2)
    framework.save()
    seed_assessment.publication_due = TODAY + dt.timedelta(days=30)
    seed_assessment.save()
    # Every other agency of the year is reminded (the demo schools too), the seed agency not.
    sent = reminders.send_reminders(today=TODAY)
    recipients = {m.to[0] for m in mail.outbox}
    assert sent == len(recipients)
    assert {m.user.email for m in other_agency.memberships.all()} <= recipients
    assert recipients.isdisjoint(seed_members(seed_assessment.agency))


def test_a_failed_send_records_nothing_and_is_tried_again(calendar, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "deliver", broken)
    assert reminders.send_reminders(today=TODAY) == 0
    assert ReminderSent.objects.count() == 0
    monkeypatch.undo()
    assert reminders.send_reminders(today=TODAY) == 2


def test_the_command_sends_and_says_how_many(calendar, capsys):
    call_command("send_reminders")
    # Today's real date decides the window; the command's own sentence is Thai.
    assert "ส่งอีเมลแจ้งเตือนแล้ว" in capsys.readouterr().out


def test_the_beat_schedule_names_the_task(settings):
    from reports import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
    assert entry["task"] == "reports.tasks.send_reminders"
    assert callable(tasks.send_reminders)


def test_broken_evidence_links_block_the_oit_step_and_are_listed_in_the_digest(
    calendar, seed_assessment
):
    from django.utils import timezone

    from indicators.models import OITItem
    from oit.models import Evidence, EvidenceLink, LinkCheck, url_digest
    from reports.reminders import AGENCY_VIEW
    from reports.workspace import BLOCKER_BROKEN_LINKS, workspace

    framework = seed_assessment.framework
    framework.oit_due_date = TODAY + dt.timedelta(days=3)
    framework.save()
    item = OITItem.objects.filter(framework=framework, retired=False).order_by("order").first()
    evidence = Evidence.objects.create(assessment=seed_assessment, item=item, state="ready")
    url = "https://www.example.invalid/structure"
    EvidenceLink.objects.create(evidence=evidence, url=url)
    LinkCheck.objects.create(
        url=url,
        url_hash=url_digest(url),
        ok=False,
        message="ไม่พบหน้า (404)",
        status_code=404,
        checked_at=timezone.now(),
    )
    steps = {s.key: s for s in workspace(seed_assessment, viewer=AGENCY_VIEW, today=TODAY).steps}
    assert steps["oit"].blocker == BLOCKER_BROKEN_LINKS.format(count=1)
    reminders.send_reminders(today=TODAY)
    bodies = [m.body for m in mail.outbox if seed_assessment.agency.name in m.body]
    assert len(bodies) == 2  # staff and approver of the seed agency
    body = bodies[0]
    assert "ลิงก์หลักฐานที่เสียหรือช้า ๑ ลิงก์:" in body
    assert f"{item.code} {url} (ไม่พบหน้า (404))" in body


def test_a_supervisor_of_the_agency_gets_no_digest_of_its_own_work(calendar, seed_agency):
    """The supervisor follows the agency's units; the agency's own due dates are its staff's."""
    from django.contrib.auth import get_user_model

    from assessments.models import Role
    from assessments.services import membership_grant

    supervisor = get_user_model().objects.create_user("sup", email="sup@example.invalid")
    membership_grant(user=supervisor, agency=seed_agency, role=Role.SUPERVISOR)
    reminders.send_reminders(today=TODAY)
    assert mail.outbox and "sup@example.invalid" not in [m.to[0] for m in mail.outbox]
