"""The supervisor's part of the reminder digest: the overdue units under the agencies a user
supervises, and (a supervisor's choice, Membership.nudge_units) a nudge to those units' staff.

Read from the same due items as every digest (reports.reminders.due_reminders, the year's
calendar of reports.deadlines) and sent in the same one digest a day, with the same record of
what was named (ReminderSent): a unit's overdue item is named to a supervisor once, a nudge to a
unit's staff member once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse

from assessments import access
from assessments.hierarchy import lies_below
from assessments.models import Agency, Membership
from ita_portal.lib.mail import absolute_url
from ita_portal.lib.thai import thai_date, to_thai_digits

if TYPE_CHECKING:
    from .reminders import Reminder

UNITS_HEADING = "หน่วยงานในสังกัดของ{agency}ที่มีงานเลยกำหนด ({count} หน่วยงาน)"
UNITS_CONSOLE = "  ดูภาพรวมของหน่วยงานในสังกัด: {url}"
NUDGE_LINE = "  {supervisor} (หน่วยงานต้นสังกัด) ติดตามงานที่เลยกำหนดนี้ด้วย"
UNIT_LINE = "  - {item}: กำหนด {due} (เลยกำหนดมาแล้ว {days} วัน)"


@dataclass(frozen=True)
class UnitReminder:
    """A unit's overdue item, named to a supervisor of an agency above the unit."""

    supervised: Agency
    reminder: Reminder

    @property
    def key(self) -> str:
        return f"unit:{self.reminder.key}"


@dataclass(frozen=True)
class Nudge:
    """A note to a unit's staff that a supervising agency follows the unit's overdue item."""

    supervisor: Agency
    reminder: Reminder

    @property
    def key(self) -> str:
        return f"nudge:{self.supervisor.pk}:{self.reminder.key}"


def _units_of(membership: Membership, overdue: Sequence[Reminder]) -> list[Reminder]:
    """The overdue items of the agencies below the membership's agency (at any depth)."""
    return [r for r in overdue if lies_below(r.assessment.agency, {membership.agency_id})]


def _supervisions() -> list[Membership]:
    return list(
        Membership.objects.filter(role__in=access.SUPERVISE_ROLES, user__is_active=True)
        .select_related("user", "agency")
        .order_by("agency__name", "pk")
    )


def unit_recipients(reminders: Iterable[Reminder]) -> dict[Any, list[UnitReminder]]:
    """User → the overdue items of the units under the agencies they supervise (with e-mail)."""
    overdue = [r for r in reminders if r.item.overdue]
    per_user: dict[Any, list[UnitReminder]] = defaultdict(list)
    if not overdue:
        return per_user
    for membership in _supervisions():
        if membership.user.email:
            per_user[membership.user] += [
                UnitReminder(membership.agency, r) for r in _units_of(membership, overdue)
            ]
    return {user: items for user, items in per_user.items() if items}


def nudges(reminders: Iterable[Reminder]) -> dict[int, list[Nudge]]:
    """Unit agency id → the nudges its staff get, from the supervisors who chose to nudge."""
    overdue = [r for r in reminders if r.item.overdue]
    found: dict[int, list[Nudge]] = defaultdict(list)
    if not overdue:
        return found
    for membership in _supervisions():
        if membership.nudge_units:
            for r in _units_of(membership, overdue):
                found[r.assessment.agency_id].append(Nudge(membership.agency, r))
    return found


def _console_url(supervised: Agency, year: int) -> str:
    try:
        return absolute_url(
            reverse("supervision:console", kwargs={"code": supervised.code, "year": year})
        )
    except NoReverseMatch:  # the console's URLs not installed: the digest still goes out
        return ""


def units_lines(items: Sequence[UnitReminder]) -> list[str]:
    """The digest's part on the supervised units: per supervised agency, unit by unit."""
    by_supervised: dict[Agency, list[Reminder]] = defaultdict(list)
    for item in items:
        by_supervised[item.supervised].append(item.reminder)
    lines: list[str] = []
    for supervised, reminders in by_supervised.items():
        units = {r.assessment.agency_id for r in reminders}
        lines.append(UNITS_HEADING.format(agency=supervised.name, count=to_thai_digits(len(units))))
        lines += _unit_item_lines(reminders)
        url = _console_url(supervised, reminders[0].assessment.fiscal_year)
        lines += [UNITS_CONSOLE.format(url=url)] if url else []
        lines.append("")
    return lines


def _unit_item_lines(reminders: Sequence[Reminder]) -> list[str]:
    by_unit: dict[int, list[Reminder]] = defaultdict(list)
    for r in reminders:
        by_unit[r.assessment.pk].append(r)
    lines = []
    for group in sorted(by_unit.values(), key=lambda g: g[0].assessment.agency.name):
        assessment = group[0].assessment
        year = to_thai_digits(assessment.fiscal_year)
        lines.append(f"- {assessment.agency.name} ปีงบประมาณ พ.ศ. {year}")
        lines += [
            UNIT_LINE.format(
                item=r.item.title,
                due=thai_date(r.item.due),
                days=to_thai_digits(-r.item.days_left),
            )
            for r in group
        ]
    return lines


def nudge_lines(items: Sequence[Nudge], assessment_id: int) -> list[str]:
    """The nudges of one assessment's part of a staff member's digest."""
    names = dict.fromkeys(
        n.supervisor.name for n in items if n.reminder.assessment.pk == assessment_id
    )
    return [NUDGE_LINE.format(supervisor=name) for name in names]
