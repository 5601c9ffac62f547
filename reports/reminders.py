"""Reminder e-mails: a Thai digest per user of the due dates coming up and passed.

Each member of an agency (with an e-mail address) gets at most one digest a day
(ReminderSent, unique per user and day), and an item (a step's due date, before or after it
passed) is named to a user once: running the command twice sends nothing new.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from assessments import access
from assessments.models import Assessment, Membership
from indicators.models import CALENDAR_FIELDS
from ita_portal.lib.events import log_event
from ita_portal.lib.mail import absolute_url, deliver
from ita_portal.lib.thai import thai_date, to_thai_digits
from ita_portal.lib.users import Person, display_name
from oit.selectors import LinkRow

from .deadlines import deadlines_for
from .models import ReminderSent
from .unit_reminders import Nudge, UnitReminder, nudge_lines, nudges, unit_recipients, units_lines
from .workspace import DueItem, Viewer, workspace

logger = logging.getLogger(__name__)

SUBJECT = "ITA: งานที่ใกล้ถึงกำหนดและเลยกำหนด ({count} รายการ)"
GREETING = "เรียน {name}"
INTRO = "รายการต่อไปนี้ของหน่วยงานของท่านใกล้ถึงกำหนดหรือเลยกำหนดแล้ว"
MAX_LINKS_LISTED = 10
CLOSING = "อีเมลนี้ส่งโดยระบบรายงานผลการประเมิน ITA (ไม่เกินวันละหนึ่งฉบับ)"
# Every step is read as if by an approver: a reminder names the agency's work, not one role's.
AGENCY_VIEW = Viewer(can_edit=True, can_approve=True)


@dataclass(frozen=True)
class Reminder:
    assessment: Assessment
    item: DueItem
    # The assessment's broken or slow evidence links, as its workspace read them.
    link_problems: tuple[tuple[str, LinkRow], ...] = ()

    @property
    def key(self) -> str:
        phase = "overdue" if self.item.overdue else "due"
        return f"{self.assessment.pk}:{self.item.key}:{self.item.due.isoformat()}:{phase}"


def _with_dates():
    """Assessments with a due date of their own or of their year."""
    any_date = Q()
    for name in CALENDAR_FIELDS:
        any_date |= Q(**{f"{name}__isnull": False}) | Q(**{f"framework__{name}__isnull": False})
    any_date |= Q(framework__oit_due_date__isnull=False)
    return Assessment.objects.filter(any_date).select_related("agency", "framework")


def due_reminders(*, today: dt.date) -> list[Reminder]:
    """Items within the year's reminder window (remind_days_before) or passed, not done."""
    reminders = []
    for assessment in _with_dates():
        space = workspace(
            assessment, viewer=AGENCY_VIEW, today=today, deadlines=deadlines_for(assessment)
        )
        window = assessment.framework.remind_days_before
        reminders += [
            Reminder(assessment, i, space.link_problems)
            for i in space.due_items
            if i.days_left <= window
        ]
    return reminders


def _when(item: DueItem) -> str:
    if item.overdue:
        return f"เลยกำหนดมาแล้ว {to_thai_digits(-item.days_left)} วัน"
    if item.days_left == 0:
        return "ครบกำหนดวันนี้"
    return f"อีก {to_thai_digits(item.days_left)} วัน"


def _broken_link_lines(problems: tuple[tuple[str, LinkRow], ...]) -> list[str]:
    """The evidence links the checker found broken or slow, before the OIT window closes."""
    if not problems:
        return []
    lines = [f"  ลิงก์หลักฐานที่เสียหรือช้า {to_thai_digits(len(problems))} ลิงก์:"]
    for code, link in problems[:MAX_LINKS_LISTED]:
        lines.append(f"    {code} {link.url} ({link.message})")
    if len(problems) > MAX_LINKS_LISTED:
        lines.append(f"    และอีก {to_thai_digits(len(problems) - MAX_LINKS_LISTED)} ลิงก์")
    return lines


def _own_lines(reminders: list[Reminder], nudged: tuple[Nudge, ...]) -> list[str]:
    """The user's own agencies' items (and the nudges about them), grouped by assessment."""
    by_assessment: dict[Assessment, list[DueItem]] = defaultdict(list)
    problems: dict[Assessment, tuple[tuple[str, LinkRow], ...]] = {}
    for reminder in reminders:
        by_assessment[reminder.assessment].append(reminder.item)
        problems[reminder.assessment] = reminder.link_problems
    for nudge in nudged:
        by_assessment.setdefault(nudge.reminder.assessment, [])
    lines = [INTRO, ""] if by_assessment else []
    for assessment, items in by_assessment.items():
        year = to_thai_digits(assessment.fiscal_year)
        lines.append(f"{assessment.agency.name} ปีงบประมาณ พ.ศ. {year}")
        for item in items:
            lines.append(f"- {item.title}: กำหนด {thai_date(item.due)} ({_when(item)})")
            if item.url:
                lines.append(f"  {absolute_url(item.url)}")
            if item.key == "oit":
                lines += _broken_link_lines(problems[assessment])
        lines += nudge_lines(nudged, assessment.pk)
        query = f"?agency={assessment.agency_id}&year={assessment.fiscal_year}"
        lines += [f"  ดูงานทั้งหมดของปี: {absolute_url(reverse('workspace:index') + query)}", ""]
    return lines


def digest_body(
    user: Person,
    reminders: list[Reminder],
    *,
    units: tuple[UnitReminder, ...] = (),
    nudged: tuple[Nudge, ...] = (),
) -> str:
    """The Thai text of one digest: the user's own agencies' items grouped by assessment, then
    the overdue units under the agencies the user supervises; every link absolute."""
    name = display_name(user)
    lines = [GREETING.format(name=name), ""]
    lines += _own_lines(reminders, nudged)
    lines += units_lines(units)
    lines.append(CLOSING)
    return "\n".join(lines)


@dataclass
class Digest:
    """What one user's digest names: own items, supervised units' overdue items, nudges."""

    own: list[Reminder] = field(default_factory=list)
    units: list[UnitReminder] = field(default_factory=list)
    nudged: list[Nudge] = field(default_factory=list)

    def keys(self) -> list[str]:
        return (
            [r.key for r in self.own] + [u.key for u in self.units] + [n.key for n in self.nudged]
        )

    def without(self, named: set[str]) -> Digest:
        """The digest less what was named to the user before (and a unit item that is also the
        user's own, named once as their own)."""
        own = [r for r in self.own if r.key not in named]
        mine = {r.key for r in self.own}
        units = [u for u in self.units if u.key not in named and u.reminder.key not in mine]
        return Digest(own, units, [n for n in self.nudged if n.key not in named])


def _recipients(reminders: list[Reminder]) -> dict[Any, Digest]:
    agencies: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        agencies[reminder.assessment.agency_id].append(reminder)
    to_nudge = nudges(reminders)
    per_user: dict[Any, Digest] = defaultdict(Digest)
    # The agency's own people; a supervisor of it follows its units, not its own work.
    members = Membership.objects.filter(
        agency_id__in=agencies, role__in=access.VIEW_ROLES, user__is_active=True
    ).exclude(user__email="")
    for membership in members.select_related("user"):
        per_user[membership.user].own += agencies[membership.agency_id]
        per_user[membership.user].nudged += to_nudge.get(membership.agency_id, [])
    for user, items in unit_recipients(reminders).items():
        per_user[user].units += items
    return per_user


def _already_named(user: Person) -> set[str]:
    return {
        key
        for items in ReminderSent.objects.filter(user=user).values_list("items", flat=True)
        for key in items
    }


def _send_one(user: Person, digest: Digest, today: dt.date) -> bool:
    """Record then send, in one transaction: a failed send leaves no record (tried again later);
    a second run the same day finds the record and sends nothing."""
    new = digest.without(_already_named(user))
    keys = new.keys()
    if not keys:
        return False
    body = digest_body(user, new.own, units=tuple(new.units), nudged=tuple(new.nudged))
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user=user, sent_on=today, items=keys)
            deliver(SUBJECT.format(count=to_thai_digits(len(keys))), body, [user.email])
    except IntegrityError:
        return False  # already sent today
    log_event(logger, "reminders.sent", user=user, items=len(keys), units=len(new.units))
    return True


def send_reminders(*, today: dt.date) -> int:
    """Send today's digests; the number of users e-mailed."""
    sent = 0
    for user, digest in _recipients(due_reminders(today=today)).items():
        try:
            sent += _send_one(user, digest, today)
        except Exception:
            logger.exception("reminder not sent to user=%s", user.pk)
    return sent
