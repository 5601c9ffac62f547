"""Next year's draft plan from this year's: rows and activities copied, workflow and follow-up reset.

The source is the latest approved version of last year's plan (the live plan when approved,
else the last approval's snapshot), or the plan as it is when it was never approved. Only the
content is copied: the new plan is a draft of version 1 with no transitions, changes or
progress reports. Month ranges move on by one year; a range that would leave the new plan's
fiscal year is dropped (the free-text schedule stays). Rows whose indicator number is not in
the new framework, and units that no longer exist, are left out and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import Assessment
from assessments.selectors import assessment_result
from indicators.scoring import IncompleteScores
from ita_portal.lib import thai
from ita_portal.lib.users import Person

from .models import ActionPlan, PlanItem, check_month_range_in_year
from .selectors import approved_snapshot
from .services import (
    ActivitySpec,
    _activity_add,
    actionplan_create,
    actionplan_weakness_rows_add,
)
from .snapshots import _activities_of_old_snapshot, plan_raw


@dataclass(frozen=True)
class PlanCarryOver:
    plan: ActionPlan
    rows_copied: int
    rows_left_out: int  # indicator not in the new framework
    weakness_rows: int  # proposed from the new year's weak indicators not already covered


def source_plan_raw(assessment: Assessment) -> dict[str, Any] | None:
    """The content to carry over: the latest approved version, else the plan as it is."""
    plan = ActionPlan.objects.filter(assessment=assessment).first()
    if plan is None:
        return None
    if plan.status != ActionPlan.Status.APPROVED:
        snapshot = approved_snapshot(plan)
        if snapshot is not None:
            return snapshot
    return plan_raw(plan)


def shift_year_text(text: str, source: Assessment, target: Assessment) -> str:
    """A title naming last year's assessed and plan years names the new ones (either digits)."""
    # The plan year first: the new assessed year is the old plan year.
    for old, new in (
        (source.plan_year, target.plan_year),
        (source.fiscal_year, target.fiscal_year),
    ):
        text = text.replace(str(old), str(new))
        text = text.replace(thai.to_thai_digits(old), thai.to_thai_digits(new))
    return text


def _shifted_range(activity: dict[str, Any], plan_year: int) -> dict[str, Any]:
    """The month range one year later, or none when it would leave the new plan's year."""
    if activity.get("start_year") is None:
        return {}
    shifted = {
        "start_month": activity["start_month"],
        "start_year": activity["start_year"] + 1,
        "end_month": activity["end_month"],
        "end_year": activity["end_year"] + 1,
    }
    try:
        check_month_range_in_year(plan_year, **shifted)
    except ValidationError:
        return {}
    if (shifted["start_year"], shifted["start_month"]) > (
        shifted["end_year"],
        shifted["end_month"],
    ):
        return {}
    return shifted


def _activity_spec(activity: dict[str, Any], plan_year: int, unit_names: set[str]) -> ActivitySpec:
    budget = activity.get("budget")
    return ActivitySpec(
        text=activity["text"],
        schedule_text=activity.get("schedule_text") or "",
        target=tuple(activity.get("target") or ()),
        unit_names=tuple(n for n in activity.get("units") or () if n in unit_names),
        all_units=bool(activity.get("all_units")),
        budget=None if budget is None else Decimal(budget),
        **_shifted_range(activity, plan_year),
    )


def _copy_rows(plan: ActionPlan, raw: dict[str, Any]) -> tuple[set[int], int]:
    """Copy the rows whose indicator the new framework has: (indicator numbers, rows copied)."""
    indicators = {i.number: i for i in plan.assessment.framework.indicators.all()}
    unit_names = set(plan.assessment.agency.units.values_list("name", flat=True))
    copied: set[int] = set()
    rows = 0
    for item in raw["items"]:
        indicator = indicators.get(item["indicator_number"])
        if indicator is None:
            continue
        row = PlanItem(
            plan=plan,
            indicator=indicator,
            order=item["order"],
            assessment_issues="\n".join(item["assessment_issues"]),
        )
        row.full_clean()
        row.save()
        copied.add(indicator.number)
        rows += 1
        activities = (
            item["activities"] if "target" not in item else _activities_of_old_snapshot(item)
        )
        for position, activity in enumerate(activities, start=1):
            spec = _activity_spec(activity, plan.plan_year, unit_names)
            _activity_add(plan=plan, item=row, order=position, spec=spec)
    return copied, rows


def _weak_numbers(assessment: Assessment) -> set[int]:
    try:
        return set(assessment_result(assessment).weaknesses)
    except IncompleteScores:
        # A new year has no scores yet: its weaknesses are proposed once they are entered.
        return set()


@transaction.atomic
def actionplan_carry_over(
    *, source: Assessment, target: Assessment, user: Person
) -> PlanCarryOver | None:
    """A draft plan for target from source's plan; None (nothing touched) when target has a plan."""
    if ActionPlan.objects.filter(assessment=target).exists():
        return None
    raw = source_plan_raw(source)
    title = f"แนวทางการนำผลการประเมินไปสู่การปฏิบัติ ปีงบประมาณ พ.ศ. {target.plan_year}"
    introduction = ""
    if raw is not None:
        title = shift_year_text(raw["title"], source, target) or title
        introduction = raw["introduction"]
    plan = actionplan_create(assessment=target, user=user, title=title, introduction=introduction)
    copied: set[int] = set()
    rows = 0
    total = 0
    if raw is not None:
        copied, rows = _copy_rows(plan, raw)
        total = len(raw["items"])
    weak = sorted(_weak_numbers(target) - copied)
    added = len(actionplan_weakness_rows_add(plan=plan, assessment=target, numbers=weak))
    return PlanCarryOver(
        plan=plan, rows_copied=rows, rows_left_out=total - rows, weakness_rows=added
    )
