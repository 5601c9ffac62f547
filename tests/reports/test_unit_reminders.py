"""The supervisor's digest: the overdue units under them, once; and the optional nudge to a
unit's staff (Membership.nudge_units, off by default), once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from assessments import access
from assessments.hierarchy import agency_move
from assessments.models import Agency, Membership, Role
from reports import reminders, unit_reminders
from tests.supervision.factories import make_member

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def tree(seed_agency, seed_assessment, settings):
    """The seed agency under an ESA under OBEC, its publication 3 days overdue; a supervisor
    of the ESA and one of a sibling ESA."""
    settings.SITE_URL = "https://ita.example.go.th"
    obec = Agency.objects.create(code="obec-r", name="สพฐ. (ทดสอบ)")
    esa = Agency.objects.create(code="esa-r", name="สพป. ทดสอบ เขต ๑", parent=obec)
    sibling = Agency.objects.create(code="esa-r2", name="สพป. ทดสอบ เขต ๒", parent=obec)
    agency_move(agency=seed_agency, new_parent=esa, user=None)
    seed_assessment.publication_due = TODAY - dt.timedelta(days=3)
    seed_assessment.save()
    supervisor = make_member("esa-supervisor", esa, Role.SUPERVISOR)
    make_member("sibling-supervisor", sibling, Role.SUPERVISOR)
    return esa, supervisor


def mails_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def test_the_supervisor_gets_one_digest_of_the_overdue_units_and_nothing_twice(tree, seed_agency):
    esa, supervisor = tree
    reminders.send_reminders(today=TODAY)
    [message] = mails_to(supervisor)
    assert unit_reminders.UNITS_HEADING.format(agency=esa.name, count="๑") in message.body
    assert f"- {seed_agency.name} ปีงบประมาณ" in message.body
    assert "เผยแพร่รายงาน: กำหนด ๒๒ พฤศจิกายน ๒๕๖๙ (เลยกำหนดมาแล้ว ๓ วัน)" in message.body
    # Neither the supervisor of the sibling ESA, nor anybody at OBEC, nor a supervisor of the
    # unit itself (demo-supervisor follows the seed agency's schools, not its own work) hears of it.
    own = seed_agency.memberships.filter(role__in=access.VIEW_ROLES).select_related("user")
    assert {m.to[0] for m in mail.outbox} == {*(m.user.email for m in own), supervisor.email}
    # A second run the same day, and the next day: the unit's item is not named again.
    reminders.send_reminders(today=TODAY)
    reminders.send_reminders(today=TODAY + dt.timedelta(days=1))
    assert len(mails_to(supervisor)) == 1


def test_a_unit_not_yet_overdue_is_not_in_the_supervisors_digest(tree, seed_assessment):
    _, supervisor = tree
    seed_assessment.publication_due = TODAY + dt.timedelta(days=2)
    seed_assessment.save()
    seed_assessment.framework.remind_days_before = 7
    seed_assessment.framework.save()
    reminders.send_reminders(today=TODAY)
    assert mails_to(supervisor) == []
    assert mail.outbox  # the unit's own people are reminded


def test_a_supervisor_above_the_esa_also_follows_its_schools(tree, seed_agency):
    esa, _ = tree
    top = make_member("obec-supervisor", esa.parent, Role.SUPERVISOR)
    reminders.send_reminders(today=TODAY)
    [message] = mails_to(top)
    assert unit_reminders.UNITS_HEADING.format(agency=esa.parent.name, count="๑") in message.body


def test_no_nudge_by_default_and_one_nudge_to_the_units_staff_when_chosen(tree, demo):
    esa, supervisor = tree
    staff = demo.users["demo-staff"]
    nudge = unit_reminders.NUDGE_LINE.format(supervisor=esa.name)
    reminders.send_reminders(today=TODAY)
    assert nudge not in mails_to(staff)[0].body
    # Turned on the next day: the staff hear of it once, though the item was named before.
    Membership.objects.filter(user=supervisor).update(nudge_units=True)
    reminders.send_reminders(today=TODAY + dt.timedelta(days=1))
    later = mails_to(staff)
    assert len(later) == 2 and nudge in later[1].body
    reminders.send_reminders(today=TODAY + dt.timedelta(days=2))
    assert len(mails_to(staff)) == 2


def test_the_send_reminders_command_sends_the_supervisors_digest(tree):
    _, supervisor = tree
    call_command("send_reminders")  # today: the item is overdue by then as well
    assert len(mails_to(supervisor)) == 1
