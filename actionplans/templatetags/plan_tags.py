"""Template filters of the plan pages: Thai dates (พ.ศ.), digits, baht and activities as printed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

from actionplans.models import PlanActivity
from actionplans.schedule import schedule_view
from actionplans.snapshots import unit_lines
from ita_portal.lib import thai

register = template.Library()


@register.filter
def thai_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return thai.thai_date(value)


@register.filter
def thai_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "-"
    local = timezone.localtime(value)
    return f"{thai.thai_date(local.date(), abbreviated=True)} {thai.to_thai_digits(local.strftime('%H:%M'))} น."


@register.filter
def thai_digits(value: object) -> str:
    return thai.to_thai_digits(value)


@register.filter
def baht(value: Decimal | None) -> str:
    return thai.baht(value, thai=True)


@register.filter
def activity_schedule(activity: PlanActivity) -> str:
    """An activity's schedule as the report prints it, or "-"."""
    view = schedule_view(
        activity.start_month,
        activity.start_year,
        activity.end_month,
        activity.end_year,
        activity.schedule_text,
        plan_year=activity.item.plan.plan_year,
        thai=True,
    )
    return view.text if view is not None else "-"


@register.filter
def activity_units(activity: PlanActivity) -> str:
    """Responsible units as the report prints them: the lead first."""
    lead = [activity.lead_unit.name] if activity.lead_unit is not None else []
    names = lead + [unit.name for unit in activity.units.all()]
    return ", ".join(unit_lines(names, all_units=activity.all_units, covers_all=False))
